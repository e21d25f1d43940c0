import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { TerminalError } from "~/jobs/errors";
import { unauthenticated } from "~/shopify.server";
import { createGateway } from "~/shopify/gateway.server";
import type { OpenOrdersSource } from "./full-reconcile.server";
import type { StoreGateway } from "./store";

/** The store of a shop, through its offline token (refreshed when it expires). */
export async function gatewayFor(shop: string): Promise<StoreGateway & OpenOrdersSource> {
  try {
    const { session } = await unauthenticated.admin(shop);
    return createGateway({ shop, accessToken: session.accessToken! });
  } catch (error) {
    if (error instanceof SessionNotFoundError) throw new TerminalError(`${shop} has no offline session: the app is not installed`);
    throw error;
  }
}

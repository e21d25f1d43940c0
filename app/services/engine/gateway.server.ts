import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { NotInstalledError } from "~/jobs/errors";
import { unauthenticated } from "~/shopify.server";
import { createGateway } from "~/shopify/gateway.server";
import type { OpenOrdersSource } from "./full-reconcile.server";
import type { StoreGateway } from "./store";

/** The shop's offline access token, refreshed when it has expired. */
export async function offlineAccessToken(shop: string): Promise<string> {
  try {
    const { session } = await unauthenticated.admin(shop);
    return session.accessToken!;
  } catch (error) {
    if (error instanceof SessionNotFoundError) throw new NotInstalledError(`${shop} has no offline session: the app is not installed`);
    throw error;
  }
}

/** The store of a shop, through its offline token. */
export async function gatewayFor(shop: string): Promise<StoreGateway & OpenOrdersSource> {
  return createGateway({ shop, accessToken: await offlineAccessToken(shop) });
}

import type { Db } from "~/db/client.server";

/** Tagging orders and writing their metafield, refunds and cancellations. */
export const ORDER_WRITE_SCOPE = "write_orders";
/** Removing the lines a customer cancels from their order (order editing). */
export const ORDER_EDIT_SCOPE = "write_order_edits";
/** Shopify asks it of an app that configures an app proxy (the customers' status page). */
export const APP_PROXY_SCOPE = "write_app_proxy";
/**
 * Scopes the app asked for after its first installs: shops that installed
 * before lack them until the merchant grants them, and are asked for all
 * they lack at once (one permission dialog, one app/scopes_update).
 */
export const LATER_SCOPES = [ORDER_WRITE_SCOPE, ORDER_EDIT_SCOPE, APP_PROXY_SCOPE] as const;

/**
 * The scopes the shop granted the app, as its offline session says (the
 * token exchange stores the scopes Shopify granted, and app/scopes_update
 * keeps them current).
 */
async function grantedScopes(db: Db, shop: string): Promise<string[]> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, select: { scope: true } });
  return (session?.scope ?? "").split(",").map((granted) => granted.trim());
}

/** Whether the shop granted the app this scope. A write scope implies its read scope, never the reverse. */
export async function hasScope(db: Db, shop: string, scope: string): Promise<boolean> {
  return (await grantedScopes(db, shop)).includes(scope);
}

/** The later scopes the shop has not granted yet, to ask the merchant for together. */
export async function missingScopes(db: Db, shop: string): Promise<string[]> {
  const granted = await grantedScopes(db, shop);
  return LATER_SCOPES.filter((scope) => !granted.includes(scope));
}

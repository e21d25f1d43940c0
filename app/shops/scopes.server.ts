import type { Db } from "~/db/client.server";

/** Tagging orders and writing their metafield; shops that installed before the app asked for it lack it until the merchant grants it. */
export const ORDER_WRITE_SCOPE = "write_orders";

/**
 * Whether the shop granted the app this scope, as its offline session says
 * (the token exchange stores the scopes Shopify granted, and app/scopes_update
 * keeps them current). A write scope implies its read scope, never the reverse.
 */
export async function hasScope(db: Db, shop: string, scope: string): Promise<boolean> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, select: { scope: true } });
  return (session?.scope ?? "").split(",").some((granted) => granted.trim() === scope);
}

import type { Db } from "~/db/client.server";
import type { Gateway } from "~/shopify/gateway.server";

export const SHOP_SYNC_JOB = "shop.sync";

/** Stores the shop's name, email, currency, time zone and storefront address as the store has them. */
export async function syncShopDetails(db: Db, gateway: Pick<Gateway, "shopDetails">, shop: string) {
  const { name, email, currencyCode, ianaTimezone, storefrontUrl } = await gateway.shopDetails();
  await db.shop.update({ where: { shop }, data: { name, email, currencyCode, ianaTimezone, storefrontUrl } });
}

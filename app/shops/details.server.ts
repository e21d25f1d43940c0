import type { Db } from "~/db/client.server";
import type { Gateway } from "~/shopify/gateway.server";

export const SHOP_SYNC_JOB = "shop.sync";

/** Stores the shop's name, currency and time zone as the store has them. */
export async function syncShopDetails(db: Db, gateway: Pick<Gateway, "shopDetails">, shop: string) {
  const { name, currencyCode, ianaTimezone } = await gateway.shopDetails();
  await db.shop.update({ where: { shop }, data: { name, currencyCode, ianaTimezone } });
}

import type { Db } from "~/db/client.server";
import { enqueue } from "~/jobs/queue.server";
import { offlineAccessToken } from "~/services/engine/gateway.server";
import { requestReconcile } from "~/services/engine/jobs.server";
import { adminClient } from "~/shopify/admin-client.server";
import type { ShopDetailsQuery } from "~/shopify/generated/admin.types";
import { SHOP_DETAILS } from "~/shopify/operations/shop-details";

export const SHOP_SYNC_JOB = "shop.sync";

/** Records an installation; jobs then fetch the shop's details and rebuild its backorders from the store. */
export async function recordInstallation(db: Db, shop: string) {
  await db.$transaction(async (tx) => {
    await tx.shop.upsert({ where: { shop }, create: { shop }, update: { uninstalledAt: null } });
    await enqueue(tx, { shop, name: SHOP_SYNC_JOB, payload: {} });
    await requestReconcile(tx, shop, true);
  });
}

/** Fetches the shop's name, currency and time zone with its offline token. */
export async function syncShopDetails(db: Db, shop: string) {
  const { shop: details } = await adminClient(shop, await offlineAccessToken(shop)).request<ShopDetailsQuery>(SHOP_DETAILS);
  await db.shop.update({
    where: { shop },
    data: { name: details.name, currencyCode: details.currencyCode, ianaTimezone: details.ianaTimezone },
  });
}

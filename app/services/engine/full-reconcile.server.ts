import type { Db } from "~/db/client.server";
import { markDirty, refreshLevels, rememberVariants, stockKeys, storeOrder, uniqueKeys } from "./ingest.server";
import { reconcileShop } from "./reconcile.server";
import type { Gateway } from "~/shopify/gateway.server";
import type { StoreGateway } from "./store";

export type OpenOrdersSource = Pick<Gateway, "openOrders">;

/**
 * Rebuilds the shop's facts from the store itself, then reconciles: what a
 * missed webhook left behind is repaired here. Runs on install and on a
 * schedule.
 */
export async function fullReconcile(db: Db, gateway: StoreGateway & OpenOrdersSource, shop: string, now = new Date()) {
  const seen = new Set<string>();
  const keys: Array<{ inventoryItemId: string; locationId: string }> = [];
  // Before the first page: each page's read began after this.
  const readFrom = new Date();
  for await (const snapshot of gateway.openOrders()) {
    seen.add(snapshot.orderId);
    await storeOrder(db, shop, snapshot, readFrom);
    await rememberVariants(db, shop, snapshot.fulfillmentOrders.flatMap((fo) => fo.lines), readFrom);
    keys.push(...stockKeys(snapshot.fulfillmentOrders));
  }
  // Orders the app thought open that the store no longer lists as open.
  const stale = await db.orderSnapshot.findMany({ where: { shop, open: true, orderId: { notIn: [...seen] } }, select: { orderId: true } });
  for (const { orderId } of stale) {
    const fetchedAt = new Date();
    const snapshot = await gateway.orderForBackorders(orderId);
    if (snapshot) await storeOrder(db, shop, snapshot, fetchedAt);
    else await db.orderSnapshot.updateMany({ where: { shop, orderId }, data: { open: false } });
  }
  const unique = uniqueKeys(keys);
  await refreshLevels(db, gateway, shop, unique);
  await markDirty(db, shop, unique);
  return reconcileShop(db, gateway, shop, now);
}

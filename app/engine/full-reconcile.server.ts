import { uniqueStockKeys, type StockKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { markDirty, refreshLevels, rememberVariants, saveOrder, stockKeys } from "./ingest.server";
import type { StoreGateway } from "./ports";
import { reconcileShop } from "./reconcile.server";

/**
 * Rebuilds the shop's facts from the store itself, then reconciles: what a
 * missed webhook left behind is repaired here. Runs on install and on a
 * schedule.
 */
export async function fullReconcile(db: Db, gateway: StoreGateway, shop: string, now = new Date()) {
  const seen = new Set<string>();
  const keys: StockKey[] = [];
  // Before the first page: each page's read began after this.
  const readFrom = new Date();
  for await (const snapshot of gateway.openOrders()) {
    seen.add(snapshot.orderId);
    await saveOrder(db, shop, snapshot, readFrom);
    await rememberVariants(db, shop, snapshot, readFrom);
    keys.push(...stockKeys(snapshot.fulfillmentOrders));
  }
  // Orders the app thought open that the store no longer lists as open.
  const stale = await db.orderSnapshot.findMany({ where: { shop, open: true, orderId: { notIn: [...seen] } }, select: { orderId: true } });
  for (const { orderId } of stale) {
    const fetchedAt = new Date();
    const snapshot = await gateway.orderForBackorders(orderId);
    if (snapshot) await saveOrder(db, shop, snapshot, fetchedAt);
    else await db.orderSnapshot.updateMany({ where: { shop, orderId }, data: { open: false } });
  }
  const unique = uniqueStockKeys(keys);
  await refreshLevels(db, gateway, shop, unique);
  await markDirty(db, shop, unique);
  return reconcileShop(db, gateway, shop, now);
}

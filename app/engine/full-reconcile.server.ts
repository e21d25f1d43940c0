import { uniqueStockKeys, type StockKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { closeOrder, markDirty, refreshLevels, rememberVariants, saveOrder, stockKeys } from "./ingest.server";
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
  const progress = await storeReadProgress(db, gateway, shop);
  for await (const snapshot of gateway.openOrders(progress)) {
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
    else await closeOrder(db, shop, orderId);
  }
  const unique = uniqueStockKeys(keys);
  await refreshLevels(db, gateway, shop, unique);
  await markDirty(db, shop, unique);
  const result = await reconcileShop(db, gateway, shop, now);
  if (progress)
    await db.shop.updateMany({ where: { shop, storeReadAt: null }, data: { storeReadDone: seen.size, storeReadAt: new Date() } });
  return result;
}

// A page is written at most this often: the dashboard polls about as often.
const PROGRESS_EVERY_MS = 500;

/**
 * While the store was never read in full (the first install), the read
 * records how far it got, for the dashboard; later reads write nothing.
 */
async function storeReadProgress(db: Db, gateway: StoreGateway, shop: string) {
  const row = await db.shop.findUnique({ where: { shop }, select: { storeReadAt: true } });
  if (!row || row.storeReadAt) return undefined;
  const total = await gateway.openOrdersCount();
  await db.shop.updateMany({ where: { shop }, data: { storeReadTotal: total, storeReadDone: 0 } });
  let writtenAt = 0;
  return async (ordersSoFar: number) => {
    if (Date.now() - writtenAt < PROGRESS_EVERY_MS) return;
    writtenAt = Date.now();
    await db.shop.updateMany({ where: { shop }, data: { storeReadDone: Math.min(ordersSoFar, total) } });
  };
}

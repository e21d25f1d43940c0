import type { Db } from "~/db/client.server";
import { isOpenOrder } from "./facts.server";
import type { LineSnapshot, OrderSnapshot, StockLevel, StoreGateway } from "./store";

type Key = { inventoryItemId: string; locationId: string };

/** Marks what an event touched; the next reconcile recomputes it from facts. */
export async function markDirty(db: Db, shop: string, keys: Key[]) {
  for (const { inventoryItemId, locationId } of keys) {
    await db.dirtyKey.upsert({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } },
      create: { shop, inventoryItemId, locationId },
      update: { markedAt: new Date() },
    });
  }
}

export async function storeLevels(db: Db, shop: string, levels: StockLevel[]) {
  for (const { inventoryItemId, locationId, available, committed } of levels) {
    await db.inventoryLevel.upsert({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } },
      create: { shop, inventoryItemId, locationId, available, committed },
      update: { available, committed },
    });
  }
}

/** Stores the order as the store has it now, whatever the event said. */
export async function storeOrder(db: Db, shop: string, snapshot: OrderSnapshot) {
  await db.orderSnapshot.upsert({
    where: { shop_orderId: { shop, orderId: snapshot.orderId } },
    create: { shop, orderId: snapshot.orderId, name: snapshot.name, snapshot: JSON.stringify(snapshot), open: isOpenOrder(snapshot) },
    update: { name: snapshot.name, snapshot: JSON.stringify(snapshot), open: isOpenOrder(snapshot), fetchedAt: new Date() },
  });
}

/**
 * Brings an order's facts up to date: the order and its fulfillment orders,
 * the variants it holds, and the stock of their items. Marks its items dirty.
 */
export async function refreshOrder(db: Db, gateway: StoreGateway, shop: string, orderId: string) {
  const snapshot = await gateway.orderForBackorders(orderId);
  if (!snapshot) {
    await db.orderSnapshot.updateMany({ where: { shop, orderId }, data: { open: false } });
    return;
  }
  await storeOrder(db, shop, snapshot);
  const lines = snapshot.fulfillmentOrders.flatMap((fo) => fo.lines.map((line) => ({ ...line, locationId: fo.locationId })));
  await rememberVariants(db, shop, lines);
  // Fulfilling moves units out of `committed` without touching `available`, so
  // no inventory webhook says so: the order's items are read again each time.
  const keys = uniqueKeys(lines);
  if (keys.length > 0) await storeLevels(db, shop, await gateway.inventoryLevels([...new Set(keys.map((k) => k.inventoryItemId))]));
  await markDirty(db, shop, keys);
}

/** Makes the variants an order holds known to the engine, with their policy as the store has it now; the merchant's settings stay. */
export async function rememberVariants(db: Db, shop: string, lines: LineSnapshot[]) {
  for (const line of new Map(lines.map((l) => [l.variantId, l])).values()) {
    const { variantId, productId, inventoryItemId, sku, title, inventoryPolicy } = line;
    await db.variantSetting.upsert({
      where: { shop_variantId: { shop, variantId } },
      create: { shop, variantId, productId, inventoryItemId, sku, title, inventoryPolicy },
      update: { inventoryPolicy },
    });
  }
}

export function uniqueKeys(keys: Key[]): Key[] {
  const seen = new Map<string, Key>();
  for (const { inventoryItemId, locationId } of keys) seen.set(`${inventoryItemId} ${locationId}`, { inventoryItemId, locationId });
  return [...seen.values()];
}

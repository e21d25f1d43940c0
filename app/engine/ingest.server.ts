import { stockKey, uniqueStockKeys, type StockKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { orderSnapshotColumn } from "./codecs";
import { isOpenOrder } from "./load.server";
import { recordOwnHolds } from "./own-holds.server";
import { receiveFromStock } from "./receiving.server";
import type { FulfillmentOrderSnapshot, InventoryLevelSnapshot, OrderSnapshot, StoreGateway } from "./ports";

// A read counts as newer than an event only if it began this much after the
// event arrived: instances of the app may not share one clock to the millisecond.
const CLOCK_MARGIN_MS = 1_000;
/** A read that began after this moment already shows what an event received at `receivedAt` announced. */
const shownAfter = (receivedAt: Date) => new Date(receivedAt.getTime() + CLOCK_MARGIN_MS);

/** Marks what an event touched; the next reconcile recomputes it from facts. */
export async function markDirty(db: Db, shop: string, keys: StockKey[]) {
  for (const { inventoryItemId, locationId } of keys) {
    await db.dirtyKey.upsert({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } },
      create: { shop, inventoryItemId, locationId },
      update: { markedAt: new Date() },
    });
  }
}

/**
 * Saves stock levels as a read that began at `fetchedAt` gave them. A level
 * that rose may mean incoming stock arrived: what it covers is received, and
 * its item is marked dirty to be re-planned without it.
 */
export async function saveLevels(db: Db, shop: string, levels: InventoryLevelSnapshot[], fetchedAt: Date) {
  const names = new Map(levels.flatMap((level) => (level.locationName ? [[level.locationId, level.locationName] as const] : [])));
  const named = await db.location.findMany({ where: { shop, locationId: { in: [...names.keys()] } } });
  const known = new Map(named.map((location) => [location.locationId, location.name]));
  for (const [locationId, name] of names) {
    if (known.get(locationId) === name) continue;
    await db.location.upsert({
      where: { shop_locationId: { shop, locationId } },
      create: { shop, locationId, name },
      update: { name },
    });
  }
  // The levels as stored before this read, in one query: a rise between the two is stock received.
  const stored = await db.inventoryLevel.findMany({
    where: { shop, inventoryItemId: { in: [...new Set(levels.map((level) => level.inventoryItemId))] } },
    select: { inventoryItemId: true, locationId: true, available: true, committed: true },
  });
  const storedByKey = new Map(stored.map((level) => [stockKey(level), level]));
  for (const { inventoryItemId, locationId, available, committed } of levels) {
    const key = { inventoryItemId, locationId };
    const before = storedByKey.get(stockKey(key)) ?? null;
    if ((await receiveFromStock(db, shop, key, before, { available, committed }, fetchedAt)).length > 0) await markDirty(db, shop, [key]);
    await db.inventoryLevel.upsert({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId, locationId } },
      create: { shop, inventoryItemId, locationId, available, committed, fetchedAt },
      update: { available, committed, fetchedAt },
    });
    storedByKey.set(stockKey(key), { ...key, available, committed });
  }
}

/**
 * Reads and stores the stock of these items and locations. With `since` (when
 * the event asking for it was received), a level read after that moment
 * already shows what the event announced, and is not read again.
 */
export async function refreshLevels(db: Db, gateway: StoreGateway, shop: string, keys: StockKey[], since?: Date) {
  const fresh = since
    ? new Set(
        (
          await db.inventoryLevel.findMany({
            where: { shop, inventoryItemId: { in: keys.map((k) => k.inventoryItemId) }, fetchedAt: { gt: shownAfter(since) } },
          })
        ).map(stockKey),
      )
    : new Set<string>();
  const items = [...new Set(keys.filter((k) => !fresh.has(stockKey(k))).map((k) => k.inventoryItemId))];
  if (items.length === 0) return;
  const fetchedAt = new Date();
  await saveLevels(db, shop, await gateway.inventoryLevels(items), fetchedAt);
}

/**
 * Keeps the order's items and locations (OrderItem) as `keys` says, empty once
 * the order is closed. Returns the keys it held before that it no longer does.
 */
async function indexOrderItems(db: Db, shop: string, orderId: string, keys: StockKey[]): Promise<StockKey[]> {
  const stored = await db.orderItem.findMany({ where: { shop, orderId }, select: { inventoryItemId: true, locationId: true } });
  const wanted = new Set(keys.map(stockKey));
  const held = new Set(stored.map(stockKey));
  const gone = stored.filter((key) => !wanted.has(stockKey(key)));
  for (const { inventoryItemId, locationId } of gone)
    await db.orderItem.deleteMany({ where: { shop, orderId, inventoryItemId, locationId } });
  for (const { inventoryItemId, locationId } of keys.filter((key) => !held.has(stockKey(key)))) {
    await db.orderItem.upsert({
      where: { shop_inventoryItemId_locationId_orderId: { shop, inventoryItemId, locationId, orderId } },
      create: { shop, inventoryItemId, locationId, orderId },
      update: {},
    });
  }
  return gone;
}

/** The order is no longer in the store (deleted), or no longer open: it competes for nothing. Returns the keys it drew from. */
export async function closeOrder(db: Db, shop: string, orderId: string): Promise<StockKey[]> {
  await db.orderSnapshot.updateMany({ where: { shop, orderId }, data: { open: false } });
  return indexOrderItems(db, shop, orderId, []);
}

/**
 * Saves the order as a read that began at `fetchedAt` gave it, whatever the
 * event said, and records holds of ours it shows. Returns the items and
 * locations the order drew from before and no longer does.
 */
export async function saveOrder(db: Db, shop: string, snapshot: OrderSnapshot, fetchedAt: Date): Promise<StockKey[]> {
  const open = isOpenOrder(snapshot);
  const fields = {
    name: snapshot.name,
    snapshot: orderSnapshotColumn.encode(snapshot),
    open,
    fetchedAt,
    // The dashboard's backorder rate counts order lines of orders placed in a period.
    orderedAt: new Date(snapshot.createdAt),
    lineCount: new Set(snapshot.fulfillmentOrders.flatMap((fo) => fo.lines.map((l) => l.lineItemId))).size,
  };
  await db.orderSnapshot.upsert({
    where: { shop_orderId: { shop, orderId: snapshot.orderId } },
    create: { shop, orderId: snapshot.orderId, ...fields },
    update: fields,
  });
  await recordOwnHolds(db, shop, snapshot.fulfillmentOrders);
  return indexOrderItems(db, shop, snapshot.orderId, open ? stockKeys(snapshot.fulfillmentOrders) : []);
}

/**
 * Brings an order's facts up to date: the order and its fulfillment orders,
 * the variants it holds, and the stock of their items. Marks its items dirty.
 * With `since` (when the event asking for it was received), an order read
 * after that moment already shows what the event announced: no read then.
 */
export async function refreshOrder(db: Db, gateway: StoreGateway, shop: string, orderId: string, since?: Date) {
  if (since) {
    const stored = await db.orderSnapshot.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { fetchedAt: true } });
    if (stored && stored.fetchedAt > shownAfter(since)) return;
  }
  const fetchedAt = new Date();
  const snapshot = await gateway.orderForBackorders(orderId);
  if (!snapshot) {
    await markDirty(db, shop, await closeOrder(db, shop, orderId));
    return;
  }
  const left = await saveOrder(db, shop, snapshot, fetchedAt);
  await rememberVariants(db, shop, snapshot, fetchedAt);
  // Fulfilling moves units out of `committed` without touching `available`, so
  // no inventory webhook says so: the order's items are read with the order.
  const keys = stockKeys(snapshot.fulfillmentOrders);
  await refreshLevels(db, gateway, shop, keys, since);
  await markDirty(db, shop, uniqueStockKeys([...keys, ...left]));
}

/**
 * Puts into the stored order the fulfillment orders a command returned, as
 * the store has them now, in place of the one it changed. The rest of the
 * order was not read, so its `fetchedAt` stays.
 */
export async function saveFulfillmentOrders(
  db: Db,
  shop: string,
  orderId: string,
  changedId: string,
  fulfillmentOrders: FulfillmentOrderSnapshot[],
) {
  const row = await db.orderSnapshot.findUnique({ where: { shop_orderId: { shop, orderId } } });
  if (!row) return;
  const snapshot = orderSnapshotColumn.decode(row.snapshot);
  const replaced = new Set([changedId, ...fulfillmentOrders.map((fo) => fo.id)]);
  snapshot.fulfillmentOrders = [...snapshot.fulfillmentOrders.filter((fo) => !replaced.has(fo.id)), ...fulfillmentOrders];
  const open = isOpenOrder(snapshot);
  await db.orderSnapshot.updateMany({
    where: { shop, orderId },
    data: { snapshot: orderSnapshotColumn.encode(snapshot), open },
  });
  await recordOwnHolds(db, shop, fulfillmentOrders);
  const left = await indexOrderItems(db, shop, orderId, open ? stockKeys(snapshot.fulfillmentOrders) : []);
  await markDirty(db, shop, uniqueStockKeys([...stockKeys(fulfillmentOrders), ...left]));
}

/** Makes the variants an order holds known to the engine, with their policy as a read that began at `fetchedAt` gave it; the merchant's settings stay. */
export async function rememberVariants(db: Db, shop: string, order: OrderSnapshot, fetchedAt: Date) {
  const lines = order.fulfillmentOrders.flatMap((fo) => fo.lines);
  for (const line of new Map(lines.map((l) => [l.variantId, l])).values()) {
    const { variantId, productId, inventoryItemId, sku, title, inventoryPolicy } = line;
    await db.variantSetting.upsert({
      where: { shop_variantId: { shop, variantId } },
      create: { shop, variantId, productId, inventoryItemId, sku, title, inventoryPolicy, fetchedAt },
      update: { inventoryPolicy, fetchedAt },
    });
  }
}

/**
 * Brings the policy of a product's variants up to date after `since` (when
 * the event asking for it was received). The engine follows only variants
 * that an order or the merchant named, so a product with none of them needs
 * no read, and neither does one whose followed variants were all read after
 * that moment. Returns the inventory items of the variants it read (none when it did not).
 */
export async function refreshVariants(db: Db, gateway: StoreGateway, shop: string, productId: string, since: Date): Promise<string[]> {
  const followed = await db.variantSetting.findMany({ where: { shop, productId }, select: { fetchedAt: true } });
  if (followed.every((v) => v.fetchedAt !== null && v.fetchedAt > shownAfter(since))) return [];
  const fetchedAt = new Date();
  const variants = (await gateway.productVariants(productId)) ?? [];
  for (const { variantId, ...data } of variants) {
    await db.variantSetting.upsert({
      where: { shop_variantId: { shop, variantId } },
      create: { shop, variantId, ...data, fetchedAt },
      update: { ...data, fetchedAt },
    });
  }
  return variants.map((variant) => variant.inventoryItemId);
}

/** The items and locations fulfillment orders draw stock from, each once. */
export function stockKeys(fulfillmentOrders: FulfillmentOrderSnapshot[]): StockKey[] {
  return uniqueStockKeys(
    fulfillmentOrders.flatMap((fo) => fo.lines.map(({ inventoryItemId }) => ({ inventoryItemId, locationId: fo.locationId }))),
  );
}

// Receiving told from the store's stock: when a read of a level shows more
// units at an item and location than the read before, the expected incoming
// stock there that the rise covers is received (the rule and its reasons:
// app/backorders/receiving.ts). Called by saveLevels, the one place levels
// are written, so every read of stock (an inventory webhook, an order's
// items, a full reconcile) is seen; the caller marks the key dirty.
import { recordAudit } from "~/audit/trail.server";
import { shopToday, type StockKey } from "~/backorders";
import { receivedRows, stockRise, type StockReading } from "~/backorders/receiving";
import type { Db } from "~/db/client.server";

/**
 * Called with a level as stored before a read and as the read gave it: the
 * expected rows at that item and location a rise of stock covers are
 * received (see app/backorders/receiving.ts). Returns the ids received.
 */
export async function receiveFromStock(
  db: Db,
  shop: string,
  key: StockKey,
  before: StockReading | null,
  after: StockReading,
  seenAt: Date,
): Promise<number[]> {
  const rise = stockRise(before, after);
  if (rise === 0) return [];
  const rows = await db.inboundSupply.findMany({
    where: { shop, inventoryItemId: key.inventoryItemId, locationId: key.locationId, status: "EXPECTED" },
    select: { id: true, quantity: true, expectedOn: true, createdAt: true },
  });
  if (rows.length === 0) return [];
  const settings = await db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } });
  const today = shopToday(seenAt, settings?.ianaTimezone ?? "UTC");
  const ids = receivedRows(
    rows.map((r) => ({ id: String(r.id), quantity: r.quantity, expectedOn: r.expectedOn, recordedAt: r.createdAt })),
    rise,
    seenAt,
    today,
  ).map(Number);
  for (const id of ids) {
    const row = rows.find((r) => r.id === id)!;
    const { count } = await db.inboundSupply.updateMany({
      where: { id, shop, status: "EXPECTED" },
      data: { status: "RECEIVED", receivedAt: seenAt },
    });
    if (count === 0) continue;
    await recordAudit(db, shop, "supply.received", String(id), { quantity: row.quantity, expectedOn: row.expectedOn, by: "stock", rise });
  }
  return ids;
}

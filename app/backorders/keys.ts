// Composite keys, built one way: for maps, and a line's as its audit subject.
// Stock is counted per inventory item and location; a backorder line is an
// order line at one location.

export interface StockKey {
  inventoryItemId: string;
  locationId: string;
}

export function stockKey(key: StockKey): string {
  return `${key.inventoryItemId} ${key.locationId}`;
}

/**
 * A backorder line's key, `lineItemId@locationId`. It is also the line's
 * subject in the audit trail, so it is stored: its form does not change.
 */
export function lineKey(line: { lineItemId: string; locationId: string }): string {
  return `${line.lineItemId}@${line.locationId}`;
}

/** The line a `lineKey` names; null for a subject that is not one. */
export function parseLineKey(key: string): { lineItemId: string; locationId: string } | null {
  const at = key.lastIndexOf("@");
  return at > 0 ? { lineItemId: key.slice(0, at), locationId: key.slice(at + 1) } : null;
}

/** The keys, each once, in first-seen order, as plain `StockKey`s. */
export function uniqueStockKeys(keys: Iterable<StockKey>): StockKey[] {
  const unique = new Map<string, StockKey>();
  for (const { inventoryItemId, locationId } of keys)
    unique.set(stockKey({ inventoryItemId, locationId }), { inventoryItemId, locationId });
  return [...unique.values()];
}

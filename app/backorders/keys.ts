// Composite keys for maps, built one way. Stock is counted per inventory item
// and location; a backorder line is an order line at one location.

export interface StockKey {
  inventoryItemId: string;
  locationId: string;
}

export function stockKey(key: StockKey): string {
  return `${key.inventoryItemId} ${key.locationId}`;
}

export function lineKey(line: { lineItemId: string; locationId: string }): string {
  return `${line.lineItemId} ${line.locationId}`;
}

/** The keys, each once, in first-seen order, as plain `StockKey`s. */
export function uniqueStockKeys(keys: Iterable<StockKey>): StockKey[] {
  const unique = new Map<string, StockKey>();
  for (const { inventoryItemId, locationId } of keys)
    unique.set(stockKey({ inventoryItemId, locationId }), { inventoryItemId, locationId });
  return [...unique.values()];
}

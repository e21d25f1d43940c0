// Shopify GIDs end in a number; comparing that number (not the text, where
// ".../10" < ".../9") keeps tie-breaks in creation order.

/** The numeric tail of a GID, or NaN when it has none. */
export function gidNumber(gid: string): number {
  const tail = Number(gid.slice(gid.lastIndexOf("/") + 1));
  return Number.isSafeInteger(tail) ? tail : Number.NaN;
}

export function compareGids(a: string, b: string): number {
  return compareGidKeys(gidNumber(a), a, gidNumber(b), b);
}

/** Same order as `compareGids`, for callers that computed the numbers once. */
export function compareGidKeys(aNumber: number, a: string, bNumber: number, b: string): number {
  // Ordered by (has a number, the number, the text): a total order even for odd ids.
  const aNumeric = !Number.isNaN(aNumber);
  const bNumeric = !Number.isNaN(bNumber);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  if (aNumeric && aNumber !== bNumber) return aNumber - bNumber;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `items` sorted by the GID `idOf` gives, parsing each id once rather than per comparison. */
export function sortByGid<T>(items: Iterable<T>, idOf: (item: T) => string): T[] {
  const decorated = Array.from(items, (item) => {
    const id = idOf(item);
    return { item, id, number: gidNumber(id) };
  });
  decorated.sort((a, b) => compareGidKeys(a.number, a.id, b.number, b.id));
  return decorated.map((entry) => entry.item);
}

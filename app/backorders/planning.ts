// Purchase planning: how many units to order, per inventory item and location.
//
// Invariant, as the promise walk (promises.ts) spends supply: at one item and
// location the waiting lines take the incoming units in priority order until
// either runs out, so min(waiting, incoming) units are promised and the rest
// of the incoming stock is free. Supply at another location never covers a
// line here, so figures are computed per item and location first and only
// then summed (a variant's or a vendor's shortfall is the sum of its
// locations' shortfalls, never its total waiting less its total incoming).
//
// The admin's planning statement (app/engine/planning.server.ts) works these
// figures out in SQL so that a big shop's rows never leave the database; its
// integration test checks it against `planningRows`, `sortByShortfall` and
// `vendorRows`, which are the definition.
import { stockKey } from "./keys";

export interface PlanningInput {
  /** Units of the waiting (backordered) lines. */
  waiting: number;
  /** Units of the expected (not yet received) incoming stock. */
  incoming: number;
}

export interface PlanningFigures extends PlanningInput {
  /** Incoming units no waiting line has claimed yet. */
  unpromised: number;
  /** Waiting units no incoming stock covers. */
  shortfall: number;
  /** What to order: the shortfall plus safety stock, less the free incoming units that already count towards it. */
  suggested: number;
}

/**
 * The figures of one item at one location. The suggestion is the shortfall
 * plus the safety stock; where there is no shortfall, the incoming units
 * nobody waits for already make up (part of) the safety stock, so the
 * suggestion is what is missing of it: max(0, waiting + safety - incoming).
 */
export function planningFigures({ waiting, incoming }: PlanningInput, safetyStock: number): PlanningFigures {
  const w = Math.max(0, waiting);
  const i = Math.max(0, incoming);
  const shortfall = Math.max(0, w - i);
  const unpromised = Math.max(0, i - w);
  const suggested = shortfall > 0 ? shortfall + Math.max(0, safetyStock) : Math.max(0, safetyStock - unpromised);
  return { waiting: w, incoming: i, unpromised, shortfall, suggested };
}

export interface PlanningRow extends PlanningFigures {
  inventoryItemId: string;
  locationId: string;
  /** Creation instant of the oldest waiting line (ISO), null when nothing waits. */
  oldestWaiting: string | null;
}

/** Waiting lines and incoming stock, each summed per item and location. */
export interface PlanningGroups {
  waiting: readonly { inventoryItemId: string; locationId: string; units: number; oldest: string | null }[];
  incoming: readonly { inventoryItemId: string; locationId: string; units: number }[];
}

/** One row per item and location that has waiting lines or incoming stock. */
export function planningRows(groups: PlanningGroups, safetyStock: number): PlanningRow[] {
  const rows = new Map<string, { inventoryItemId: string; locationId: string; waiting: number; incoming: number; oldest: string | null }>();
  const rowOf = (key: { inventoryItemId: string; locationId: string }) => {
    const id = stockKey(key);
    let row = rows.get(id);
    if (!row)
      rows.set(id, (row = { inventoryItemId: key.inventoryItemId, locationId: key.locationId, waiting: 0, incoming: 0, oldest: null }));
    return row;
  };
  for (const w of groups.waiting) {
    const row = rowOf(w);
    row.waiting += w.units;
    row.oldest = earliest(row.oldest, w.oldest);
  }
  for (const s of groups.incoming) rowOf(s).incoming += s.units;
  return [...rows.values()].map(({ inventoryItemId, locationId, waiting, incoming, oldest }) => ({
    inventoryItemId,
    locationId,
    ...planningFigures({ waiting, incoming }, safetyStock),
    oldestWaiting: oldest,
  }));
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

export type ShortfallOrder = "desc" | "asc";

/**
 * Largest shortfall first (or smallest, "asc"); ties by units waiting (most
 * first), then oldest waiting, then by key, so that pages never overlap.
 */
export function sortByShortfall<T extends PlanningFigures & { oldestWaiting: string | null; key: string }>(
  rows: readonly T[],
  order: ShortfallOrder = "desc",
): T[] {
  const sign = order === "desc" ? -1 : 1;
  return [...rows].sort(
    (a, b) =>
      sign * (a.shortfall - b.shortfall) ||
      b.waiting - a.waiting ||
      compareOldest(a.oldestWaiting, b.oldestWaiting) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function compareOldest(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export interface VendorRow extends PlanningFigures {
  key: string;
  /** Null: variants with no vendor in Shopify. */
  vendor: string | null;
  /** Items (variant at a location) counted. */
  items: number;
  oldestWaiting: string | null;
}

/**
 * Sums item-and-location rows per vendor. Each figure is the sum of the
 * rows' own figures: incoming stock at one location never makes up a
 * shortfall at another, and safety stock is kept per item and location.
 */
export function vendorRows(rows: readonly PlanningRow[], vendorOf: (inventoryItemId: string) => string | null): VendorRow[] {
  const byVendor = new Map<string, VendorRow>();
  for (const row of rows) {
    const vendor = vendorOf(row.inventoryItemId);
    const key = vendor ?? "";
    let sum = byVendor.get(key);
    if (!sum) {
      sum = { key, vendor, items: 0, waiting: 0, incoming: 0, unpromised: 0, shortfall: 0, suggested: 0, oldestWaiting: null };
      byVendor.set(key, sum);
    }
    sum.items += 1;
    sum.waiting += row.waiting;
    sum.incoming += row.incoming;
    sum.unpromised += row.unpromised;
    sum.shortfall += row.shortfall;
    sum.suggested += row.suggested;
    sum.oldestWaiting = earliest(sum.oldestWaiting, row.oldestWaiting);
  }
  return [...byVendor.values()];
}

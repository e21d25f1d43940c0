// When recorded incoming stock has arrived, told from the store's stock: the
// rule that consumes supply rows so that later orders are no longer dated
// from a shipment already on the shelf, and dynamic caps stop selling
// against it.
//
// The measure is the units physically held at the location that have not
// shipped: `available + committed`. Placing an order moves units from
// `available` to `committed` and cancelling one moves them back, so neither
// changes the sum; fulfilling lowers it. Only units coming in raise it: a
// shipment received, a return restocked, a count corrected.
//
// The rule, per inventory item and location, on a rise seen between two
// reads of the level:
// - only rows still EXPECTED, recorded before the read that saw the rise, and
//   due within ARRIVAL_WINDOW_DAYS of today (a rise weeks before a row's date
//   is more likely a return or a correction than that shipment) count;
// - in expected-date order (then by id), each row the rest of the rise covers
//   in full is received, and its units are taken from the rise; a row the
//   rest does not cover stays expected (a part delivery, or units from
//   elsewhere): receiving it is the merchant's call, by "mark received".
// Wrongly consuming a row would drop a date customers were promised, so the
// rule prefers leaving a row expected to guessing.
import { addDays, type CalendarDate } from "./dates";

/** How far ahead of its expected date a shipment may arrive and still be recognised. */
export const ARRIVAL_WINDOW_DAYS = 7;

export interface StockReading {
  available: number;
  committed: number;
}

export interface ExpectedRow {
  id: string;
  quantity: number;
  expectedOn: CalendarDate;
  recordedAt: Date;
}

/** Units that came in between two readings of one level (0 when none did). */
export function stockRise(before: StockReading | null, after: StockReading): number {
  if (!before) return 0;
  return Math.max(0, after.available + after.committed - (before.available + before.committed));
}

/**
 * The rows a rise of `rise` units, seen by a read that began at `seenAt`,
 * received (ids, in the order they were matched). `today`: the shop's day.
 */
export function receivedRows(rows: readonly ExpectedRow[], rise: number, seenAt: Date, today: CalendarDate): string[] {
  if (rise <= 0) return [];
  const latest = addDays(today, ARRIVAL_WINDOW_DAYS);
  const candidates = rows
    .filter((row) => row.recordedAt <= seenAt && row.expectedOn <= latest && row.quantity > 0)
    .sort((a, b) => (a.expectedOn === b.expectedOn ? compareIds(a.id, b.id) : a.expectedOn < b.expectedOn ? -1 : 1));
  const received: string[] = [];
  let left = rise;
  for (const row of candidates) {
    if (row.quantity > left) continue;
    received.push(row.id);
    left -= row.quantity;
    if (left === 0) break;
  }
  return received;
}

/** Numeric ids in number order, others as text. */
function compareIds(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

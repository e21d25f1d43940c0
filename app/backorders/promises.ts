// When a waiting line ships: recorded inbound supply is consumed by the
// backordered lines in priority order, so the first in line gets the first
// units to arrive.
import { addDays, laterOf, type CalendarDate } from "./dates";
import { compareGids } from "./ids";
import type { InboundSupply } from "./facts";

export type EtaSource = "SUPPLY" | "LEAD_TIME" | "UNKNOWN";

export interface LinePromise {
  lineId: string;
  /** The day the line is expected to ship; null is "unknown". */
  eta: CalendarDate | null;
  source: EtaSource;
}

export interface PromiseTerms {
  /** The shop's calendar day (see `shopToday`). */
  today: CalendarDate;
  /**
   * Days between stock arriving and the parcel leaving. Calendar days, not
   * business days: the app knows no shop working calendar, and a promise a
   * weekend early is rarer than one that silently ignores weekends is wrong.
   */
  handlingDays: number;
  leadTimeDays: number | null;
}

export interface Promises {
  /** One per backordered line, in the order given. */
  promises: LinePromise[];
  /** Supply units no waiting line has claimed: the headroom of a dynamic cap. */
  unpromised: number;
}

/** Supply in arrival order; ties by id so the input order never matters. */
export function sortSupply(supply: readonly InboundSupply[]): InboundSupply[] {
  return [...supply].sort((a, b) => (a.expectedOn < b.expectedOn ? -1 : a.expectedOn > b.expectedOn ? 1 : compareGids(a.id, b.id)));
}

/**
 * `waiting` is the backordered lines of one item and location in priority
 * order, `supply` that item's inbound supply at that location. A line's ETA is
 * the date of the supply that covers its last unit plus handling days; a late
 * shipment (expected before today) counts from today, never promising a past
 * day. A line the supply does not fully cover still consumes what it can, and
 * falls back to the variant's lead time, else unknown.
 */
export function promise(
  waiting: readonly { lineId: string; backordered: number }[],
  supply: readonly InboundSupply[],
  terms: PromiseTerms,
): Promises {
  const arrivals = sortSupply(supply).filter((s) => s.quantity > 0);
  const fallback: Pick<LinePromise, "eta" | "source"> =
    terms.leadTimeDays === null ? { eta: null, source: "UNKNOWN" } : { eta: addDays(terms.today, terms.leadTimeDays), source: "LEAD_TIME" };
  let next = 0;
  let leftInNext = arrivals[0]?.quantity ?? 0;
  const promises = waiting.map(({ lineId, backordered }): LinePromise => {
    let needed = backordered;
    let coveringDate: CalendarDate | null = null;
    while (needed > 0 && next < arrivals.length) {
      const taken = Math.min(needed, leftInNext);
      needed -= taken;
      leftInNext -= taken;
      coveringDate = arrivals[next].expectedOn;
      if (leftInNext === 0) leftInNext = arrivals[++next]?.quantity ?? 0;
    }
    if (needed > 0 || coveringDate === null) return { lineId, ...fallback };
    return { lineId, eta: addDays(laterOf(coveringDate, terms.today), terms.handlingDays), source: "SUPPLY" };
  });
  let unpromised = leftInNext;
  for (let i = next + 1; i < arrivals.length; i++) unpromised += arrivals[i].quantity;
  return { promises, unpromised: next < arrivals.length ? unpromised : 0 };
}

// Who gets the stock: shippable units of one inventory item at one location
// go to its waiting lines in priority order, each taking what is left.
import { compareGids } from "./ids";
import type { InventoryLevel, PriorityRule } from "./facts";

/**
 * Units of an item at a location that exist and may ship to open orders.
 *
 * When an order is placed Shopify moves its units from `available` to
 * `committed`, and for a CONTINUE variant lets `available` go negative. The
 * committed units belong to the very open orders being allocated, so the stock
 * that physically exists for them is `available + committed` (that is,
 * `on_hand` less `reserved` and the unavailable states). Negative means more
 * is promised than exists: nothing can ship.
 */
export function shippableStock(level: Pick<InventoryLevel, "available" | "committed"> | undefined): number {
  return level ? Math.max(0, level.available + level.committed) : 0;
}

/** The units one order line waits for at one location. */
export interface DemandLine {
  /** The order's `LineItem` id: unique within one item and location. */
  lineId: string;
  orderId: string;
  /** Order creation time in epoch milliseconds, so offsets in source strings cannot reorder it. */
  orderedAt: number;
  /** The customer carries the shop's priority tag. */
  priorityCustomer: boolean;
  quantity: number;
}

export interface Priority {
  rule: PriorityRule;
  /** Line ids the merchant pinned, served first and in this order. */
  pins: readonly string[];
}

export interface Allocation {
  lineId: string;
  allocated: number;
  backordered: number;
  /** 1-based place among this item's backordered lines at this location; null when nothing is backordered. */
  queuePosition: number | null;
}

/** Lines in the order they are served. Stable and total: equal inputs in any order give one answer. */
export function sortByPriority(lines: readonly DemandLine[], priority: Priority): DemandLine[] {
  return Array.from(priorityOrder(lines, priority), (i) => lines[i]);
}

/**
 * Indexes of `lines` in serving order: pins (in pin order), then by rule the
 * tagged customers, then everyone by order time, ties by order id and line id.
 *
 * A comparator sort of 100,000 lines costs over 30 ms in V8, so the common
 * path packs (tier, order time, index) into one exact integer per line and
 * lets a Float64Array sort natively. Times go in at millisecond precision
 * while that fits in 53 bits (any span of years for 100,000 lines), coarser
 * beyond; lines left sharing a key prefix, and the few pinned lines, go
 * through the full comparator.
 */
function priorityOrder(lines: readonly DemandLine[], priority: Priority): Uint32Array {
  const count = lines.length;
  const pinIndex = new Map<string, number>();
  priority.pins.forEach((id, index) => {
    if (!pinIndex.has(id)) pinIndex.set(id, index);
  });
  const pinned: number[] = [];
  const rest: number[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    if (pinIndex.has(lines[i].lineId)) {
      pinned.push(i);
      continue;
    }
    rest.push(i);
    const at = lines[i].orderedAt;
    if (Number.isFinite(at)) {
      if (at < earliest) earliest = at;
      if (at > latest) latest = at;
    }
  }
  pinned.sort((a, b) => pinIndex.get(lines[a].lineId)! - pinIndex.get(lines[b].lineId)! || compareLines(lines[a], lines[b]));
  if (rest.length === 0) return Uint32Array.from(pinned);

  // An unreadable order time is served after every readable one.
  const unknownTime = Number.isFinite(latest) ? latest + 1 : 0;
  const base = Number.isFinite(earliest) ? earliest : 0;
  const slots = Math.floor(2 ** 52 / count);
  const bucket = Math.max(1, Math.ceil((unknownTime - base + 1) / slots));
  const byTag = priority.rule === "PRIORITY_TAG_FIRST";
  // group = tier * slots + time slot; key = group * count + index, exact below 2^53.
  const keys = new Float64Array(rest.length);
  for (let k = 0; k < rest.length; k++) {
    const line = lines[rest[k]];
    const at = Number.isFinite(line.orderedAt) ? line.orderedAt : unknownTime;
    const tier = byTag && line.priorityCustomer ? 0 : 1;
    keys[k] = (tier * slots + Math.floor((at - base) / bucket)) * count + rest[k];
  }
  keys.sort();

  const order = new Uint32Array(count);
  pinned.forEach((index, position) => (order[position] = index));
  let position = pinned.length;
  for (let k = 0; k < keys.length; ) {
    const group = Math.floor(keys[k] / count);
    let end = k + 1;
    while (end < keys.length && Math.floor(keys[end] / count) === group) end++;
    if (end - k === 1) {
      order[position++] = keys[k] % count;
    } else {
      const tied = Array.from(keys.subarray(k, end), (key) => key % count).sort((a, b) => compareLines(lines[a], lines[b]));
      for (const index of tied) order[position++] = index;
    }
    k = end;
  }
  return order;
}

/** Within one tier: order time (unreadable last), then order id, then line id. */
function compareLines(x: DemandLine, y: DemandLine): number {
  const xAt = Number.isFinite(x.orderedAt) ? x.orderedAt : Number.POSITIVE_INFINITY;
  const yAt = Number.isFinite(y.orderedAt) ? y.orderedAt : Number.POSITIVE_INFINITY;
  if (xAt !== yAt) return xAt < yAt ? -1 : 1;
  return compareGids(x.orderId, y.orderId) || compareGids(x.lineId, y.lineId);
}

/** Allocations in priority order (the order promises consume supply in). */
export function allocate(shippable: number, lines: readonly DemandLine[], priority: Priority): Allocation[] {
  const order = priorityOrder(lines, priority);
  const allocations = new Array<Allocation>(order.length);
  let left = Math.max(0, shippable);
  let waiting = 0;
  for (let i = 0; i < order.length; i++) {
    const line = lines[order[i]];
    const wanted = Math.max(0, line.quantity);
    const allocated = Math.min(left, wanted);
    left -= allocated;
    const backordered = wanted - allocated;
    allocations[i] = { lineId: line.lineId, allocated, backordered, queuePosition: backordered > 0 ? ++waiting : null };
  }
  return allocations;
}

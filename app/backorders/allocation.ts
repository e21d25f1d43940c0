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
 * A comparator sort of 100,000 lines costs over 30 ms in V8, and a native
 * Float64Array sort still 10 ms, so the common path gives each line one exact
 * integer (tier, then order time) and orders the lines by it with a stable
 * radix sort. Times go in at millisecond precision while that fits in 53
 * bits (any span of dates a shop has), coarser beyond; lines left sharing a
 * key, and the few pinned lines, go through the full comparator.
 */
function priorityOrder(lines: readonly DemandLine[], priority: Priority): Uint32Array {
  const count = lines.length;
  const pinIndex = new Map<string, number>();
  priority.pins.forEach((id, index) => {
    if (!pinIndex.has(id)) pinIndex.set(id, index);
  });
  const pinned: number[] = [];
  const rest = new Uint32Array(count);
  let restCount = 0;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    if (pinIndex.size > 0 && pinIndex.has(lines[i].lineId)) {
      pinned.push(i);
      continue;
    }
    rest[restCount++] = i;
    const at = lines[i].orderedAt;
    if (Number.isFinite(at)) {
      if (at < earliest) earliest = at;
      if (at > latest) latest = at;
    }
  }
  pinned.sort((a, b) => pinIndex.get(lines[a].lineId)! - pinIndex.get(lines[b].lineId)! || compareLines(lines[a], lines[b]));
  const order = Uint32Array.from(pinned);
  if (restCount === 0) return order;

  // An unreadable order time is served after every readable one.
  const unknownTime = Number.isFinite(latest) ? latest + 1 : 0;
  const base = Number.isFinite(earliest) ? earliest : 0;
  const bucket = Math.max(1, Math.ceil((unknownTime - base + 1) / 2 ** 52));
  const span = Math.floor((unknownTime - base) / bucket) + 1;
  const byTag = priority.rule === "PRIORITY_TAG_FIRST";
  // key = tier * span + time slot: below 2^53, so exact.
  const keys = new Float64Array(restCount);
  for (let k = 0; k < restCount; k++) {
    const line = lines[rest[k]];
    const at = Number.isFinite(line.orderedAt) ? line.orderedAt : unknownTime;
    const tier = byTag && line.priorityCustomer ? 0 : 1;
    keys[k] = tier * span + Math.floor((at - base) / bucket);
  }
  const sorted = radixOrder(keys);

  const served = new Uint32Array(count);
  served.set(order);
  let position = order.length;
  for (let k = 0; k < restCount;) {
    const key = keys[sorted[k]];
    let end = k + 1;
    while (end < restCount && keys[sorted[end]] === key) end++;
    if (end - k === 1) {
      served[position++] = rest[sorted[k]];
    } else {
      const tied = Array.from(sorted.subarray(k, end), (j) => rest[j]).sort((a, b) => compareLines(lines[a], lines[b]));
      for (const index of tied) served[position++] = index;
    }
    k = end;
  }
  return served;
}

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;

/** Positions of `keys` (non-negative integers below 2^53) in ascending key order, equal keys in position order. */
function radixOrder(keys: Float64Array): Uint32Array {
  const n = keys.length;
  // Each key as two 32-bit halves, so that digits come from bit operations.
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    high[i] = keys[i] / 2 ** 32;
    low[i] = keys[i] % 2 ** 32;
    order[i] = i;
    if (keys[i] > max) max = keys[i];
  }
  const digits = new Uint16Array(n);
  const starts = new Uint32Array(RADIX);
  // Least significant digit first: each pass is stable, so earlier digits break ties.
  for (let shift = 0; 2 ** shift <= max; shift += DIGIT_BITS) {
    starts.fill(0);
    for (let i = 0; i < n; i++) {
      const bits = shift >= 32 ? high[i] >>> (shift - 32) : (low[i] >>> shift) | (shift + DIGIT_BITS > 32 ? high[i] << (32 - shift) : 0);
      starts[(digits[i] = bits & (RADIX - 1))]++;
    }
    let total = 0;
    for (let d = 0; d < RADIX; d++) {
      const size = starts[d];
      starts[d] = total;
      total += size;
    }
    for (let i = 0; i < n; i++) next[starts[digits[order[i]]]++] = order[i];
    [order, next] = [next, order];
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
  const count = lines.length;
  // What the walk needs, copied out in memory order: the walk itself goes in
  // priority order, and would otherwise jump between scattered line objects.
  const ids = new Array<string>(count);
  const quantities = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    ids[i] = lines[i].lineId;
    quantities[i] = lines[i].quantity;
  }
  const order = priorityOrder(lines, priority);
  const allocations = new Array<Allocation>(count);
  let left = Math.max(0, shippable);
  let waiting = 0;
  for (let i = 0; i < count; i++) {
    const index = order[i];
    const wanted = Math.max(0, quantities[index]);
    const allocated = Math.min(left, wanted);
    left -= allocated;
    const backordered = wanted - allocated;
    allocations[i] = { lineId: ids[index], allocated, backordered, queuePosition: backordered > 0 ? ++waiting : null };
  }
  return allocations;
}

// Which fulfillment orders this app holds, as the difference between the
// holds it wants and the holds of its own that the store has. Holds placed by
// the merchant or other apps are read (they make a fulfillment order
// unsplittable) but never released, changed or counted as ours.
import type { DemandPart } from "./demand";
import type { FulfillmentHold, FulfillmentMode, FulfillmentOrder } from "./facts";
import { HOLD_HANDLE, HOLD_REASON, isOwnHold } from "./fulfillment-orders";
import { compareGids, sortByGid } from "./ids";

export interface HeldLineItem {
  id: string;
  quantity: number;
}

export type HoldCommand =
  | { type: "HOLD"; fulfillmentOrderId: string; handle: string; reason: typeof HOLD_REASON; lineItems: HeldLineItem[] | "ALL" }
  | { type: "RELEASE"; fulfillmentOrderId: string; holdId: string };

/**
 * Puts a line's units to hold on its pieces: first those already under our
 * hold (so a settled hold stays as it is), then those another hold stops
 * anyway, then the free ones; the units that can ship stay on free pieces.
 */
export function spreadOverParts(parts: readonly DemandPart[], units: number): HeldLineItem[] {
  const rank = (part: DemandPart) => (part.heldByApp ? 0 : part.heldByOthers ? 1 : 2);
  const ordered = [...parts].sort((a, b) => rank(a) - rank(b) || compareGids(a.fulfillmentOrderLineItemId, b.fulfillmentOrderLineItemId));
  const held: HeldLineItem[] = [];
  let left = units;
  for (const part of ordered) {
    if (left <= 0) break;
    const quantity = Math.min(left, part.remainingQuantity);
    held.push({ id: part.fulfillmentOrderLineItemId, quantity });
    left -= quantity;
  }
  return held;
}

type Wanted = "NONE" | "ALL" | HeldLineItem[];

function wantedHold(fulfillmentOrder: FulfillmentOrder, toHold: ReadonlyMap<string, number>): Wanted {
  const waiting = fulfillmentOrder.lineItems.filter((item) => item.remainingQuantity > 0);
  const held = waiting
    .map((item) => ({ id: item.id, quantity: Math.min(item.remainingQuantity, toHold.get(item.id) ?? 0) }))
    .filter((item) => item.quantity > 0)
    .sort((a, b) => compareGids(a.id, b.id));
  if (held.length === 0) return "NONE";
  const everything =
    held.length === waiting.length && held.every((item) => item.quantity === waiting.find((w) => w.id === item.id)!.remainingQuantity);
  return everything ? "ALL" : held;
}

/**
 * Hold and release commands for the open fulfillment orders of `orders`.
 * `toHold` gives, per fulfillment-order line item id, the backordered units to
 * hold (merchant-released lines already left out); `releasedByMerchant` names
 * the fulfillment-order line items of those lines. Commands come grouped per
 * fulfillment order in id order and must run in that order: a RELEASE before
 * the HOLD that replaces it frees the handle and makes the order splittable.
 */
export function holdCommands(
  orders: readonly { id: string; fulfillmentOrders: readonly FulfillmentOrder[] }[],
  toHold: ReadonlyMap<string, number>,
  mode: FulfillmentMode,
  releasedByMerchant: ReadonlySet<string> = new Set(),
): HoldCommand[] {
  const wanted = new Map<FulfillmentOrder, Wanted>();
  for (const order of orders) {
    const perOrder = order.fulfillmentOrders.map((fo) => [fo, wantedHold(fo, toHold)] as const);
    // Shipping complete orders: anything missing at a location holds every
    // fulfillment order of the order there (a split one included), except one
    // the merchant chose to let go by releasing our hold on it.
    const completeAt = new Set(perOrder.filter(([, want]) => want !== "NONE").map(([fo]) => fo.assignedLocationId));
    const letGo = (fo: FulfillmentOrder) => fo.lineItems.some((item) => releasedByMerchant.has(item.id));
    for (const [fo, want] of perOrder) {
      wanted.set(fo, mode === "SHIP_COMPLETE" ? (completeAt.has(fo.assignedLocationId) && !letGo(fo) ? "ALL" : "NONE") : want);
    }
  }
  const commands: HoldCommand[] = [];
  const ordered = sortByGid(wanted.keys(), (fo) => fo.id);
  for (const fo of ordered) commands.push(...diffHold(fo, wanted.get(fo)!));
  return commands;
}

function diffHold(fo: FulfillmentOrder, want: Wanted): HoldCommand[] {
  const own = fo.holds.filter(isOwnHold).sort((a, b) => compareGids(a.id, b.id));
  const others = fo.holds.length - own.length;
  const release = (hold: FulfillmentHold): HoldCommand => ({ type: "RELEASE", fulfillmentOrderId: fo.id, holdId: hold.id });
  const hold = (lineItems: HeldLineItem[] | "ALL"): HoldCommand => ({
    type: "HOLD",
    fulfillmentOrderId: fo.id,
    handle: HOLD_HANDLE,
    reason: HOLD_REASON,
    lineItems,
  });
  // Only one of our holds can exist per order (one handle); any extra is released.
  const extras = own.slice(1).map(release);
  const current = own[0];
  if (want === "NONE") return own.map(release);
  // A held fulfillment order holds all its units: Shopify moved the rest out
  // when the hold was placed.
  if (current) {
    // Shrinking means release and hold again, which Shopify refuses while
    // another hold makes the order unsplittable; it cannot ship meanwhile anyway.
    if (want === "ALL" || others > 0) return extras;
    return [...extras, release(current), hold(want)];
  }
  // Line items cannot be given for a fulfillment order already on hold.
  return [hold(others > 0 ? "ALL" : want)];
}

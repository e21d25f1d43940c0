// The two facts about a fulfillment order the whole app agrees on: whether
// its units still wait to ship, and whether a hold on it is this app's own.
import type { FulfillmentHold, FulfillmentOrder, FulfillmentOrderStatus, Order } from "./facts";

/** Statuses whose units still wait to ship; SCHEDULED ones are not due yet, the rest are done. */
const OPEN_STATUSES: ReadonlySet<string> = new Set<FulfillmentOrderStatus>(["OPEN", "IN_PROGRESS", "ON_HOLD"]);

export function isOpenStatus(status: string): boolean {
  return OPEN_STATUSES.has(status);
}

/** A fulfillment order of an order that was not cancelled, whose units still wait to ship. */
export function isOpen(order: Pick<Order, "cancelledAt">, fulfillmentOrder: Pick<FulfillmentOrder, "status">): boolean {
  return order.cancelledAt === null && isOpenStatus(fulfillmentOrder.status);
}

/**
 * The one handle of this app's holds. Shopify keeps a handle unique per app
 * and fulfillment order, so a constant both names our hold and makes a
 * duplicate HOLD (a retried job, a second instance) fail instead of stacking.
 */
export const HOLD_HANDLE = "backorder-manager";
export const HOLD_REASON = "INVENTORY_OUT_OF_STOCK";

/** Placed by this app under its handle: the only holds it may release. */
export function isOwnHold(hold: FulfillmentHold): boolean {
  return hold.heldByRequestingApp && hold.handle === HOLD_HANDLE;
}

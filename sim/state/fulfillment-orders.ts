// Fulfillment orders: an order's lines grouped by the location that ships
// them, with Shopify's statuses and the actions each status allows.
import type { FulfillmentHold } from "./holds";
import { gid, type Gid } from "./ids";
import type { Order } from "./orders";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export type FulfillmentOrderStatus = "OPEN" | "ON_HOLD" | "IN_PROGRESS" | "CLOSED" | "CANCELLED" | "SCHEDULED" | "INCOMPLETE";

export interface FulfillmentOrderLineItem {
  id: Gid;
  lineItemId: Gid;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrder {
  id: Gid;
  orderId: Gid;
  locationId: Gid;
  status: FulfillmentOrderStatus;
  lineItems: FulfillmentOrderLineItem[];
  holds: FulfillmentHold[];
  createdAt: string;
  updatedAt: string;
}

export function newFulfillmentOrder(
  state: SimState,
  shop: ShopState,
  order: Order,
  locationId: Gid,
  lines: { lineItemId: Gid; quantity: number }[],
): FulfillmentOrder {
  const now = state.now();
  const fo: FulfillmentOrder = {
    id: gid("FulfillmentOrder", state.nextId()),
    orderId: order.id,
    locationId,
    status: "OPEN",
    lineItems: lines.map((l) => ({
      id: gid("FulfillmentOrderLineItem", state.nextId()),
      lineItemId: l.lineItemId,
      totalQuantity: l.quantity,
      remainingQuantity: l.quantity,
    })),
    holds: [],
    createdAt: now,
    updatedAt: now,
  };
  shop.fulfillmentOrders.set(fo.id, fo);
  return fo;
}

export function fulfillmentOrdersOf(shop: ShopState, orderId: Gid): FulfillmentOrder[] {
  return [...shop.fulfillmentOrders.values()].filter((fo) => fo.orderId === orderId);
}

export function closeIfEmpty(fo: FulfillmentOrder) {
  if (fo.lineItems.every((li) => li.remainingQuantity === 0)) {
    fo.status = "CLOSED";
    fo.holds = [];
  }
}

/** Shopify's supported actions for a merchant-managed fulfillment order. */
export function supportedActions(fo: FulfillmentOrder): string[] {
  switch (fo.status) {
    case "OPEN":
      return ["CREATE_FULFILLMENT", "REPORT_PROGRESS", "MOVE", "HOLD", "SPLIT"];
    case "IN_PROGRESS":
      return ["CREATE_FULFILLMENT", "REPORT_PROGRESS", "HOLD", "MARK_AS_OPEN"];
    case "ON_HOLD":
      return ["RELEASE_HOLD", "HOLD", "MOVE"];
    case "SCHEDULED":
      return ["MARK_AS_OPEN", "MOVE"];
    default:
      return [];
  }
}

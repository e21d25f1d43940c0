// Shipping: a fulfillment takes units off a fulfillment order and out of
// on_hand.
import { orderPayload } from "../payloads/orders";
import { SimError } from "./errors";
import { fulfillmentOrdersOf } from "./fulfillment-orders";
import { gid, type Gid } from "./ids";
import { ensureLevel, move, type InventoryLevel } from "./inventory";
import { findOrder } from "./orders";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface Fulfillment {
  id: Gid;
  orderId: Gid;
  fulfillmentOrderId: Gid;
  lines: { lineItemId: Gid; quantity: number }[];
  createdAt: string;
}

export interface FulfillInput {
  fulfillmentOrderId: Gid;
  lines?: { id: Gid; quantity: number }[];
}

/** Fulfils a fulfillment order (all remaining, or the given line quantities). */
export function fulfill(state: SimState, shop: ShopState, input: FulfillInput): Fulfillment {
  const fo = shop.fulfillmentOrders.get(input.fulfillmentOrderId);
  if (!fo) throw new SimError(`Unknown fulfillment order ${input.fulfillmentOrderId}`);
  if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") throw new SimError(`Fulfillment order is ${fo.status} and cannot be fulfilled`);
  const order = findOrder(shop, fo.orderId);
  const wanted =
    input.lines ?? fo.lineItems.filter((li) => li.remainingQuantity > 0).map((li) => ({ id: li.id, quantity: li.remainingQuantity }));
  const touched = new Set<InventoryLevel>();
  const fulfillment: Fulfillment = {
    id: gid("Fulfillment", state.nextId()),
    orderId: order.id,
    fulfillmentOrderId: fo.id,
    lines: [],
    createdAt: state.now(),
  };
  for (const w of wanted) {
    const li = fo.lineItems.find((x) => x.id === w.id);
    if (!li || w.quantity <= 0 || w.quantity > li.remainingQuantity) throw new SimError(`Invalid quantity for ${w.id}`);
  }
  for (const w of wanted) {
    const li = fo.lineItems.find((x) => x.id === w.id)!;
    li.remainingQuantity -= w.quantity;
    const line = order.lineItems.find((l) => l.id === li.lineItemId)!;
    const variant = shop.variants.get(line.variantId)!;
    const item = shop.inventoryItems.get(variant.inventoryItemId)!;
    // Shipping removes committed units from on_hand; available is untouched.
    if (item.tracked) move(state, shop, ensureLevel(state, shop, item.id, fo.locationId), { committed: -w.quantity }, touched);
    fulfillment.lines.push({ lineItemId: line.id, quantity: w.quantity });
  }
  fo.status = fo.lineItems.every((li) => li.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
  fo.updatedAt = state.now();
  shop.fulfillments.set(fulfillment.id, fulfillment);
  order.updatedAt = state.now();
  const allDone = fulfillmentOrdersOf(shop, order.id).every((f) => f.status === "CLOSED" || f.status === "CANCELLED");
  state.emit(shop.domain, allDone ? "orders/fulfilled" : "orders/partially_fulfilled", orderPayload(state, shop, order));
  state.emit(shop.domain, "orders/updated", orderPayload(state, shop, order));
  return fulfillment;
}

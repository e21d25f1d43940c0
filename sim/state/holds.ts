// Fulfillment holds, behind the fulfillmentOrderHold and
// fulfillmentOrderReleaseHold mutations, with their userErrors.
import { holdPayload } from "../payloads/holds";
import type { UserError } from "./errors";
import { newFulfillmentOrder, supportedActions, type FulfillmentOrder } from "./fulfillment-orders";
import { gid, type Gid } from "./ids";
import { findOrder } from "./orders";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export type FulfillmentHoldReason =
  | "AWAITING_PAYMENT"
  | "AWAITING_RETURN_ITEMS"
  | "HIGH_RISK_OF_FRAUD"
  | "INCORRECT_ADDRESS"
  | "INVENTORY_OUT_OF_STOCK"
  | "ONLINE_STORE_POST_PURCHASE_CROSS_SELL"
  | "OTHER"
  | "UNKNOWN_DELIVERY_DATE";

export interface FulfillmentHold {
  id: Gid;
  handle: string;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  /** Api key of the app that placed it; null when the merchant did. */
  appKey: string | null;
  externalId: string | null;
  createdAt: string;
}

export interface HoldInput {
  reason: FulfillmentHoldReason;
  reasonNotes?: string | null;
  handle?: string | null;
  externalId?: string | null;
  fulfillmentOrderLineItems?: { id: Gid; quantity: number }[] | null;
}

export interface HoldResult {
  userErrors: UserError[];
  hold?: FulfillmentHold;
  fulfillmentOrder?: FulfillmentOrder;
  remaining?: FulfillmentOrder;
}

const HOLD_LIMIT_PER_APP = 10;

/** fulfillmentOrderHold: a partial hold splits the fulfillment order. */
export function placeHold(state: SimState, shop: ShopState, appKey: string | null, foId: Gid, input: HoldInput): HoldResult {
  const fo = shop.fulfillmentOrders.get(foId);
  const err = (field: string[] | null, code: string | null, message: string) => ({ userErrors: [{ field, code, message }] });
  if (!fo) return err(["id"], "FULFILLMENT_ORDER_NOT_FOUND", "Fulfillment order does not exist.");
  if (!supportedActions(fo).includes("HOLD")) return err(["id"], null, `Fulfillment order cannot be placed on hold while ${fo.status}.`);
  const handle = input.handle ?? "";
  if (handle.length > 64) return err(["fulfillmentHold", "handle"], null, "Handle is too long (maximum is 64 characters)");
  const mine = fo.holds.filter((h) => h.appKey === appKey);
  if (mine.some((h) => h.handle === handle)) {
    return err(
      ["fulfillmentHold", "handle"],
      "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
      "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.",
    );
  }
  if (mine.length >= HOLD_LIMIT_PER_APP) {
    return err(
      ["id"],
      "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED",
      "The maximum number of fulfillment holds for this fulfillment order has been reached for this app.",
    );
  }
  const lines = input.fulfillmentOrderLineItems ?? [];
  let remaining: FulfillmentOrder | undefined;
  if (lines.length > 0) {
    const field = ["fulfillmentHold", "fulfillmentOrderLineItems"];
    if (fo.status === "ON_HOLD")
      return err(field, "FULFILLMENT_ORDER_NOT_SPLITTABLE", "The fulfillment order is not in a splittable state.");
    if (new Set(lines.map((l) => l.id)).size !== lines.length) {
      return err(field, "DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS", "The fulfillment order line items are not unique.");
    }
    for (const [i, l] of lines.entries()) {
      const li = fo.lineItems.find((x) => x.id === l.id);
      if (l.quantity <= 0)
        return err(
          [...field, String(i), "quantity"],
          "GREATER_THAN_ZERO",
          "The fulfillment order line item quantity must be greater than 0.",
        );
      if (!li || l.quantity > li.remainingQuantity) {
        return err([...field, String(i), "quantity"], "INVALID_LINE_ITEM_QUANTITY", "The fulfillment order line item quantity is invalid.");
      }
    }
    const heldQty = new Map(lines.map((l) => [l.id, l.quantity]));
    const coversAll = fo.lineItems.every((li) => li.remainingQuantity === 0 || heldQty.get(li.id) === li.remainingQuantity);
    if (!coversAll) remaining = split(state, shop, fo, heldQty);
  }
  const hold: FulfillmentHold = {
    id: gid("FulfillmentHold", state.nextId()),
    handle,
    reason: input.reason,
    reasonNotes: input.reasonNotes ?? null,
    appKey,
    externalId: input.externalId ?? null,
    createdAt: state.now(),
  };
  fo.holds.push(hold);
  fo.status = "ON_HOLD";
  fo.updatedAt = state.now();
  state.emit(shop.domain, "fulfillment_holds/added", holdPayload(state, fo, hold));
  return { userErrors: [], hold, fulfillmentOrder: fo, ...(remaining ? { remaining } : {}) };
}

/** Keeps `keep` quantities on `fo` and moves the rest to a new fulfillment order. */
function split(state: SimState, shop: ShopState, fo: FulfillmentOrder, keep: Map<Gid, number>): FulfillmentOrder {
  const order = findOrder(shop, fo.orderId);
  const moved: { lineItemId: Gid; quantity: number }[] = [];
  for (const li of fo.lineItems) {
    const kept = keep.get(li.id) ?? 0;
    const rest = li.remainingQuantity - kept;
    if (rest > 0) moved.push({ lineItemId: li.lineItemId, quantity: rest });
    li.totalQuantity -= rest;
    li.remainingQuantity = kept;
  }
  fo.lineItems = fo.lineItems.filter((li) => li.totalQuantity > 0);
  return newFulfillmentOrder(state, shop, order, fo.locationId, moved);
}

/** fulfillmentOrderReleaseHold: releasing the last hold reopens the fulfillment order. */
export function releaseHold(
  state: SimState,
  shop: ShopState,
  appKey: string | null,
  foId: Gid,
  holdIds?: Gid[] | null,
): { userErrors: UserError[]; fulfillmentOrder?: FulfillmentOrder } {
  const fo = shop.fulfillmentOrders.get(foId);
  if (!fo) return { userErrors: [{ field: ["id"], code: "FULFILLMENT_ORDER_NOT_FOUND", message: "Fulfillment order does not exist." }] };
  if (fo.status !== "ON_HOLD") return { userErrors: [{ field: ["id"], code: null, message: "The fulfillment order is not on hold." }] };
  // Ids of holds on other fulfillment orders are ignored, as documented.
  const targets = holdIds ? fo.holds.filter((h) => holdIds.includes(h.id)) : [...fo.holds];
  // The merchant (no app key) may release any hold, as in Shopify's admin.
  if (appKey !== null && holdIds && targets.some((h) => h.appKey !== appKey)) {
    return {
      userErrors: [{ field: ["holdIds"], code: "INVALID_ACCESS", message: "The app doesn't have access to release the fulfillment hold." }],
    };
  }
  fo.holds = fo.holds.filter((h) => !targets.includes(h));
  if (fo.holds.length === 0) {
    fo.status = fo.lineItems.some((li) => li.remainingQuantity < li.totalQuantity) ? "IN_PROGRESS" : "OPEN";
  }
  fo.updatedAt = state.now();
  for (const h of targets) state.emit(shop.domain, "fulfillment_holds/released", holdPayload(state, fo, h));
  return { userErrors: [], fulfillmentOrder: fo };
}

// Orders, as a customer places them and the merchant edits or cancels them:
// placing commits stock and creates one fulfillment order per location.
import { orderEditPayload, orderPayload } from "../payloads/orders";
import { addCustomer, type CustomerInput } from "./customers";
import { SimError } from "./errors";
import { closeIfEmpty, fulfillmentOrdersOf, newFulfillmentOrder } from "./fulfillment-orders";
import { gid, type Gid } from "./ids";
import { commit, emitInventory, findLevel, uncommit, type InventoryLevel } from "./inventory";
import { findLocation, type Location } from "./locations";
import type { HasMetafields } from "./metafields";
import { createRefund, refundAll, takePayment, type Refund, type RefundInput, type Transaction } from "./payments";
import { emitProductsOf, findVariant, type Variant, type VariantRef } from "./products";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface LineItem {
  id: Gid;
  variantId: Gid;
  productId: Gid;
  title: string;
  variantTitle: string;
  sku: string | null;
  /** Quantity ordered (after edits), as Shopify's `quantity`. */
  quantity: number;
  /** Quantity after removals and cancellation, as Shopify's `currentQuantity`. */
  currentQuantity: number;
  price: string;
  /** Line item properties from the product form (`properties[...]`), as Shopify's `customAttributes`. */
  customAttributes: { key: string; value: string }[];
}

export interface Order extends HasMetafields {
  number: number;
  name: string;
  email: string | null;
  /** The language the customer checked out in (Shopify's `customerLocale`). */
  customerLocale: string | null;
  customerId: Gid | null;
  lineItems: LineItem[];
  tags: string[];
  note: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF" | null;
  closedAt: string | null;
  edited: boolean;
  /** The sale taken at checkout and the refunds since, oldest first. */
  transactions: Transaction[];
  refunds: Refund[];
}

type NewLine = VariantRef & { quantity: number; locationId?: Gid; properties?: Record<string, string> };

export interface PlaceOrderInput {
  customerId?: Gid;
  customer?: CustomerInput;
  email?: string;
  /** The customer's language at checkout, such as `fr`; none when not given. */
  customerLocale?: string;
  tags?: string[];
  note?: string;
  /** Location for lines that name none; defaults to the first that has stock, else the first location. */
  locationId?: Gid;
  lines: NewLine[];
}

export interface EditOrderInput {
  orderId: Gid;
  /** New quantities for existing lines. */
  setQuantities?: { lineItemId: Gid; quantity: number; restock?: boolean }[];
  addLines?: NewLine[];
  /** Whether removed units go back to `available` (default true). */
  restock?: boolean;
  staffNote?: string;
  notifyCustomer?: boolean;
}

export interface CancelOrderInput {
  orderId: Gid;
  restock?: boolean;
  reason?: Order["cancelReason"];
  /** Refund what the customer paid (default false, as orderCancel's `refundMethod` absent). */
  refund?: boolean;
  staffNote?: string | null;
}

export function findOrder(shop: ShopState, id: Gid): Order {
  const order = shop.orders.get(id);
  if (!order) throw new SimError(`Unknown order ${id}`);
  return order;
}

function chooseLocation(shop: ShopState, variant: Variant, quantity: number, preferred?: Gid): Location {
  if (preferred) return findLocation(shop, preferred);
  const active = [...shop.locations.values()].filter((l) => l.isActive);
  const stocked = active.find((l) => (findLevel(shop, variant.inventoryItemId, l.id)?.quantities.available ?? 0) >= quantity);
  const loc = stocked ?? active[0];
  if (!loc) throw new SimError("The shop has no active location");
  return loc;
}

function newLineItem(state: SimState, shop: ShopState, variant: Variant, quantity: number, properties: NewLine["properties"]): LineItem {
  const product = shop.products.get(variant.productId)!;
  return {
    id: gid("LineItem", state.nextId()),
    variantId: variant.id,
    productId: product.id,
    title: product.title,
    variantTitle: variant.title,
    sku: variant.sku,
    quantity,
    currentQuantity: quantity,
    price: variant.price,
    customAttributes: Object.entries(properties ?? {}).map(([key, value]) => ({ key, value: String(value) })),
  };
}

/** Places an order: commits stock and creates one fulfillment order per location. */
export function placeOrder(state: SimState, shop: ShopState, input: PlaceOrderInput): Order {
  if (!input.lines?.length) throw new SimError("An order needs at least one line");
  const now = state.now();
  const customer = input.customerId
    ? shop.customers.get(input.customerId)
    : input.customer
      ? addCustomer(state, shop, input.customer)
      : undefined;
  if (input.customerId && !customer) throw new SimError(`Unknown customer ${input.customerId}`);
  const number = shop.nextOrderNumber++;
  const order: Order = {
    id: gid("Order", state.nextId()),
    number,
    name: `#${number}`,
    email: input.email ?? customer?.email ?? null,
    customerLocale: input.customerLocale ?? null,
    customerId: customer?.id ?? null,
    lineItems: [],
    tags: input.tags ?? [],
    note: input.note ?? null,
    metafields: [],
    createdAt: now,
    updatedAt: now,
    processedAt: now,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    edited: false,
    transactions: [],
    refunds: [],
  };
  // Validate every line before changing anything, so a refused order leaves no trace.
  const planned = input.lines.map((l) => {
    if (!Number.isInteger(l.quantity) || l.quantity <= 0) throw new SimError("Line quantities must be positive integers");
    const variant = findVariant(shop, l);
    const location = chooseLocation(shop, variant, l.quantity, l.locationId ?? input.locationId);
    return { variant, quantity: l.quantity, location, properties: l.properties };
  });
  const need = new Map<string, number>();
  for (const p of planned) {
    const item = shop.inventoryItems.get(p.variant.inventoryItemId)!;
    if (!item.tracked || p.variant.inventoryPolicy !== "DENY") continue;
    const key = `${item.id}|${p.location.id}`;
    need.set(key, (need.get(key) ?? 0) + p.quantity);
    const available = findLevel(shop, item.id, p.location.id)?.quantities.available ?? 0;
    if (available < need.get(key)!) {
      throw new SimError(
        `Not enough stock for ${p.variant.sku ?? p.variant.id} at ${p.location.name}: ${available} available, ${need.get(key)} ordered`,
      );
    }
  }
  const touched = new Set<InventoryLevel>();
  const byLocation = new Map<Gid, { lineItemId: Gid; quantity: number }[]>();
  for (const p of planned) {
    const line = newLineItem(state, shop, p.variant, p.quantity, p.properties);
    order.lineItems.push(line);
    commit(state, shop, p.variant, p.location, p.quantity, touched);
    const list = byLocation.get(p.location.id) ?? [];
    list.push({ lineItemId: line.id, quantity: p.quantity });
    byLocation.set(p.location.id, list);
  }
  shop.orders.set(order.id, order);
  takePayment(state, order);
  for (const [locationId, lines] of byLocation) newFulfillmentOrder(state, shop, order, locationId, lines);
  state.emit(shop.domain, "orders/create", orderPayload(state, shop, order));
  emitInventory(state, shop, touched);
  emitProductsOf(state, shop, order.lineItems);
  return order;
}

const isOpen = (fo: { status: string }) => fo.status !== "CLOSED" && fo.status !== "CANCELLED";

/** A line's units not yet fulfilled: those its open fulfillment orders still have to ship. */
export function unfulfilledOf(shop: ShopState, order: Order, line: LineItem): number {
  return fulfillmentOrdersOf(shop, order.id)
    .filter(isOpen)
    .flatMap((fo) => fo.lineItems.filter((li) => li.lineItemId === line.id))
    .reduce((s, li) => s + li.remainingQuantity, 0);
}

/**
 * Takes `count` unfulfilled units of a line off its open fulfillment orders,
 * held ones included (Shopify edits an order on hold too); a fulfillment
 * order left with nothing to ship closes and its holds go. The units leave
 * `committed`; with `restock` they go back to `available`, without it they
 * leave the shelf count too.
 */
function removeUnits(
  state: SimState,
  shop: ShopState,
  order: Order,
  line: LineItem,
  count: number,
  restockUnits: boolean,
  touched: Set<InventoryLevel>,
) {
  const variant = shop.variants.get(line.variantId)!;
  let toRemove = count;
  for (const fo of fulfillmentOrdersOf(shop, order.id).filter(isOpen)) {
    for (const li of fo.lineItems.filter((x) => x.lineItemId === line.id)) {
      const take = Math.min(toRemove, li.remainingQuantity);
      if (take === 0) continue;
      li.remainingQuantity -= take;
      li.totalQuantity -= take;
      toRemove -= take;
      uncommit(state, shop, variant, fo.locationId, take, restockUnits, touched);
      fo.updatedAt = state.now();
    }
    closeIfEmpty(fo);
  }
  line.currentQuantity -= count;
}

/** Edits an order as Shopify's order editing does: quantity changes and added lines. */
export function editOrder(state: SimState, shop: ShopState, input: EditOrderInput): Order {
  const order = findOrder(shop, input.orderId);
  if (order.cancelledAt) throw new SimError("A cancelled order cannot be edited");
  const touched = new Set<InventoryLevel>();
  const additions: { id: Gid; delta: number }[] = [];
  const removals: { id: Gid; delta: number }[] = [];
  const openFos = () => fulfillmentOrdersOf(shop, order.id).filter(isOpen);
  for (const change of input.setQuantities ?? []) {
    const line = order.lineItems.find((l) => l.id === change.lineItemId);
    if (!line) throw new SimError(`Unknown line item ${change.lineItemId}`);
    const fulfilled = line.currentQuantity - unfulfilledOf(shop, order, line);
    if (change.quantity < fulfilled) throw new SimError(`Line ${line.id} already has ${fulfilled} fulfilled`);
    const delta = change.quantity - line.currentQuantity;
    const variant = shop.variants.get(line.variantId)!;
    if (delta < 0) {
      removeUnits(state, shop, order, line, -delta, (change.restock ?? input.restock) !== false, touched);
      removals.push({ id: line.id, delta: -delta });
    } else if (delta > 0) {
      const fo = openFos().find((f) => f.lineItems.some((li) => li.lineItemId === line.id));
      const location = findLocation(shop, fo?.locationId ?? chooseLocation(shop, variant, delta).id);
      commit(state, shop, variant, location, delta, touched);
      const li = fo?.lineItems.find((x) => x.lineItemId === line.id);
      if (fo && li) {
        li.totalQuantity += delta;
        li.remainingQuantity += delta;
        fo.updatedAt = state.now();
      } else {
        newFulfillmentOrder(state, shop, order, location.id, [{ lineItemId: line.id, quantity: delta }]);
      }
      additions.push({ id: line.id, delta });
    }
    // Shopify keeps `quantity` as ordered and raises it only when an edit adds units.
    if (delta > 0) line.currentQuantity = change.quantity;
    line.quantity = Math.max(line.quantity, change.quantity);
  }
  const added = new Map<Gid, { lineItemId: Gid; quantity: number }[]>();
  for (const add of input.addLines ?? []) {
    const variant = findVariant(shop, add);
    const location = chooseLocation(shop, variant, add.quantity, add.locationId);
    commit(state, shop, variant, location, add.quantity, touched);
    const line = newLineItem(state, shop, variant, add.quantity, add.properties);
    order.lineItems.push(line);
    const list = added.get(location.id) ?? [];
    list.push({ lineItemId: line.id, quantity: add.quantity });
    added.set(location.id, list);
    additions.push({ id: line.id, delta: add.quantity });
  }
  // Items added by an edit get a fulfillment order of their own.
  for (const [locationId, lines] of added) newFulfillmentOrder(state, shop, order, locationId, lines);
  order.edited = true;
  order.updatedAt = state.now();
  state.emit(
    shop.domain,
    "orders/edited",
    orderEditPayload(state, order, { additions, removals, staffNote: input.staffNote, notifyCustomer: input.notifyCustomer }),
  );
  state.emit(shop.domain, "orders/updated", orderPayload(state, shop, order));
  emitInventory(state, shop, touched);
  return order;
}

/** refundCreate: records the refund; Shopify also sends refunds/create, which the app does not subscribe to, and orders/updated. */
export function refundOrder(state: SimState, shop: ShopState, order: Order, input: RefundInput): Refund {
  const refund = createRefund(state, order, input);
  state.emit(shop.domain, "orders/updated", orderPayload(state, shop, order));
  return refund;
}

/** Why Shopify would refuse to cancel the order now; null when it may be cancelled. */
export function cancelRefusal(shop: ShopState, order: Order): string | null {
  if (order.cancelledAt) return "Order has already been cancelled";
  // Shopify cancels an unfulfilled or partially fulfilled order (the shipped units stay shipped); a fulfilled one
  // has nothing left to cancel: the merchant refunds or takes a return instead.
  const shipped = [...shop.fulfillments.values()].some((f) => f.orderId === order.id);
  if (shipped && order.lineItems.every((line) => unfulfilledOf(shop, order, line) === 0)) return "Cannot cancel a fulfilled order";
  return null;
}

/**
 * Cancels an order: its open fulfillment orders close (held ones too, their
 * holds released), unfulfilled units leave `committed` (back to `available`
 * unless `restock` is false), and with `refund` what the customer paid goes
 * back to them.
 */
export function cancelOrder(state: SimState, shop: ShopState, input: CancelOrderInput): Order {
  const order = findOrder(shop, input.orderId);
  const refusal = cancelRefusal(shop, order);
  if (refusal) throw new SimError(refusal);
  const touched = new Set<InventoryLevel>();
  for (const line of order.lineItems) {
    const unfulfilled = unfulfilledOf(shop, order, line);
    if (unfulfilled > 0) removeUnits(state, shop, order, line, unfulfilled, input.restock !== false, touched);
  }
  for (const fo of fulfillmentOrdersOf(shop, order.id).filter(isOpen)) {
    fo.status = "CLOSED";
    fo.holds = [];
    fo.updatedAt = state.now();
  }
  const now = state.now();
  if (input.refund) refundAll(state, order, input.staffNote ?? null);
  order.cancelledAt = now;
  order.closedAt = now;
  order.cancelReason = input.reason ?? "CUSTOMER";
  order.updatedAt = now;
  state.emit(shop.domain, "orders/cancelled", orderPayload(state, shop, order));
  state.emit(shop.domain, "orders/updated", orderPayload(state, shop, order));
  emitInventory(state, shop, touched);
  return order;
}

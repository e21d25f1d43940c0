// In-memory state of every simulated shop, and the actions that change it
// with Shopify's rules. Records are plain data, defined with the rules of
// their area in the modules beside this one; resolvers/ projects them to
// GraphQL and payloads/ to webhook bodies. Each action emits the webhooks
// Shopify would send as events. Code outside state/ acts through SimState.
import { SimError, type UserError } from "./errors";
import * as flowTriggers from "./flow-triggers";
import * as fulfillmentOrders from "./fulfillment-orders";
import * as fulfillments from "./fulfillments";
import * as holds from "./holds";
import { gid, type Gid } from "./ids";
import * as inventory from "./inventory";
import * as orderEdits from "./order-edits";
import * as orders from "./orders";
import * as payments from "./payments";
import * as products from "./products";
import { seedShop, type SeedInput } from "./seed";
import { newShop, type App, type ShopInput, type ShopState } from "./shops";

export interface SimEvent {
  topic: string;
  shop: string;
  payload: Record<string, unknown>;
  eventId: string;
  triggeredAt: string;
}

export class SimState {
  readonly shops = new Map<string, ShopState>();
  readonly apps = new Map<string, App>();
  private seq = 1000;
  /** Where the shops' online stores are served (`http://<name>.localhost:<port>`), once the server listens. */
  storefrontPort: number | null = null;
  private listeners: ((event: SimEvent) => void)[] = [];

  constructor(readonly clock: () => number = Date.now) {}

  nextId(): number {
    return ++this.seq;
  }

  now(): string {
    return new Date(this.clock()).toISOString();
  }

  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Tells the listeners what Shopify would send a webhook about. */
  emit(shop: string, topic: string, payload: Record<string, unknown>) {
    const event: SimEvent = { topic, shop, payload, eventId: crypto.randomUUID(), triggeredAt: this.now() };
    for (const l of this.listeners) l(event);
  }

  registerApp(apiKey: string, triggers: App["flowTriggers"] = new Map(), title = "Backorder Manager"): App {
    let app = this.apps.get(apiKey);
    if (!app) {
      app = { id: gid("App", this.nextId()), apiKey, title, handle: title.toLowerCase().replace(/\W+/g, "-"), flowTriggers: triggers };
      this.apps.set(apiKey, app);
    }
    return app;
  }

  shop(domain: string): ShopState {
    const shop = this.shops.get(domain);
    if (!shop) throw new SimError(`Unknown shop ${domain}`);
    return shop;
  }

  ensureShop(domain: string, input: ShopInput = {}): ShopState {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) throw new SimError(`Invalid shop domain ${domain}`);
    let shop = this.shops.get(domain);
    if (!shop) {
      shop = newShop(this, domain, input);
      this.shops.set(domain, shop);
    }
    return shop;
  }

  // ---- what the merchant and customers do (control API, tests) ----

  /** Creates the shop if needed and adds locations, products (with stock) and customers. */
  seed(domain: string, input: SeedInput) {
    return seedShop(this, this.ensureShop(domain, input), input);
  }

  placeOrder(domain: string, input: orders.PlaceOrderInput): orders.Order {
    return orders.placeOrder(this, this.shop(domain), input);
  }

  editOrder(domain: string, input: orders.EditOrderInput): orders.Order {
    return orders.editOrder(this, this.shop(domain), input);
  }

  cancelOrder(domain: string, input: orders.CancelOrderInput): orders.Order {
    return orders.cancelOrder(this, this.shop(domain), input);
  }

  receiveStock(domain: string, input: inventory.ReceiveStockInput): inventory.InventoryLevel {
    return inventory.receiveStock(this, this.shop(domain), input);
  }

  fulfill(domain: string, input: fulfillments.FulfillInput): fulfillments.Fulfillment {
    return fulfillments.fulfill(this, this.shop(domain), input);
  }

  // ---- operations behind the Admin API mutations ----

  hold(domain: string, appKey: string | null, foId: Gid, input: holds.HoldInput): holds.HoldResult {
    return holds.placeHold(this, this.shop(domain), appKey, foId, input);
  }

  releaseHold(
    domain: string,
    appKey: string | null,
    foId: Gid,
    holdIds?: Gid[] | null,
  ): { userErrors: UserError[]; fulfillmentOrder?: fulfillmentOrders.FulfillmentOrder } {
    return holds.releaseHold(this, this.shop(domain), appKey, foId, holdIds);
  }

  /** flowTriggerReceive: Flow's checks; an accepted trigger is kept on the shop. */
  receiveFlowTrigger(domain: string, app: App, handle: string | null | undefined, payload: unknown): flowTriggers.FlowUserError[] {
    return flowTriggers.receiveFlowTrigger(this, this.shop(domain), app.flowTriggers, handle, payload);
  }

  beginEdit(domain: string, orderId: Gid) {
    return orderEdits.beginEdit(this, this.shop(domain), orderId);
  }

  setEditQuantity(domain: string, input: Parameters<typeof orderEdits.setQuantity>[1]) {
    return orderEdits.setQuantity(this.shop(domain), input);
  }

  commitEdit(domain: string, input: Parameters<typeof orderEdits.commitEdit>[2]) {
    return orderEdits.commitEdit(this, this.shop(domain), input);
  }

  /** refundCreate: a refusal is a userError, as Shopify gives it. */
  refund(domain: string, input: payments.RefundInput): { userErrors: UserError[]; refund?: payments.Refund; order?: orders.Order } {
    const shop = this.shop(domain);
    const order = shop.orders.get(input.orderId);
    if (!order) return { userErrors: [{ field: ["orderId"], message: "Order does not exist", code: null }] };
    try {
      return { userErrors: [], refund: orders.refundOrder(this, shop, order, input), order };
    } catch (error) {
      if (error instanceof SimError) return { userErrors: [{ field: null, message: error.message, code: null }] };
      throw error;
    }
  }

  /** orderCancel: a refusal is an OrderCancelUserError. */
  cancel(domain: string, input: orders.CancelOrderInput): { userErrors: UserError[]; order?: orders.Order } {
    const shop = this.shop(domain);
    const order = shop.orders.get(input.orderId);
    if (!order) return { userErrors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] };
    const refusal = orders.cancelRefusal(shop, order);
    if (refusal) return { userErrors: [{ field: ["orderId"], message: refusal, code: "INVALID" }] };
    return { userErrors: [], order: orders.cancelOrder(this, shop, input) };
  }

  productChanged(shop: ShopState, product: products.Product) {
    products.productChanged(this, shop, product);
  }

  ensureLevel(shop: ShopState, itemId: Gid, locationId: Gid): inventory.InventoryLevel {
    return inventory.ensureLevel(this, shop, itemId, locationId);
  }

  adjust(shop: ShopState, level: inventory.InventoryLevel, name: inventory.StoredQuantityName, delta: number) {
    inventory.adjust(this, shop, level, name, delta);
  }

  // ---- reads ----

  order(shop: ShopState, id: Gid): orders.Order {
    return orders.findOrder(shop, id);
  }

  findLevel(shop: ShopState, itemId: Gid, locationId: Gid): inventory.InventoryLevel | undefined {
    return inventory.findLevel(shop, itemId, locationId);
  }

  onHand(level: inventory.InventoryLevel): number {
    return inventory.onHand(level);
  }

  quantity(level: inventory.InventoryLevel, name: inventory.QuantityName): number {
    return inventory.quantity(level, name);
  }

  fulfillmentOrdersOf(shop: ShopState, orderId: Gid): fulfillmentOrders.FulfillmentOrder[] {
    return fulfillmentOrders.fulfillmentOrdersOf(shop, orderId);
  }

  supportedActions(fo: fulfillmentOrders.FulfillmentOrder): string[] {
    return fulfillmentOrders.supportedActions(fo);
  }
}

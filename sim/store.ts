// In-memory state of every simulated shop, and the actions that change it
// with Shopify's rules (inventory states, fulfillment orders, holds). Records
// are plain data; resolvers.ts projects them to GraphQL and payloads.ts to
// webhook bodies. Each action reports the webhooks Shopify would send.
import { orderPayload, orderEditPayload, inventoryLevelPayload, productPayload, holdPayload } from "./payloads";

export type Gid = string;
export const gid = (type: string, n: number | string): Gid => `gid://shopify/${type}/${n}`;
/** The numeric id inside a GID (`gid://shopify/Order/1001?x=y` → 1001). */
export const legacyId = (id: Gid): number => Number(/\/(\d+)(?:\?.*)?$/.exec(id)?.[1] ?? NaN);
export const gidType = (id: string): string | undefined => /^gid:\/\/shopify\/(\w+)\/\d+/.exec(id)?.[1];

/** Quantity names Shopify stores; `on_hand` is their sum minus `incoming`. */
export const STORED_QUANTITY_NAMES = ["available", "committed", "damaged", "incoming", "quality_control", "reserved", "safety_stock"] as const;
export type StoredQuantityName = (typeof STORED_QUANTITY_NAMES)[number];
export const QUANTITY_NAMES = [...STORED_QUANTITY_NAMES, "on_hand"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface Metafield {
  id: Gid;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

interface HasMetafields {
  id: Gid;
  metafields: Metafield[];
}

export interface ProductImage {
  id: Gid;
  src: string;
  alt: string | null;
  width: number;
  height: number;
  createdAt: string;
}

export interface Product extends HasMetafields {
  title: string;
  image: ProductImage | null;
  handle: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  vendor: string;
  productType: string;
  tags: string[];
  variantIds: Gid[];
  createdAt: string;
  updatedAt: string;
}

export type InventoryPolicy = "CONTINUE" | "DENY";

export interface Variant extends HasMetafields {
  productId: Gid;
  title: string;
  sku: string | null;
  price: string;
  inventoryPolicy: InventoryPolicy;
  inventoryItemId: Gid;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItem {
  id: Gid;
  variantId: Gid;
  tracked: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Location extends HasMetafields {
  name: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryLevel {
  id: Gid;
  itemId: Gid;
  locationId: Gid;
  quantities: Record<StoredQuantityName, number>;
  createdAt: string;
  updatedAt: string;
}

export interface Customer extends HasMetafields {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

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
}

export interface Order extends HasMetafields {
  number: number;
  name: string;
  email: string | null;
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
}

export type FulfillmentOrderStatus = "OPEN" | "ON_HOLD" | "IN_PROGRESS" | "CLOSED" | "CANCELLED" | "SCHEDULED" | "INCOMPLETE";

export interface FulfillmentOrderLineItem {
  id: Gid;
  lineItemId: Gid;
  totalQuantity: number;
  remainingQuantity: number;
}

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

export interface Fulfillment {
  id: Gid;
  orderId: Gid;
  fulfillmentOrderId: Gid;
  lines: { lineItemId: Gid; quantity: number }[];
  createdAt: string;
}

export interface App {
  id: Gid;
  apiKey: string;
  title: string;
  handle: string;
}

export interface ShopState {
  domain: string;
  id: Gid;
  name: string;
  email: string;
  currencyCode: string;
  createdAt: string;
  nextOrderNumber: number;
  metafields: Metafield[];
  products: Map<Gid, Product>;
  variants: Map<Gid, Variant>;
  inventoryItems: Map<Gid, InventoryItem>;
  locations: Map<Gid, Location>;
  /** Keyed by `${itemId}|${locationId}`. */
  levels: Map<string, InventoryLevel>;
  customers: Map<Gid, Customer>;
  orders: Map<Gid, Order>;
  fulfillmentOrders: Map<Gid, FulfillmentOrder>;
  fulfillments: Map<Gid, Fulfillment>;
}

export interface SimEvent {
  topic: string;
  shop: string;
  payload: Record<string, unknown>;
  eventId: string;
  triggeredAt: string;
}

/** A request Shopify would refuse; the control API answers 422 with it. */
export class SimError extends Error {}

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
  elementIndex?: number;
}

// ---- seed and action inputs (also the control API's JSON bodies) ----

export interface SeedInput {
  name?: string;
  email?: string;
  currencyCode?: string;
  locations?: { name: string }[];
  products?: {
    title: string;
    handle?: string;
    /** Image URL; null for none. Defaults to a placeholder URL, since most real products have one. */
    image?: string | null;
    vendor?: string;
    tags?: string[];
    variants: {
      title?: string;
      sku?: string;
      price?: string;
      inventoryPolicy?: InventoryPolicy;
      tracked?: boolean;
      /** Available quantity per location name (or location GID). */
      stock?: Record<string, number>;
      metafields?: { namespace: string; key: string; type: string; value: string }[];
    }[];
  }[];
  customers?: { firstName?: string; lastName?: string; email?: string; tags?: string[] }[];
}

export interface VariantRef {
  variantId?: Gid;
  sku?: string;
}

export interface PlaceOrderInput {
  customerId?: Gid;
  customer?: { firstName?: string; lastName?: string; email?: string; tags?: string[] };
  email?: string;
  tags?: string[];
  note?: string;
  /** Location for lines that name none; defaults to the first that has stock, else the first location. */
  locationId?: Gid;
  lines: (VariantRef & { quantity: number; locationId?: Gid })[];
}

export interface EditOrderInput {
  orderId: Gid;
  /** New quantities for existing lines. */
  setQuantities?: { lineItemId: Gid; quantity: number }[];
  addLines?: (VariantRef & { quantity: number; locationId?: Gid })[];
}

export interface HoldInput {
  reason: FulfillmentHoldReason;
  reasonNotes?: string | null;
  handle?: string | null;
  externalId?: string | null;
  fulfillmentOrderLineItems?: { id: Gid; quantity: number }[] | null;
}

const HOLD_LIMIT_PER_APP = 10;

export class SimState {
  readonly shops = new Map<string, ShopState>();
  readonly apps = new Map<string, App>();
  private seq = 1000;
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

  private emit(shop: string, topic: string, payload: Record<string, unknown>) {
    const event: SimEvent = { topic, shop, payload, eventId: crypto.randomUUID(), triggeredAt: this.now() };
    for (const l of this.listeners) l(event);
  }

  registerApp(apiKey: string, title = "Backorder Manager"): App {
    let app = this.apps.get(apiKey);
    if (!app) {
      app = { id: gid("App", this.nextId()), apiKey, title, handle: title.toLowerCase().replace(/\W+/g, "-") };
      this.apps.set(apiKey, app);
    }
    return app;
  }

  shop(domain: string): ShopState {
    const shop = this.shops.get(domain);
    if (!shop) throw new SimError(`Unknown shop ${domain}`);
    return shop;
  }

  ensureShop(domain: string, input: Pick<SeedInput, "name" | "email" | "currencyCode"> = {}): ShopState {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) throw new SimError(`Invalid shop domain ${domain}`);
    let shop = this.shops.get(domain);
    if (!shop) {
      const now = this.now();
      shop = {
        domain,
        id: gid("Shop", this.nextId()),
        name: input.name ?? domain.replace(/\.myshopify\.com$/, ""),
        email: input.email ?? `owner@${domain}`,
        currencyCode: input.currencyCode ?? "USD",
        createdAt: now,
        nextOrderNumber: 1001,
        metafields: [],
        products: new Map(),
        variants: new Map(),
        inventoryItems: new Map(),
        locations: new Map(),
        levels: new Map(),
        customers: new Map(),
        orders: new Map(),
        fulfillmentOrders: new Map(),
        fulfillments: new Map(),
      };
      this.shops.set(domain, shop);
    }
    return shop;
  }

  /** Creates the shop if needed and adds locations, products (with stock) and customers. */
  seed(domain: string, input: SeedInput) {
    const shop = this.ensureShop(domain, input);
    const now = this.now();
    for (const l of input.locations ?? []) this.addLocation(shop, l.name);
    if (shop.locations.size === 0) this.addLocation(shop, "Shop location");
    const products: Product[] = [];
    for (const p of input.products ?? []) {
      const handle = p.handle ?? p.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      const product: Product = {
        id: gid("Product", this.nextId()),
        title: p.title,
        handle,
        image:
          p.image === null
            ? null
            : { id: gid("ProductImage", this.nextId()), src: p.image ?? `https://${domain}/cdn/shop/files/${handle}.png`, alt: p.title, width: 800, height: 800, createdAt: now },
        status: "ACTIVE",
        vendor: p.vendor ?? shop.name,
        productType: "",
        tags: p.tags ?? [],
        variantIds: [],
        metafields: [],
        createdAt: now,
        updatedAt: now,
      };
      shop.products.set(product.id, product);
      p.variants.forEach((v, i) => {
        const variantId = gid("ProductVariant", this.nextId());
        const item: InventoryItem = { id: gid("InventoryItem", this.nextId()), variantId, tracked: v.tracked ?? true, createdAt: now, updatedAt: now };
        const variant: Variant = {
          id: variantId,
          productId: product.id,
          title: v.title ?? "Default Title",
          sku: v.sku ?? null,
          price: v.price ?? "10.00",
          inventoryPolicy: v.inventoryPolicy ?? "DENY",
          inventoryItemId: item.id,
          position: i + 1,
          metafields: (v.metafields ?? []).map((m) => ({ ...m, id: gid("Metafield", this.nextId()), createdAt: now, updatedAt: now })),
          createdAt: now,
          updatedAt: now,
        };
        shop.variants.set(variant.id, variant);
        shop.inventoryItems.set(item.id, item);
        product.variantIds.push(variant.id);
        // Shopify stocks a new item at every active location.
        for (const loc of shop.locations.values()) this.level(shop, item.id, loc.id);
        for (const [where, qty] of Object.entries(v.stock ?? {})) {
          const loc = this.findLocation(shop, where);
          this.level(shop, item.id, loc.id).quantities.available += qty;
        }
      });
      products.push(product);
    }
    const customers = (input.customers ?? []).map((c) => this.addCustomer(shop, c));
    return { shop, products, customers };
  }

  private addLocation(shop: ShopState, name: string): Location {
    const existing = [...shop.locations.values()].find((l) => l.name === name);
    if (existing) return existing;
    const now = this.now();
    const loc: Location = { id: gid("Location", this.nextId()), name, isActive: true, metafields: [], createdAt: now, updatedAt: now };
    shop.locations.set(loc.id, loc);
    for (const item of shop.inventoryItems.values()) this.level(shop, item.id, loc.id);
    return loc;
  }

  findLocation(shop: ShopState, nameOrId: string): Location {
    const loc = shop.locations.get(nameOrId) ?? [...shop.locations.values()].find((l) => l.name === nameOrId);
    if (!loc) throw new SimError(`Unknown location ${nameOrId}`);
    return loc;
  }

  private addCustomer(shop: ShopState, c: NonNullable<PlaceOrderInput["customer"]>): Customer {
    const existing = c.email ? [...shop.customers.values()].find((x) => x.email === c.email) : undefined;
    if (existing) return existing;
    const now = this.now();
    const customer: Customer = {
      id: gid("Customer", this.nextId()),
      firstName: c.firstName ?? null,
      lastName: c.lastName ?? null,
      email: c.email ?? null,
      tags: c.tags ?? [],
      metafields: [],
      createdAt: now,
      updatedAt: now,
    };
    shop.customers.set(customer.id, customer);
    return customer;
  }

  /** The level for an item at a location, created (all zero) when missing. */
  level(shop: ShopState, itemId: Gid, locationId: Gid): InventoryLevel {
    const key = `${itemId}|${locationId}`;
    let level = shop.levels.get(key);
    if (!level) {
      const now = this.now();
      const quantities = Object.fromEntries(STORED_QUANTITY_NAMES.map((n) => [n, 0])) as Record<StoredQuantityName, number>;
      level = { id: `${gid("InventoryLevel", this.nextId())}?inventory_item_id=${legacyId(itemId)}`, itemId, locationId, quantities, createdAt: now, updatedAt: now };
      shop.levels.set(key, level);
    }
    return level;
  }

  findLevel(shop: ShopState, itemId: Gid, locationId: Gid): InventoryLevel | undefined {
    return shop.levels.get(`${itemId}|${locationId}`);
  }

  findVariant(shop: ShopState, ref: VariantRef): Variant {
    const v = ref.variantId ? shop.variants.get(ref.variantId) : [...shop.variants.values()].find((x) => ref.sku && x.sku === ref.sku);
    if (!v) throw new SimError(`Unknown variant ${ref.variantId ?? ref.sku}`);
    return v;
  }

  /** Moves `delta` of a named quantity; records the time and emits inventory_levels/update when `available` moved. */
  private move(shop: ShopState, level: InventoryLevel, changes: Partial<Record<StoredQuantityName, number>>, touched?: Set<InventoryLevel>) {
    for (const [name, delta] of Object.entries(changes) as [StoredQuantityName, number][]) level.quantities[name] += delta;
    level.updatedAt = this.now();
    if (changes.available) {
      if (touched) touched.add(level);
      else this.emit(shop.domain, "inventory_levels/update", inventoryLevelPayload(level));
    }
  }

  /** Changes one named quantity, for the inventory mutations. */
  adjust(shop: ShopState, level: InventoryLevel, name: StoredQuantityName, delta: number) {
    this.move(shop, level, { [name]: delta });
  }

  onHand(level: InventoryLevel): number {
    const q = level.quantities;
    return q.available + q.committed + q.damaged + q.quality_control + q.reserved + q.safety_stock;
  }

  quantity(level: InventoryLevel, name: QuantityName): number {
    return name === "on_hand" ? this.onHand(level) : level.quantities[name];
  }

  private chooseLocation(shop: ShopState, variant: Variant, quantity: number, preferred?: Gid): Location {
    if (preferred) return this.findLocation(shop, preferred);
    const active = [...shop.locations.values()].filter((l) => l.isActive);
    const stocked = active.find((l) => (this.findLevel(shop, variant.inventoryItemId, l.id)?.quantities.available ?? 0) >= quantity);
    const loc = stocked ?? active[0];
    if (!loc) throw new SimError("The shop has no active location");
    return loc;
  }

  /** Commits stock for a new line; DENY variants refuse to oversell. */
  private commit(shop: ShopState, variant: Variant, location: Location, quantity: number, touched: Set<InventoryLevel>) {
    const item = shop.inventoryItems.get(variant.inventoryItemId)!;
    if (!item.tracked) return;
    const level = this.level(shop, item.id, location.id);
    if (variant.inventoryPolicy === "DENY" && level.quantities.available < quantity) {
      throw new SimError(`Not enough stock for ${variant.sku ?? variant.id} at ${location.name}: ${level.quantities.available} available, ${quantity} ordered`);
    }
    this.move(shop, level, { available: -quantity, committed: quantity }, touched);
  }

  private newLineItem(shop: ShopState, variant: Variant, quantity: number): LineItem {
    const product = shop.products.get(variant.productId)!;
    return {
      id: gid("LineItem", this.nextId()),
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      variantTitle: variant.title,
      sku: variant.sku,
      quantity,
      currentQuantity: quantity,
      price: variant.price,
    };
  }

  private newFulfillmentOrder(shop: ShopState, order: Order, locationId: Gid, lines: { lineItemId: Gid; quantity: number }[]): FulfillmentOrder {
    const now = this.now();
    const fo: FulfillmentOrder = {
      id: gid("FulfillmentOrder", this.nextId()),
      orderId: order.id,
      locationId,
      status: "OPEN",
      lineItems: lines.map((l) => ({ id: gid("FulfillmentOrderLineItem", this.nextId()), lineItemId: l.lineItemId, totalQuantity: l.quantity, remainingQuantity: l.quantity })),
      holds: [],
      createdAt: now,
      updatedAt: now,
    };
    shop.fulfillmentOrders.set(fo.id, fo);
    return fo;
  }

  fulfillmentOrdersOf(shop: ShopState, orderId: Gid): FulfillmentOrder[] {
    return [...shop.fulfillmentOrders.values()].filter((fo) => fo.orderId === orderId);
  }

  private emitInventory(shop: ShopState, touched: Set<InventoryLevel>) {
    for (const level of touched) this.emit(shop.domain, "inventory_levels/update", inventoryLevelPayload(level));
  }

  private emitProductsOf(shop: ShopState, lines: { productId: Gid }[]) {
    for (const id of new Set(lines.map((l) => l.productId))) this.emit(shop.domain, "products/update", productPayload(this, shop, shop.products.get(id)!));
  }

  /** Places an order: commits stock and creates one fulfillment order per location. */
  placeOrder(domain: string, input: PlaceOrderInput): Order {
    const shop = this.shop(domain);
    if (!input.lines?.length) throw new SimError("An order needs at least one line");
    const now = this.now();
    const customer = input.customerId
      ? shop.customers.get(input.customerId)
      : input.customer
        ? this.addCustomer(shop, input.customer)
        : undefined;
    if (input.customerId && !customer) throw new SimError(`Unknown customer ${input.customerId}`);
    const number = shop.nextOrderNumber++;
    const order: Order = {
      id: gid("Order", this.nextId()),
      number,
      name: `#${number}`,
      email: input.email ?? customer?.email ?? null,
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
    };
    // Validate every line before changing anything, so a refused order leaves no trace.
    const planned = input.lines.map((l) => {
      if (!Number.isInteger(l.quantity) || l.quantity <= 0) throw new SimError("Line quantities must be positive integers");
      const variant = this.findVariant(shop, l);
      return { variant, quantity: l.quantity, location: this.chooseLocation(shop, variant, l.quantity, l.locationId ?? input.locationId) };
    });
    const need = new Map<string, number>();
    for (const p of planned) {
      const item = shop.inventoryItems.get(p.variant.inventoryItemId)!;
      if (!item.tracked || p.variant.inventoryPolicy !== "DENY") continue;
      const key = `${item.id}|${p.location.id}`;
      need.set(key, (need.get(key) ?? 0) + p.quantity);
      const available = this.findLevel(shop, item.id, p.location.id)?.quantities.available ?? 0;
      if (available < need.get(key)!) {
        throw new SimError(`Not enough stock for ${p.variant.sku ?? p.variant.id} at ${p.location.name}: ${available} available, ${need.get(key)} ordered`);
      }
    }
    const touched = new Set<InventoryLevel>();
    const byLocation = new Map<Gid, { lineItemId: Gid; quantity: number }[]>();
    for (const p of planned) {
      const line = this.newLineItem(shop, p.variant, p.quantity);
      order.lineItems.push(line);
      this.commit(shop, p.variant, p.location, p.quantity, touched);
      const list = byLocation.get(p.location.id) ?? [];
      list.push({ lineItemId: line.id, quantity: p.quantity });
      byLocation.set(p.location.id, list);
    }
    shop.orders.set(order.id, order);
    for (const [locationId, lines] of byLocation) this.newFulfillmentOrder(shop, order, locationId, lines);
    this.emit(domain, "orders/create", orderPayload(this, shop, order));
    this.emitInventory(shop, touched);
    this.emitProductsOf(shop, order.lineItems);
    return order;
  }

  /** Edits an order as Shopify's order editing does: quantity changes and added lines. */
  editOrder(domain: string, input: EditOrderInput): Order {
    const shop = this.shop(domain);
    const order = this.order(shop, input.orderId);
    if (order.cancelledAt) throw new SimError("A cancelled order cannot be edited");
    const touched = new Set<InventoryLevel>();
    const additions: { id: Gid; delta: number }[] = [];
    const removals: { id: Gid; delta: number }[] = [];
    const openFos = () => this.fulfillmentOrdersOf(shop, order.id).filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED");
    for (const change of input.setQuantities ?? []) {
      const line = order.lineItems.find((l) => l.id === change.lineItemId);
      if (!line) throw new SimError(`Unknown line item ${change.lineItemId}`);
      const unfulfilled = openFos().flatMap((fo) => fo.lineItems.filter((li) => li.lineItemId === line.id)).reduce((s, li) => s + li.remainingQuantity, 0);
      const fulfilled = line.currentQuantity - unfulfilled;
      if (change.quantity < fulfilled) throw new SimError(`Line ${line.id} already has ${fulfilled} fulfilled`);
      const delta = change.quantity - line.currentQuantity;
      const variant = shop.variants.get(line.variantId)!;
      if (delta < 0) {
        let toRemove = -delta;
        for (const fo of openFos()) {
          for (const li of fo.lineItems.filter((x) => x.lineItemId === line.id)) {
            const take = Math.min(toRemove, li.remainingQuantity);
            if (take === 0) continue;
            li.remainingQuantity -= take;
            li.totalQuantity -= take;
            toRemove -= take;
            this.restock(shop, variant, fo.locationId, take, touched);
            fo.updatedAt = this.now();
          }
          this.closeIfEmpty(fo);
        }
        removals.push({ id: line.id, delta: -delta });
      } else if (delta > 0) {
        const fo = openFos().find((f) => f.lineItems.some((li) => li.lineItemId === line.id));
        const location = this.findLocation(shop, fo?.locationId ?? this.chooseLocation(shop, variant, delta).id);
        this.commit(shop, variant, location, delta, touched);
        const li = fo?.lineItems.find((x) => x.lineItemId === line.id);
        if (fo && li) {
          li.totalQuantity += delta;
          li.remainingQuantity += delta;
          fo.updatedAt = this.now();
        } else {
          this.newFulfillmentOrder(shop, order, location.id, [{ lineItemId: line.id, quantity: delta }]);
        }
        additions.push({ id: line.id, delta });
      }
      line.currentQuantity = change.quantity;
      line.quantity = Math.max(line.quantity, change.quantity);
    }
    const added = new Map<Gid, { lineItemId: Gid; quantity: number }[]>();
    for (const add of input.addLines ?? []) {
      const variant = this.findVariant(shop, add);
      const location = this.chooseLocation(shop, variant, add.quantity, add.locationId);
      this.commit(shop, variant, location, add.quantity, touched);
      const line = this.newLineItem(shop, variant, add.quantity);
      order.lineItems.push(line);
      const list = added.get(location.id) ?? [];
      list.push({ lineItemId: line.id, quantity: add.quantity });
      added.set(location.id, list);
      additions.push({ id: line.id, delta: add.quantity });
    }
    // Items added by an edit get a fulfillment order of their own.
    for (const [locationId, lines] of added) this.newFulfillmentOrder(shop, order, locationId, lines);
    order.edited = true;
    order.updatedAt = this.now();
    this.emit(domain, "orders/edited", orderEditPayload(this, order, additions, removals));
    this.emit(domain, "orders/updated", orderPayload(this, shop, order));
    this.emitInventory(shop, touched);
    return order;
  }

  private restock(shop: ShopState, variant: Variant, locationId: Gid, quantity: number, touched: Set<InventoryLevel>) {
    const item = shop.inventoryItems.get(variant.inventoryItemId)!;
    if (!item.tracked) return;
    this.move(shop, this.level(shop, item.id, locationId), { committed: -quantity, available: quantity }, touched);
  }

  private closeIfEmpty(fo: FulfillmentOrder) {
    if (fo.lineItems.every((li) => li.remainingQuantity === 0)) {
      fo.status = "CLOSED";
      fo.holds = [];
    }
  }

  order(shop: ShopState, id: Gid): Order {
    const order = shop.orders.get(id);
    if (!order) throw new SimError(`Unknown order ${id}`);
    return order;
  }

  /** Cancels an order; with `restock`, unfulfilled quantities go back to available. */
  cancelOrder(domain: string, input: { orderId: Gid; restock?: boolean; reason?: Order["cancelReason"] }): Order {
    const shop = this.shop(domain);
    const order = this.order(shop, input.orderId);
    if (order.cancelledAt) throw new SimError("Order is already cancelled");
    const touched = new Set<InventoryLevel>();
    for (const fo of this.fulfillmentOrdersOf(shop, order.id)) {
      if (fo.status === "CLOSED" || fo.status === "CANCELLED") continue;
      for (const li of fo.lineItems) {
        const line = order.lineItems.find((l) => l.id === li.lineItemId)!;
        const variant = shop.variants.get(line.variantId)!;
        const item = shop.inventoryItems.get(variant.inventoryItemId)!;
        if (li.remainingQuantity > 0 && item.tracked) {
          const level = this.level(shop, item.id, fo.locationId);
          this.move(shop, level, input.restock === false ? { committed: -li.remainingQuantity } : { committed: -li.remainingQuantity, available: li.remainingQuantity }, touched);
        }
        line.currentQuantity -= li.remainingQuantity;
        li.remainingQuantity = 0;
      }
      fo.status = "CANCELLED";
      fo.holds = [];
      fo.updatedAt = this.now();
    }
    const now = this.now();
    order.cancelledAt = now;
    order.closedAt = now;
    order.cancelReason = input.reason ?? "CUSTOMER";
    order.updatedAt = now;
    this.emit(domain, "orders/cancelled", orderPayload(this, shop, order));
    this.emit(domain, "orders/updated", orderPayload(this, shop, order));
    this.emitInventory(shop, touched);
    return order;
  }

  /** Receives stock at a location (a purchase order arriving): available and on_hand go up. */
  receiveStock(domain: string, input: VariantRef & { inventoryItemId?: Gid; locationId?: Gid; quantity: number }): InventoryLevel {
    const shop = this.shop(domain);
    const itemId = input.inventoryItemId ?? this.findVariant(shop, input).inventoryItemId;
    if (!shop.inventoryItems.has(itemId)) throw new SimError(`Unknown inventory item ${itemId}`);
    const location = input.locationId ? this.findLocation(shop, input.locationId) : [...shop.locations.values()][0]!;
    const level = this.level(shop, itemId, location.id);
    this.move(shop, level, { available: input.quantity });
    return level;
  }

  /** Fulfils a fulfillment order (all remaining, or the given line quantities). */
  fulfill(domain: string, input: { fulfillmentOrderId: Gid; lines?: { id: Gid; quantity: number }[] }): Fulfillment {
    const shop = this.shop(domain);
    const fo = shop.fulfillmentOrders.get(input.fulfillmentOrderId);
    if (!fo) throw new SimError(`Unknown fulfillment order ${input.fulfillmentOrderId}`);
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") throw new SimError(`Fulfillment order is ${fo.status} and cannot be fulfilled`);
    const order = this.order(shop, fo.orderId);
    const wanted = input.lines ?? fo.lineItems.filter((li) => li.remainingQuantity > 0).map((li) => ({ id: li.id, quantity: li.remainingQuantity }));
    const touched = new Set<InventoryLevel>();
    const fulfillment: Fulfillment = { id: gid("Fulfillment", this.nextId()), orderId: order.id, fulfillmentOrderId: fo.id, lines: [], createdAt: this.now() };
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
      if (item.tracked) this.move(shop, this.level(shop, item.id, fo.locationId), { committed: -w.quantity }, touched);
      fulfillment.lines.push({ lineItemId: line.id, quantity: w.quantity });
    }
    fo.status = fo.lineItems.every((li) => li.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    fo.updatedAt = this.now();
    shop.fulfillments.set(fulfillment.id, fulfillment);
    order.updatedAt = this.now();
    const allDone = this.fulfillmentOrdersOf(shop, order.id).every((f) => f.status === "CLOSED" || f.status === "CANCELLED");
    this.emit(domain, allDone ? "orders/fulfilled" : "orders/partially_fulfilled", orderPayload(this, shop, order));
    this.emit(domain, "orders/updated", orderPayload(this, shop, order));
    return fulfillment;
  }

  // ---- operations behind the Admin API mutations ----

  /** fulfillmentOrderHold: a partial hold splits the fulfillment order. */
  hold(
    domain: string,
    appKey: string | null,
    foId: Gid,
    input: HoldInput,
  ): { userErrors: UserError[]; hold?: FulfillmentHold; fulfillmentOrder?: FulfillmentOrder; remaining?: FulfillmentOrder } {
    const shop = this.shop(domain);
    const fo = shop.fulfillmentOrders.get(foId);
    const err = (field: string[] | null, code: string | null, message: string) => ({ userErrors: [{ field, code, message }] });
    if (!fo) return err(["id"], "FULFILLMENT_ORDER_NOT_FOUND", "Fulfillment order does not exist.");
    if (!this.supportedActions(fo).includes("HOLD")) return err(["id"], null, `Fulfillment order cannot be placed on hold while ${fo.status}.`);
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
      return err(["id"], "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED", "The maximum number of fulfillment holds for this fulfillment order has been reached for this app.");
    }
    const lines = input.fulfillmentOrderLineItems ?? [];
    let remaining: FulfillmentOrder | undefined;
    if (lines.length > 0) {
      const field = ["fulfillmentHold", "fulfillmentOrderLineItems"];
      if (fo.status === "ON_HOLD") return err(field, "FULFILLMENT_ORDER_NOT_SPLITTABLE", "The fulfillment order is not in a splittable state.");
      if (new Set(lines.map((l) => l.id)).size !== lines.length) {
        return err(field, "DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS", "The fulfillment order line items are not unique.");
      }
      for (const [i, l] of lines.entries()) {
        const li = fo.lineItems.find((x) => x.id === l.id);
        if (l.quantity <= 0) return err([...field, String(i), "quantity"], "GREATER_THAN_ZERO", "The fulfillment order line item quantity must be greater than 0.");
        if (!li || l.quantity > li.remainingQuantity) {
          return err([...field, String(i), "quantity"], "INVALID_LINE_ITEM_QUANTITY", "The fulfillment order line item quantity is invalid.");
        }
      }
      const heldQty = new Map(lines.map((l) => [l.id, l.quantity]));
      const coversAll = fo.lineItems.every((li) => li.remainingQuantity === 0 || heldQty.get(li.id) === li.remainingQuantity);
      if (!coversAll) remaining = this.split(shop, fo, heldQty);
    }
    const hold: FulfillmentHold = {
      id: gid("FulfillmentHold", this.nextId()),
      handle,
      reason: input.reason,
      reasonNotes: input.reasonNotes ?? null,
      appKey,
      externalId: input.externalId ?? null,
      createdAt: this.now(),
    };
    fo.holds.push(hold);
    fo.status = "ON_HOLD";
    fo.updatedAt = this.now();
    this.emit(domain, "fulfillment_holds/added", holdPayload(this, fo, hold));
    return { userErrors: [], hold, fulfillmentOrder: fo, ...(remaining ? { remaining } : {}) };
  }

  /** Keeps `keep` quantities on `fo` and moves the rest to a new fulfillment order. */
  private split(shop: ShopState, fo: FulfillmentOrder, keep: Map<Gid, number>): FulfillmentOrder {
    const order = this.order(shop, fo.orderId);
    const moved: { lineItemId: Gid; quantity: number }[] = [];
    for (const li of fo.lineItems) {
      const kept = keep.get(li.id) ?? 0;
      const rest = li.remainingQuantity - kept;
      if (rest > 0) moved.push({ lineItemId: li.lineItemId, quantity: rest });
      li.totalQuantity -= rest;
      li.remainingQuantity = kept;
    }
    fo.lineItems = fo.lineItems.filter((li) => li.totalQuantity > 0);
    return this.newFulfillmentOrder(shop, order, fo.locationId, moved);
  }

  /** fulfillmentOrderReleaseHold: releasing the last hold reopens the fulfillment order. */
  releaseHold(domain: string, appKey: string | null, foId: Gid, holdIds?: Gid[] | null): { userErrors: UserError[]; fulfillmentOrder?: FulfillmentOrder } {
    const shop = this.shop(domain);
    const fo = shop.fulfillmentOrders.get(foId);
    if (!fo) return { userErrors: [{ field: ["id"], code: "FULFILLMENT_ORDER_NOT_FOUND", message: "Fulfillment order does not exist." }] };
    if (fo.status !== "ON_HOLD") return { userErrors: [{ field: ["id"], code: null, message: "The fulfillment order is not on hold." }] };
    // Ids of holds on other fulfillment orders are ignored, as documented.
    const targets = holdIds ? fo.holds.filter((h) => holdIds.includes(h.id)) : [...fo.holds];
    // The merchant (no app key) may release any hold, as in Shopify's admin.
    if (appKey !== null && holdIds && targets.some((h) => h.appKey !== appKey)) {
      return { userErrors: [{ field: ["holdIds"], code: "INVALID_ACCESS", message: "The app doesn't have access to release the fulfillment hold." }] };
    }
    fo.holds = fo.holds.filter((h) => !targets.includes(h));
    if (fo.holds.length === 0) {
      fo.status = fo.lineItems.some((li) => li.remainingQuantity < li.totalQuantity) ? "IN_PROGRESS" : "OPEN";
    }
    fo.updatedAt = this.now();
    for (const h of targets) this.emit(domain, "fulfillment_holds/released", holdPayload(this, fo, h));
    return { userErrors: [], fulfillmentOrder: fo };
  }

  /** Shopify's supported actions for a merchant-managed fulfillment order. */
  supportedActions(fo: FulfillmentOrder): string[] {
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

  /** The record a GID points at, with its GraphQL type name. */
  lookup(shop: ShopState, id: Gid): { type: string; record: unknown } | undefined {
    const type = gidType(id);
    const bare = id.replace(/\?.*$/, "");
    switch (type) {
      case "Product":
        return wrap(type, shop.products.get(id));
      case "ProductVariant":
        return wrap(type, shop.variants.get(id));
      case "InventoryItem":
        return wrap(type, shop.inventoryItems.get(id));
      case "Location":
        return wrap(type, shop.locations.get(id));
      case "Customer":
        return wrap(type, shop.customers.get(id));
      case "Order":
        return wrap(type, shop.orders.get(id));
      case "FulfillmentOrder":
        return wrap(type, shop.fulfillmentOrders.get(id));
      case "Shop":
        return id === shop.id ? { type, record: shop } : undefined;
      case "InventoryLevel":
        return wrap(type, [...shop.levels.values()].find((l) => l.id === id || l.id.replace(/\?.*$/, "") === bare));
      default:
        return undefined;
    }
  }

  /** Records that own metafields, by GID. */
  metafieldOwner(shop: ShopState, id: Gid): { metafields: Metafield[] } | undefined {
    const found = this.lookup(shop, id);
    const record = found?.record as { metafields?: Metafield[] } | undefined;
    return record && Array.isArray(record.metafields) ? (record as { metafields: Metafield[] }) : undefined;
  }

  /** Notes a product change (for productVariantsBulkUpdate). */
  productChanged(shop: ShopState, product: Product) {
    product.updatedAt = this.now();
    this.emit(shop.domain, "products/update", productPayload(this, shop, product));
  }
}

const wrap = (type: string, record: unknown) => (record ? { type, record } : undefined);

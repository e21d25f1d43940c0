// The Admin API subset a backorder app needs, resolved from the simulated shops with
// Shopify's behaviour. Records are projected to plain objects tagged with
// `__typename`; a field missing from a projection is unimplemented and fails
// loudly (see schema.ts), never a silent null.
import { createHash } from "node:crypto";
import { GraphQLError } from "graphql";
import type { ResolverMap } from "./schema";
import { NotImplementedError } from "./schema";
import type { UserError } from "./state/errors";
import type { FulfillmentOrder, FulfillmentOrderLineItem } from "./state/fulfillment-orders";
import type { FulfillmentHold } from "./state/holds";
import { gidType, legacyId, type Gid } from "./state/ids";
import { QUANTITY_NAMES, type InventoryItem, type InventoryLevel, type QuantityName, type StoredQuantityName } from "./state/inventory";
import type { Location } from "./state/locations";
import type { HasMetafields, Metafield } from "./state/metafields";
import type { Customer } from "./state/customers";
import type { LineItem, Order } from "./state/orders";
import type { Product, Variant } from "./state/products";
import type { App, ShopState } from "./state/shops";
import type { SimState } from "./state/sim-state";

export interface SimContext {
  state: SimState;
  shop: ShopState;
  app: App;
}

type Obj = Record<string, unknown>;
// Arguments were validated against the schema before a resolver runs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = Record<string, any>;

const MAX_PAGE = 250;

// ---- connections ----

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const cursorFor = (id: Gid) => Buffer.from(JSON.stringify({ last_id: legacyId(id) })).toString("base64");
const idFromCursor = (cursor: string): number => {
  try {
    return Number((JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id: number }).last_id);
  } catch {
    throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
  }
};

/** Relay connection over `items` (already in default order), with Shopify's first/last rules. */
function connection<T extends { id: Gid }>(items: T[], args: PageArgs, toNode: (t: T) => Obj): Obj {
  const { first, last, after, before } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  if (first != null && last != null) throw new GraphQLError("providing both first and last is not supported", { extensions: { code: "BAD_REQUEST" } });
  if ((first ?? last ?? 0) > MAX_PAGE) {
    throw new GraphQLError(`The ${first != null ? "first" : "last"} argument must be less than or equal to ${MAX_PAGE}`, { extensions: { code: "BAD_REQUEST" } });
  }
  let list = args.reverse ? [...items].reverse() : [...items];
  const pos = (c: string) => list.findIndex((t) => legacyId(t.id) === idFromCursor(c));
  let start = 0;
  let end = list.length;
  if (after) start = pos(after) + 1;
  if (before) end = Math.max(start, pos(before));
  list = list.slice(start, end);
  const total = list.length;
  const page = first != null ? list.slice(0, first) : list.slice(Math.max(0, total - (last ?? 0)));
  const hasNextPage = first != null ? total > page.length || end < items.length : end < items.length;
  const hasPreviousPage = last != null ? total > page.length || start > 0 : start > 0;
  const nodes = page.map(toNode);
  return {
    nodes,
    edges: page.map((t, i) => ({ cursor: cursorFor(t.id), node: nodes[i] })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: page[0] ? cursorFor(page[0].id) : null,
      endCursor: page.length ? cursorFor(page[page.length - 1]!.id) : null,
    },
  };
}

/** Applies a Shopify search `query` with the terms a resource supports; others fail loudly. */
function search<T>(items: T[], query: string | null | undefined, terms: Record<string, (item: T, value: string) => boolean>, resource: string): T[] {
  if (!query?.trim()) return items;
  const parts = query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  let out = items;
  for (const part of parts) {
    if (/^(AND)$/i.test(part)) continue;
    const m = /^(-)?(\w+):(.+)$/.exec(part);
    const test = m ? terms[m[2]!] : undefined;
    if (!m || !test) {
      throw new NotImplementedError(`Search term '${part}' on ${resource} is not implemented by the Shopify simulator`, {
        extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
      });
    }
    const value = m[3]!.replace(/^"|"$/g, "");
    out = out.filter((item) => test(item, value) !== Boolean(m[1]));
  }
  return out;
}

const byId = (value: string) => (item: { id: Gid }) => String(legacyId(item.id)) === value || item.id === value;

// ---- projections ----

const moneyBag = (amount: string, currencyCode: string) => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});

/** `$app` namespaces resolve to the app-reserved namespace, as on Shopify. */
export function resolveNamespace(namespace: string | null | undefined, app: App): string {
  const reserved = `app--${legacyId(app.id)}`;
  if (namespace == null) return reserved;
  if (namespace === "$app") return reserved;
  if (namespace.startsWith("$app:")) return `${reserved}--${namespace.slice(5)}`;
  return namespace;
}

const digest = (m: Metafield) => createHash("sha256").update(`${m.type}\u0000${m.value}`).digest("hex");

/** A metafield of the record `ownerId` names; its owner type and owner come from the node types. */
function metafieldNode(ctx: SimContext, m: Metafield, ownerId: Gid): Obj {
  const owner = lookup(ctx.shop, ownerId)!;
  return {
    __typename: "Metafield",
    id: m.id,
    legacyResourceId: String(legacyId(m.id)),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue: () => jsonValue(m),
    compareDigest: digest(m),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    ownerType: owner.nodeType.metafieldOwner,
    owner: () => owner.nodeType.node(ctx, owner.record),
    definition: null,
    description: null,
  };
}

function jsonValue(m: Metafield): unknown {
  if (m.type === "json" || m.type.startsWith("list.")) return JSON.parse(m.value);
  if (m.type === "number_integer") return Number.parseInt(m.value, 10);
  if (m.type === "boolean") return m.value === "true";
  return m.value;
}

function metafieldFields(ctx: SimContext, record: HasMetafields): Obj {
  const node = (m: Metafield) => metafieldNode(ctx, m, record.id);
  return {
    metafield: (args: Args) => {
      const ns = resolveNamespace(args.namespace, ctx.app);
      const m = record.metafields.find((x) => x.namespace === ns && x.key === args.key);
      return m ? node(m) : null;
    },
    metafields: (args: Args) => {
      let list = record.metafields;
      if (args.namespace != null) list = list.filter((m) => m.namespace === resolveNamespace(args.namespace, ctx.app));
      if (args.keys) list = list.filter((m) => (args.keys as string[]).includes(`${m.namespace}.${m.key}`));
      return connection(list, args, node);
    },
  };
}

export function shopNode(ctx: SimContext): Obj {
  const shop = ctx.shop;
  return {
    __typename: "Shop",
    id: shop.id,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    currencyCode: shop.currencyCode,
    ianaTimezone: "America/Toronto",
    timezoneAbbreviation: "EST",
    createdAt: shop.createdAt,
    updatedAt: shop.createdAt,
    ...metafieldFields(ctx, shop),
  };
}

export function appNode(app: App): Obj {
  return { __typename: "App", id: app.id, apiKey: app.apiKey, title: app.title, handle: app.handle };
}

export function locationNode(ctx: SimContext, loc: Location): Obj {
  const { shop, state } = ctx;
  const levels = () => [...shop.levels.values()].filter((l) => l.locationId === loc.id);
  return {
    __typename: "Location",
    id: loc.id,
    legacyResourceId: String(legacyId(loc.id)),
    name: loc.name,
    isActive: loc.isActive,
    isPrimary: [...shop.locations.keys()][0] === loc.id,
    fulfillsOnlineOrders: true,
    shipsInventory: true,
    hasActiveInventory: levels().length > 0,
    isFulfillmentService: false,
    createdAt: loc.createdAt,
    updatedAt: loc.updatedAt,
    deactivatedAt: null,
    inventoryLevel: (args: Args) => {
      const level = state.findLevel(shop, args.inventoryItemId, loc.id);
      return level ? levelNode(ctx, level) : null;
    },
    inventoryLevels: (args: Args) => connection(levels(), args, (l) => levelNode(ctx, l)),
    ...metafieldFields(ctx, loc),
  };
}

export function levelNode(ctx: SimContext, level: InventoryLevel): Obj {
  const { shop, state } = ctx;
  return {
    __typename: "InventoryLevel",
    id: level.id,
    isActive: true,
    canDeactivate: true,
    deactivationAlert: null,
    createdAt: level.createdAt,
    updatedAt: level.updatedAt,
    item: () => itemNode(ctx, shop.inventoryItems.get(level.itemId)!),
    location: () => locationNode(ctx, shop.locations.get(level.locationId)!),
    quantities: (args: Args) =>
      (args.names as string[]).map((name) => {
        if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
          throw new GraphQLError(`${name} is not a valid inventory quantity name. Valid names are: ${QUANTITY_NAMES.join(", ")}`, {
            extensions: { code: "BAD_REQUEST" },
          });
        }
        return {
          __typename: "InventoryQuantity",
          id: `gid://shopify/InventoryQuantity/${legacyId(level.id)}?inventory_item_id=${legacyId(level.itemId)}&name=${name}`,
          name,
          quantity: state.quantity(level, name as QuantityName),
          updatedAt: level.updatedAt,
        };
      }),
  };
}

export function itemNode(ctx: SimContext, item: InventoryItem): Obj {
  const { shop, state } = ctx;
  const variant = shop.variants.get(item.variantId)!;
  const levels = () => [...shop.levels.values()].filter((l) => l.itemId === item.id);
  return {
    __typename: "InventoryItem",
    id: item.id,
    legacyResourceId: String(legacyId(item.id)),
    sku: variant.sku,
    tracked: item.tracked,
    requiresShipping: true,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    variant: () => variantNode(ctx, variant),
    inventoryLevel: (args: Args) => {
      const level = state.findLevel(shop, item.id, args.locationId);
      return level ? levelNode(ctx, level) : null;
    },
    inventoryLevels: (args: Args) => connection(levels(), args, (l) => levelNode(ctx, l)),
    locationsCount: () => ({ count: levels().length, precision: "EXACT" }),
  };
}

export function variantNode(ctx: SimContext, v: Variant): Obj {
  const { shop } = ctx;
  const product = shop.products.get(v.productId)!;
  const available = () => [...shop.levels.values()].filter((l) => l.itemId === v.inventoryItemId).reduce((s, l) => s + l.quantities.available, 0);
  return {
    __typename: "ProductVariant",
    id: v.id,
    legacyResourceId: String(legacyId(v.id)),
    title: v.title,
    displayName: `${product.title} - ${v.title}`,
    sku: v.sku,
    price: v.price,
    compareAtPrice: null,
    barcode: null,
    position: v.position,
    inventoryPolicy: v.inventoryPolicy,
    inventoryQuantity: available,
    availableForSale: () => product.status === "ACTIVE" && (v.inventoryPolicy === "CONTINUE" || available() > 0 || !shop.inventoryItems.get(v.inventoryItemId)!.tracked),
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    inventoryItem: () => itemNode(ctx, shop.inventoryItems.get(v.inventoryItemId)!),
    product: () => productNode(ctx, product),
    selectedOptions: [{ __typename: "SelectedOption", name: "Title", value: v.title }],
    ...metafieldFields(ctx, v),
  };
}

export function productNode(ctx: SimContext, p: Product): Obj {
  const { shop } = ctx;
  const variants = () => p.variantIds.map((id) => shop.variants.get(id)!);
  return {
    __typename: "Product",
    id: p.id,
    legacyResourceId: String(legacyId(p.id)),
    title: p.title,
    handle: p.handle,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    hasOnlyDefaultVariant: p.variantIds.length === 1,
    tracksInventory: () => variants().some((v) => shop.inventoryItems.get(v.inventoryItemId)!.tracked),
    totalInventory: () =>
      variants().reduce((s, v) => s + [...shop.levels.values()].filter((l) => l.itemId === v.inventoryItemId).reduce((t, l) => t + l.quantities.available, 0), 0),
    variants: (args: Args) => connection(variants(), args, (v) => variantNode(ctx, v)),
    variantsCount: () => ({ count: p.variantIds.length, precision: "EXACT" }),
    ...metafieldFields(ctx, p),
  };
}

export function customerNode(ctx: SimContext, c: Customer): Obj {
  const { shop } = ctx;
  const orders = () => [...shop.orders.values()].filter((o) => o.customerId === c.id);
  return {
    __typename: "Customer",
    id: c.id,
    legacyResourceId: String(legacyId(c.id)),
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
    email: c.email,
    tags: c.tags,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    numberOfOrders: () => String(orders().length),
    orders: (args: Args) => connection(orders(), args, (o) => orderNode(ctx, o)),
    ...metafieldFields(ctx, c),
  };
}

function openFulfillmentOrders(ctx: SimContext, order: Order) {
  return ctx.state.fulfillmentOrdersOf(ctx.shop, order.id);
}

function unfulfilledOf(ctx: SimContext, order: Order, line: LineItem): number {
  return openFulfillmentOrders(ctx, order)
    .filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED")
    .flatMap((fo) => fo.lineItems)
    .filter((li) => li.lineItemId === line.id)
    .reduce((s, li) => s + li.remainingQuantity, 0);
}

function displayFulfillmentStatus(ctx: SimContext, order: Order): string {
  const fos = openFulfillmentOrders(ctx, order);
  const shipped = [...ctx.shop.fulfillments.values()].some((f) => f.orderId === order.id);
  const pending = fos.filter((f) => f.status !== "CLOSED" && f.status !== "CANCELLED");
  if (shipped) return pending.length === 0 ? "FULFILLED" : "PARTIALLY_FULFILLED";
  if (pending.length > 0 && pending.every((f) => f.status === "ON_HOLD")) return "ON_HOLD";
  if (pending.some((f) => f.status === "IN_PROGRESS")) return "IN_PROGRESS";
  return "UNFULFILLED";
}

export function lineItemNode(ctx: SimContext, order: Order, line: LineItem): Obj {
  const { shop } = ctx;
  const cur = shop.currencyCode;
  const variant = shop.variants.get(line.variantId);
  return {
    __typename: "LineItem",
    id: line.id,
    title: line.title,
    name: line.variantTitle === "Default Title" ? line.title : `${line.title} - ${line.variantTitle}`,
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: () => shop.products.get(line.productId)?.vendor ?? null,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    unfulfilledQuantity: () => unfulfilledOf(ctx, order, line),
    fulfillableQuantity: () => unfulfilledOf(ctx, order, line),
    requiresShipping: true,
    originalUnitPriceSet: moneyBag(line.price, cur),
    discountedUnitPriceSet: moneyBag(line.price, cur),
    variant: () => (variant ? variantNode(ctx, variant) : null),
    product: () => {
      const p = shop.products.get(line.productId);
      return p ? productNode(ctx, p) : null;
    },
  };
}

export function orderNode(ctx: SimContext, order: Order): Obj {
  const { shop } = ctx;
  const cur = shop.currencyCode;
  const total = (order.lineItems.reduce((s, l) => s + Math.round(Number(l.price) * 100) * l.currentQuantity, 0) / 100).toFixed(2);
  return {
    __typename: "Order",
    id: order.id,
    legacyResourceId: String(legacyId(order.id)),
    name: order.name,
    number: order.number,
    email: order.email,
    note: order.note,
    tags: order.tags,
    test: true,
    edited: order.edited,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closed: order.closedAt !== null,
    closedAt: order.closedAt,
    currencyCode: cur,
    currentTotalPriceSet: moneyBag(total, cur),
    currentSubtotalLineItemsQuantity: order.lineItems.reduce((s, l) => s + l.currentQuantity, 0),
    subtotalLineItemsQuantity: order.lineItems.reduce((s, l) => s + l.quantity, 0),
    displayFulfillmentStatus: () => displayFulfillmentStatus(ctx, order),
    customer: () => {
      const c = order.customerId ? shop.customers.get(order.customerId) : undefined;
      return c ? customerNode(ctx, c) : null;
    },
    lineItems: (args: Args) => connection(order.lineItems, args, (l) => lineItemNode(ctx, order, l)),
    fulfillmentOrders: (args: Args) => {
      let list = openFulfillmentOrders(ctx, order);
      // `displayable` hides closed/cancelled ones, as in the Shopify admin.
      if (args.displayable) list = list.filter((f) => f.status !== "CLOSED" && f.status !== "CANCELLED");
      list = search(list, args.query, { status: (f, v) => f.status.toLowerCase() === v.toLowerCase(), id: (f, v) => byId(v)(f) }, "Order.fulfillmentOrders");
      return connection(list, args, (f) => fulfillmentOrderNode(ctx, f));
    },
    ...metafieldFields(ctx, order),
  };
}

export function holdNode(ctx: SimContext, hold: FulfillmentHold): Obj {
  const app = hold.appKey ? ctx.state.apps.get(hold.appKey) : undefined;
  return {
    __typename: "FulfillmentHold",
    id: hold.id,
    handle: hold.handle,
    reason: hold.reason,
    reasonNotes: hold.reasonNotes,
    displayReason: hold.reason
      .toLowerCase()
      .replace(/_/g, " ")
      .replace(/^./, (c) => c.toUpperCase()),
    heldByApp: app ? appNode(app) : null,
    heldByRequestingApp: hold.appKey === ctx.app.apiKey,
  };
}

function foLineItemNode(ctx: SimContext, order: Order, li: FulfillmentOrderLineItem): Obj {
  const { shop } = ctx;
  const line = order.lineItems.find((l) => l.id === li.lineItemId)!;
  const variant = shop.variants.get(line.variantId);
  return {
    __typename: "FulfillmentOrderLineItem",
    id: li.id,
    totalQuantity: li.totalQuantity,
    remainingQuantity: li.remainingQuantity,
    sku: line.sku,
    productTitle: line.title,
    variantTitle: line.variantTitle,
    inventoryItemId: variant?.inventoryItemId ?? null,
    requiresShipping: true,
    lineItem: () => lineItemNode(ctx, order, line),
    variant: () => (variant ? variantNode(ctx, variant) : null),
  };
}

export function fulfillmentOrderNode(ctx: SimContext, fo: FulfillmentOrder): Obj {
  const { shop, state } = ctx;
  const order = shop.orders.get(fo.orderId)!;
  const loc = shop.locations.get(fo.locationId)!;
  return {
    __typename: "FulfillmentOrder",
    id: fo.id,
    status: fo.status,
    requestStatus: "UNSUBMITTED",
    createdAt: fo.createdAt,
    updatedAt: fo.updatedAt,
    fulfillAt: fo.createdAt,
    fulfillBy: null,
    orderId: order.id,
    orderName: order.name,
    orderProcessedAt: order.processedAt,
    order: () => orderNode(ctx, order),
    assignedLocation: {
      __typename: "FulfillmentOrderAssignedLocation",
      name: loc.name,
      countryCode: "CA",
      address1: null,
      address2: null,
      city: null,
      province: null,
      zip: null,
      phone: null,
      location: () => locationNode(ctx, loc),
    },
    lineItems: (args: Args) => connection(fo.lineItems, args, (li) => foLineItemNode(ctx, order, li)),
    fulfillmentHolds: () => fo.holds.map((h) => holdNode(ctx, h)),
    supportedActions: () => state.supportedActions(fo).map((action) => ({ __typename: "FulfillmentOrderSupportedAction", action, externalUrl: null })),
  };
}

// ---- node types ----

/** How to find the record a GID names in a shop, and how to project it. */
interface NodeType<R> {
  find(shop: ShopState, id: Gid): R | undefined;
  node(ctx: SimContext, record: R): Obj;
  /** Its `MetafieldOwnerType`, for the types that own metafields. */
  metafieldOwner?: string;
}

// Typed per entry, so that find and node agree on the record.
const nodeType = <R>(type: NodeType<R>): NodeType<unknown> => type;

/** Every type a GID can name in the simulator, by GraphQL type name: the one table behind `node(s)`, the typed root queries and metafield owners. */
const NODE_TYPES: Record<string, NodeType<unknown>> = {
  Product: nodeType<Product>({ find: (shop, id) => shop.products.get(id), node: productNode, metafieldOwner: "PRODUCT" }),
  ProductVariant: nodeType<Variant>({ find: (shop, id) => shop.variants.get(id), node: variantNode, metafieldOwner: "PRODUCTVARIANT" }),
  InventoryItem: nodeType<InventoryItem>({ find: (shop, id) => shop.inventoryItems.get(id), node: itemNode }),
  InventoryLevel: nodeType<InventoryLevel>({
    // A level's GID is found with or without its `?inventory_item_id=` suffix.
    find: (shop, id) => [...shop.levels.values()].find((l) => l.id === id || l.id.replace(/\?.*$/, "") === id.replace(/\?.*$/, "")),
    node: levelNode,
  }),
  Location: nodeType<Location>({ find: (shop, id) => shop.locations.get(id), node: locationNode, metafieldOwner: "LOCATION" }),
  Customer: nodeType<Customer>({ find: (shop, id) => shop.customers.get(id), node: customerNode, metafieldOwner: "CUSTOMER" }),
  Order: nodeType<Order>({ find: (shop, id) => shop.orders.get(id), node: orderNode, metafieldOwner: "ORDER" }),
  FulfillmentOrder: nodeType<FulfillmentOrder>({ find: (shop, id) => shop.fulfillmentOrders.get(id), node: fulfillmentOrderNode }),
  Shop: nodeType<ShopState>({ find: (shop, id) => (id === shop.id ? shop : undefined), node: (ctx) => shopNode(ctx), metafieldOwner: "SHOP" }),
};

/** The record a GID names, with its type. */
function lookup(shop: ShopState, id: Gid): { type: string; nodeType: NodeType<unknown>; record: unknown } | undefined {
  const type = gidType(id);
  if (!type || !Object.hasOwn(NODE_TYPES, type)) return undefined;
  const nodeType = NODE_TYPES[type]!;
  const record = nodeType.find(shop, id);
  return record ? { type, nodeType, record } : undefined;
}

/** Any record by GID, for `node`/`nodes`. */
export function nodeFor(ctx: SimContext, id: Gid): Obj | null {
  const found = lookup(ctx.shop, id);
  return found ? found.nodeType.node(ctx, found.record) : null;
}

function typedNode(ctx: SimContext, id: Gid, type: string): Obj | null {
  const node = nodeFor(ctx, id);
  return node && node.__typename === type ? node : null;
}

// ---- mutations ----

const METAFIELD_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "rich_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "json",
  "date",
  "date_time",
  "url",
  "color",
  "money",
  "product_reference",
  "variant_reference",
  "customer_reference",
  "list.single_line_text_field",
  "list.number_integer",
  "list.date",
  "list.product_reference",
  "list.variant_reference",
]);

function metafieldValueProblem(type: string, value: string): string | null {
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be in ISO 8601 format." : null;
    case "single_line_text_field":
      return value.includes("\n") ? "Value must be a single line text string." : null;
    default:
      if (type === "json" || type.startsWith("list.")) {
        try {
          const parsed: unknown = JSON.parse(value);
          return type.startsWith("list.") && !Array.isArray(parsed) ? "Value must be an array." : null;
        } catch {
          return "Value must be valid JSON.";
        }
      }
      return null;
  }
}

function metafieldsSet(ctx: SimContext, inputs: Args[]): Obj {
  const { state, shop } = ctx;
  const errors: UserError[] = [];
  if (inputs.length > 25) {
    return { metafields: null, userErrors: [{ field: ["metafields"], code: "LESS_THAN_OR_EQUAL_TO", message: "Exceeded the maximum metafields input limit of 25.", elementIndex: null }] };
  }
  const planned: { owner: { metafields: Metafield[] }; ownerId: Gid; namespace: string; key: string; type: string; value: string; existing?: Metafield }[] = [];
  inputs.forEach((input, i) => {
    const at = (f: string) => ["metafields", String(i), f];
    const fail = (f: string, code: string, message: string) => errors.push({ field: at(f), code, message, elementIndex: i });
    const found = lookup(shop, input.ownerId);
    const owner = found?.nodeType.metafieldOwner ? (found.record as HasMetafields) : undefined;
    if (!owner) return fail("ownerId", "INVALID", "Owner does not exist.");
    const namespace = resolveNamespace(input.namespace, ctx.app);
    const key = String(input.key);
    if (namespace.length < 3) return fail("namespace", "TOO_SHORT", "Namespace is too short (minimum is 3 characters)");
    if (namespace.length > 255) return fail("namespace", "TOO_LONG", "Namespace is too long (maximum is 255 characters)");
    if (key.length < 2) return fail("key", "TOO_SHORT", "Key is too short (minimum is 2 characters)");
    if (key.length > 64) return fail("key", "TOO_LONG", "Key is too long (maximum is 64 characters)");
    if (!/^[\w-]+$/.test(key)) return fail("key", "INVALID", "Key contains one or more invalid characters.");
    const existing = owner.metafields.find((m) => m.namespace === namespace && m.key === key);
    const type: string | undefined = input.type ?? existing?.type;
    if (!type) return fail("type", "BLANK", "Type can't be blank");
    if (!METAFIELD_TYPES.has(type)) return fail("type", "INVALID_TYPE", `Type '${type}' is not a valid metafield type.`);
    const problem = metafieldValueProblem(type, String(input.value));
    if (problem) return fail("value", "INVALID_VALUE", problem);
    if ("compareDigest" in input) {
      // compareDigest null asserts the metafield does not exist yet.
      const stale = input.compareDigest === null ? Boolean(existing) : !existing || digest(existing) !== input.compareDigest;
      if (stale) return fail("compareDigest", "STALE_OBJECT", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.");
    }
    planned.push({ owner, ownerId: input.ownerId, namespace, key, type, value: String(input.value), existing });
  });
  // Atomic: nothing is written when any element fails.
  if (errors.length) return { metafields: null, userErrors: errors };
  const now = state.now();
  const out = planned.map((p) => {
    let m = p.existing;
    if (m) Object.assign(m, { type: p.type, value: p.value, updatedAt: now });
    else {
      m = { id: `gid://shopify/Metafield/${state.nextId()}`, namespace: p.namespace, key: p.key, type: p.type, value: p.value, createdAt: now, updatedAt: now };
      p.owner.metafields.push(m);
    }
    return metafieldNode(ctx, m, p.ownerId);
  });
  return { metafields: out, userErrors: [] };
}

const VARIANT_INPUT_SUPPORTED = new Set(["id", "inventoryPolicy", "price", "metafields"]);

function productVariantsBulkUpdate(ctx: SimContext, args: Args): Obj {
  const { shop, state } = ctx;
  const product = shop.products.get(args.productId);
  if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], code: "PRODUCT_DOES_NOT_EXIST", message: "Product does not exist" }] };
  const errors: UserError[] = [];
  const inputs = args.variants as Args[];
  inputs.forEach((v, i) => {
    for (const key of Object.keys(v)) {
      if (!VARIANT_INPUT_SUPPORTED.has(key)) {
        throw new NotImplementedError(`ProductVariantsBulkInput.${key} is not implemented by the Shopify simulator`, { extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" } });
      }
    }
    if (!v.id) errors.push({ field: ["variants", String(i), "id"], code: "PRODUCT_VARIANT_ID_MISSING", message: "Product variant is missing ID attribute" });
    else if (!product.variantIds.includes(v.id)) {
      errors.push({ field: ["variants", String(i), "id"], code: "PRODUCT_VARIANT_DOES_NOT_EXIST", message: "Product variant does not exist" });
    } else if (v.price != null && Number(v.price) < 0) {
      errors.push({ field: ["variants", String(i), "price"], code: "NEGATIVE_PRICE_VALUE", message: "Price must be greater than or equal to 0" });
    }
  });
  if (errors.length && !args.allowPartialUpdates) return { product: null, productVariants: null, userErrors: errors };
  const failed = new Set(errors.map((e) => Number(e.field?.[1])));
  const updated: Variant[] = [];
  inputs.forEach((v, i) => {
    if (failed.has(i)) return;
    const variant = shop.variants.get(v.id)!;
    if (v.inventoryPolicy != null) variant.inventoryPolicy = v.inventoryPolicy;
    if (v.price != null) variant.price = Number(v.price).toFixed(2);
    if (v.metafields) {
      const set = metafieldsSet(
        ctx,
        (v.metafields as Args[]).map((m) => ({ ownerId: variant.id, namespace: m.namespace, key: m.key, type: m.type, value: m.value })),
      );
      if ((set.userErrors as UserError[]).length) errors.push(...(set.userErrors as UserError[]));
    }
    variant.updatedAt = state.now();
    updated.push(variant);
  });
  if (updated.length) state.productChanged(shop, product);
  return { product: productNode(ctx, product), productVariants: updated.map((v) => variantNode(ctx, v)), userErrors: errors };
}

const INVENTORY_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);
const ADJUSTABLE: StoredQuantityName[] = ["available", "damaged", "incoming", "quality_control", "reserved", "safety_stock"];

interface Change {
  name: string;
  delta: number;
  after: number;
  itemId: Gid;
  locationId: Gid;
  ledgerDocumentUri: string | null;
}

function adjustmentGroup(ctx: SimContext, reason: string, referenceDocumentUri: string | null, changes: Change[]): Obj {
  const { shop, state } = ctx;
  return {
    __typename: "InventoryAdjustmentGroup",
    id: `gid://shopify/InventoryAdjustmentGroup/${state.nextId()}`,
    createdAt: state.now(),
    reason,
    referenceDocumentUri,
    app: appNode(ctx.app),
    staffMember: null,
    changes: (args: Args) =>
      changes
        .filter((c) => !args.inventoryItemIds || (args.inventoryItemIds as string[]).includes(c.itemId))
        .filter((c) => !args.locationIds || (args.locationIds as string[]).includes(c.locationId))
        .filter((c) => !args.quantityNames || (args.quantityNames as string[]).includes(c.name))
        .map((c) => ({
          __typename: "InventoryChange",
          name: c.name,
          delta: c.delta,
          quantityAfterChange: c.after,
          ledgerDocumentUri: c.ledgerDocumentUri,
          item: () => itemNode(ctx, shop.inventoryItems.get(c.itemId)!),
          location: () => locationNode(ctx, shop.locations.get(c.locationId)!),
        })),
  };
}

function checkItemAndLocation(ctx: SimContext, itemId: Gid, locationId: Gid, field: string[]): UserError | null {
  if (!ctx.shop.inventoryItems.has(itemId)) return { field: [...field, "inventoryItemId"], code: "INVALID_INVENTORY_ITEM", message: "The specified inventory item could not be found." };
  if (!ctx.shop.locations.has(locationId)) return { field: [...field, "locationId"], code: "INVALID_LOCATION", message: "The specified location could not be found." };
  return null;
}

function inventoryAdjustQuantities(ctx: SimContext, input: Args): Obj {
  const { shop, state } = ctx;
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  const name = input.name as StoredQuantityName;
  if (!ADJUSTABLE.includes(name)) return fail({ field: ["input", "name"], code: "INVALID_QUANTITY_NAME", message: `The quantity name must be one of: ${ADJUSTABLE.join(", ")}.` });
  if (!INVENTORY_REASONS.has(input.reason)) return fail({ field: ["input", "reason"], code: "INVALID_REASON", message: "The specified reason is invalid." });
  const changes = input.changes as Args[];
  for (const [i, c] of changes.entries()) {
    const field = ["input", "changes", String(i)];
    const bad = checkItemAndLocation(ctx, c.inventoryItemId, c.locationId, field);
    if (bad) return fail(bad);
    if (!("changeFromQuantity" in c)) return fail({ field: [...field, "changeFromQuantity"], code: null, message: "changeFromQuantity must be provided; pass null to skip the compare-and-swap check." });
    if (name === "available" && c.ledgerDocumentUri != null) return fail({ field: [...field, "ledgerDocumentUri"], code: "INVALID_AVAILABLE_DOCUMENT", message: "A ledger document URI is not allowed when adjusting available." });
    if (name !== "available" && (c.ledgerDocumentUri == null || String(c.ledgerDocumentUri).startsWith("gid://shopify/"))) {
      return fail({ field: [...field, "ledgerDocumentUri"], code: "INVALID_LEDGER_DOCUMENT", message: "A valid non-Shopify ledger document URI is required for this quantity name." });
    }
    const level = state.findLevel(shop, c.inventoryItemId, c.locationId);
    const current = level ? level.quantities[name] : 0;
    if (c.changeFromQuantity != null && c.changeFromQuantity !== current) {
      return fail({ field: [...field, "changeFromQuantity"], code: "CHANGE_FROM_QUANTITY_STALE", message: "The changeFromQuantity argument no longer matches the persisted quantity." });
    }
  }
  const applied: Change[] = [];
  for (const c of changes) {
    const level = state.ensureLevel(shop, c.inventoryItemId, c.locationId);
    state.adjust(shop, level, name, c.delta);
    applied.push({ name, delta: c.delta, after: level.quantities[name], itemId: c.inventoryItemId, locationId: c.locationId, ledgerDocumentUri: c.ledgerDocumentUri ?? null });
    // Every state but incoming is part of on_hand, and Shopify reports that change too.
    if (name !== "incoming") applied.push({ name: "on_hand", delta: c.delta, after: state.onHand(level), itemId: c.inventoryItemId, locationId: c.locationId, ledgerDocumentUri: null });
  }
  return { inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, applied), userErrors: [] };
}

function inventorySetQuantities(ctx: SimContext, input: Args): Obj {
  const { shop, state } = ctx;
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  const name = input.name as string;
  if (name !== "available" && name !== "on_hand") return fail({ field: ["input", "name"], code: "INVALID_NAME", message: "The quantity name must be either 'available' or 'on_hand'." });
  if (!INVENTORY_REASONS.has(input.reason)) return fail({ field: ["input", "reason"], code: "INVALID_REASON", message: "The specified reason is invalid." });
  const quantities = input.quantities as Args[];
  const seen = new Set<string>();
  for (const [i, q] of quantities.entries()) {
    const field = ["input", "quantities", String(i)];
    const bad = checkItemAndLocation(ctx, q.inventoryItemId, q.locationId, field);
    if (bad) return fail(bad);
    const key = `${q.inventoryItemId}|${q.locationId}`;
    if (seen.has(key)) return fail({ field, code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", message: "The combination of inventoryItemId and locationId must be unique." });
    seen.add(key);
    if (!("changeFromQuantity" in q)) return fail({ field: [...field, "changeFromQuantity"], code: null, message: "changeFromQuantity must be provided; pass null to skip the compare-and-swap check." });
    if (name === "on_hand" && q.quantity < 0) return fail({ field: [...field, "quantity"], code: "INVALID_QUANTITY_NEGATIVE", message: "The quantity can't be negative." });
    const level = state.findLevel(shop, q.inventoryItemId, q.locationId);
    const current = level ? state.quantity(level, name) : 0;
    if (q.changeFromQuantity != null && q.changeFromQuantity !== current) {
      return fail({ field: [...field, "changeFromQuantity"], code: "CHANGE_FROM_QUANTITY_STALE", message: "The changeFromQuantity argument no longer matches the persisted quantity." });
    }
  }
  const applied: Change[] = [];
  for (const q of quantities) {
    const level = state.ensureLevel(shop, q.inventoryItemId, q.locationId);
    // Setting on_hand moves the difference through available.
    const delta = q.quantity - state.quantity(level, name as QuantityName);
    if (delta === 0) continue;
    state.adjust(shop, level, "available", delta);
    applied.push({ name: "available", delta, after: level.quantities.available, itemId: q.inventoryItemId, locationId: q.locationId, ledgerDocumentUri: null });
    applied.push({ name: "on_hand", delta, after: state.onHand(level), itemId: q.inventoryItemId, locationId: q.locationId, ledgerDocumentUri: null });
  }
  return { inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, applied), userErrors: [] };
}

// ---- the resolver map ----

export const resolvers: ResolverMap<SimContext> = {
  "QueryRoot.shop": (_p, _a, ctx) => shopNode(ctx),
  "QueryRoot.app": (_p, args, ctx) => {
    if (args.id && args.id !== ctx.app.id) return null;
    return appNode(ctx.app);
  },
  "QueryRoot.node": (_p, args, ctx) => nodeFor(ctx, args.id),
  "QueryRoot.nodes": (_p, args, ctx) => (args.ids as string[]).map((id) => nodeFor(ctx, id)),
  "QueryRoot.products": (_p, args, ctx) => {
    const list = search([...ctx.shop.products.values()], args.query, {
      id: (p, v) => byId(v)(p),
      title: (p, v) => p.title.toLowerCase().includes(v.toLowerCase()),
      handle: (p, v) => p.handle === v,
      status: (p, v) => p.status.toLowerCase() === v.toLowerCase(),
      tag: (p, v) => p.tags.includes(v),
      sku: (p, v) => p.variantIds.some((id) => ctx.shop.variants.get(id)?.sku === v),
    }, "products");
    return connection(list, args, (p) => productNode(ctx, p));
  },
  "QueryRoot.product": (_p, args, ctx) => typedNode(ctx, args.id, "Product"),
  "QueryRoot.productVariant": (_p, args, ctx) => typedNode(ctx, args.id, "ProductVariant"),
  "QueryRoot.productVariants": (_p, args, ctx) => {
    const list = search([...ctx.shop.variants.values()], args.query, {
      id: (v, val) => byId(val)(v),
      sku: (v, val) => v.sku === val,
      product_id: (v, val) => String(legacyId(v.productId)) === val,
      inventory_item_id: (v, val) => String(legacyId(v.inventoryItemId)) === val,
    }, "productVariants");
    return connection(list, args, (v) => variantNode(ctx, v));
  },
  "QueryRoot.order": (_p, args, ctx) => typedNode(ctx, args.id, "Order"),
  "QueryRoot.orders": (_p, args, ctx) => {
    const list = search([...ctx.shop.orders.values()], args.query, {
      id: (o, v) => byId(v)(o),
      name: (o, v) => o.name === v || o.name === `#${v}`,
      tag: (o, v) => o.tags.includes(v),
      customer_id: (o, v) => o.customerId !== null && String(legacyId(o.customerId)) === v,
      status: (o, v) => (v === "cancelled" ? o.cancelledAt !== null : v === "open" ? o.closedAt === null : v === "closed" ? o.closedAt !== null : v === "any"),
    }, "orders");
    return connection(list, args, (o) => orderNode(ctx, o));
  },
  "QueryRoot.fulfillmentOrder": (_p, args, ctx) => typedNode(ctx, args.id, "FulfillmentOrder"),
  // Merchant-managed fulfillment orders of the shop, by id; closed ones only on request.
  "QueryRoot.fulfillmentOrders": (_p, args, ctx) => {
    if (args.sortKey && args.sortKey !== "ID") throw new GraphQLError(`sortKey ${args.sortKey} is not implemented by the Shopify simulator`, { extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" } });
    const all = [...ctx.shop.fulfillmentOrders.values()]
      .filter((fo) => args.includeClosed || !["CLOSED", "CANCELLED"].includes(fo.status))
      .sort((a, b) => legacyId(a.id) - legacyId(b.id));
    const list = search(all, args.query, {
      status: (fo, v) => fo.status === v.toUpperCase(),
      assigned_location_id: (fo, v) => String(legacyId(fo.locationId)) === v,
    }, "fulfillmentOrders");
    return connection(list, args, (fo) => fulfillmentOrderNode(ctx, fo));
  },
  "QueryRoot.inventoryItem": (_p, args, ctx) => typedNode(ctx, args.id, "InventoryItem"),
  "QueryRoot.inventoryLevel": (_p, args, ctx) => typedNode(ctx, args.id, "InventoryLevel"),
  "QueryRoot.location": (_p, args, ctx) => (args.id ? typedNode(ctx, args.id, "Location") : locationNode(ctx, [...ctx.shop.locations.values()][0]!)),
  "QueryRoot.locations": (_p, args, ctx) => {
    const all = [...ctx.shop.locations.values()].filter((l) => l.isActive || args.includeInactive);
    return connection(search(all, args.query, { name: (l, v) => l.name === v, id: (l, v) => byId(v)(l) }, "locations"), args, (l) => locationNode(ctx, l));
  },
  "QueryRoot.customer": (_p, args, ctx) => typedNode(ctx, args.id, "Customer"),

  "Mutation.fulfillmentOrderHold": (_p, args, ctx) => {
    const input = args.fulfillmentHold as Args;
    const result = ctx.state.hold(ctx.shop.domain, ctx.app.apiKey, args.id, {
      reason: input.reason,
      reasonNotes: input.reasonNotes,
      handle: input.handle,
      externalId: input.externalId,
      fulfillmentOrderLineItems: input.fulfillmentOrderLineItems,
    });
    return {
      fulfillmentHold: result.hold ? holdNode(ctx, result.hold) : null,
      fulfillmentOrder: result.fulfillmentOrder ? fulfillmentOrderNode(ctx, result.fulfillmentOrder) : null,
      remainingFulfillmentOrder: result.remaining ? fulfillmentOrderNode(ctx, result.remaining) : null,
      userErrors: result.userErrors,
    };
  },
  "Mutation.fulfillmentOrderReleaseHold": (_p, args, ctx) => {
    const result = ctx.state.releaseHold(ctx.shop.domain, ctx.app.apiKey, args.id, args.holdIds);
    return { fulfillmentOrder: result.fulfillmentOrder ? fulfillmentOrderNode(ctx, result.fulfillmentOrder) : null, userErrors: result.userErrors };
  },
  "Mutation.metafieldsSet": (_p, args, ctx) => metafieldsSet(ctx, args.metafields),
  "Mutation.productVariantsBulkUpdate": (_p, args, ctx) => productVariantsBulkUpdate(ctx, args),
  "Mutation.inventoryAdjustQuantities": (_p, args, ctx) => inventoryAdjustQuantities(ctx, args.input),
  "Mutation.inventorySetQuantities": (_p, args, ctx) => inventorySetQuantities(ctx, args.input),
};

// The node types: for each GraphQL type a GID can name, how to find its
// record in a shop and how to project it. The one table behind `node(s)`,
// the root queries by id and metafield owners.
import type { Customer } from "../state/customers";
import type { FulfillmentOrder } from "../state/fulfillment-orders";
import { gidType, type Gid } from "../state/ids";
import type { InventoryItem, InventoryLevel } from "../state/inventory";
import type { Location } from "../state/locations";
import type { Order } from "../state/orders";
import type { Product, Variant } from "../state/products";
import type { ShopState } from "../state/shops";
import type { Obj, SimContext } from "./context";
import { customerNode } from "./customers";
import { fulfillmentOrderNode } from "./fulfillment-orders";
import { itemNode, levelNode } from "./inventory";
import { locationNode } from "./locations";
import { orderNode } from "./orders";
import { productNode, variantNode } from "./products";
import { shopNode } from "./shops";

/** How to find the record a GID names in a shop, and how to project it. */
export interface NodeType<R> {
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

/** The record a GID names, with its node type. */
export function lookup(shop: ShopState, id: Gid): { nodeType: NodeType<unknown>; record: unknown } | undefined {
  const type = gidType(id);
  if (!type || !Object.hasOwn(NODE_TYPES, type)) return undefined;
  const nodeType = NODE_TYPES[type]!;
  const record = nodeType.find(shop, id);
  return record ? { nodeType, record } : undefined;
}

/** Any record by GID, for `node`/`nodes`. */
export function nodeFor(ctx: SimContext, id: Gid): Obj | null {
  const found = lookup(ctx.shop, id);
  return found ? found.nodeType.node(ctx, found.record) : null;
}

export function typedNode(ctx: SimContext, id: Gid, type: string): Obj | null {
  const node = nodeFor(ctx, id);
  return node && node.__typename === type ? node : null;
}

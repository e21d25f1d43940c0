// The node types: for each GraphQL type a GID can name, how to find its
// record in a shop (its projection is registered in ./projections). The one
// table behind `node(s)`, the root queries by id and metafield owners.
import { gidType, type Gid } from "../state/ids";
import type { ShopState } from "../state/shops";
import type { Obj, SimContext } from "./context";
import { project, type Records, type TypeName } from "./projections";

/** How to find the record a GID names in a shop. */
interface NodeType<T extends TypeName> {
  find(shop: ShopState, id: Gid): Records[T] | undefined;
  /** Its `MetafieldOwnerType`, for the types that own metafields. */
  metafieldOwner?: string;
}

/** Every type a GID can name in the simulator, by GraphQL type name: the one table behind `node(s)`, the typed root queries and metafield owners. */
const NODE_TYPES: { [T in TypeName]?: NodeType<T> } = {
  Product: { find: (shop, id) => shop.products.get(id), metafieldOwner: "PRODUCT" },
  ProductVariant: { find: (shop, id) => shop.variants.get(id), metafieldOwner: "PRODUCTVARIANT" },
  InventoryItem: { find: (shop, id) => shop.inventoryItems.get(id) },
  InventoryLevel: {
    // A level's GID is found with or without its `?inventory_item_id=` suffix.
    find: (shop, id) => [...shop.levels.values()].find((l) => l.id === id || l.id.replace(/\?.*$/, "") === id.replace(/\?.*$/, "")),
  },
  Location: { find: (shop, id) => shop.locations.get(id), metafieldOwner: "LOCATION" },
  Customer: { find: (shop, id) => shop.customers.get(id), metafieldOwner: "CUSTOMER" },
  Order: { find: (shop, id) => shop.orders.get(id), metafieldOwner: "ORDER" },
  FulfillmentOrder: { find: (shop, id) => shop.fulfillmentOrders.get(id) },
  Shop: { find: (shop, id) => (id === shop.id ? shop : undefined), metafieldOwner: "SHOP" },
};

/** The record a GID names, its metafield owner type, and its projection. */
export interface Found {
  record: Records[TypeName];
  metafieldOwner?: string;
  node(ctx: SimContext): Obj;
}

const isNodeType = (type: string): type is TypeName => Object.hasOwn(NODE_TYPES, type);

function find<T extends TypeName>(shop: ShopState, id: Gid, type: T): Found | undefined {
  const nodeType: NodeType<T> | undefined = NODE_TYPES[type];
  const record = nodeType?.find(shop, id);
  return nodeType && record ? { record, metafieldOwner: nodeType.metafieldOwner, node: (ctx) => project(type, ctx, record) } : undefined;
}

/** The record a GID names, if its type is a node type and the shop has it. */
export function lookup(shop: ShopState, id: Gid): Found | undefined {
  const type = gidType(id);
  return type && isNodeType(type) ? find(shop, id, type) : undefined;
}

/** Any record by GID, for `node`/`nodes`. */
export function nodeFor(ctx: SimContext, id: Gid): Obj | null {
  const found = lookup(ctx.shop, id);
  return found ? found.node(ctx) : null;
}

export function typedNode(ctx: SimContext, id: Gid, type: TypeName): Obj | null {
  const node = nodeFor(ctx, id);
  return node && node.__typename === type ? node : null;
}

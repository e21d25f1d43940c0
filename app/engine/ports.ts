// What the engine uses of the store (Shopify): the part of the Admin API
// gateway it calls, and its plain snapshot types.
import type { Gateway } from "~/shopify/gateway.server";

export type { FulfillmentOrderSnapshot, InventoryLevelSnapshot, LineSnapshot, OrderSnapshot } from "~/shopify/snapshots";

export type StoreGateway = Pick<
  Gateway,
  | "orderForBackorders"
  | "openOrders"
  | "openOrdersCount"
  | "productVariants"
  | "productVariant"
  | "searchVariants"
  | "inventoryLevels"
  | "holdLines"
  | "releaseHold"
  | "setInventoryPolicy"
  | "setMetafields"
  | "deleteMetafields"
  | "addTags"
  | "removeTags"
>;

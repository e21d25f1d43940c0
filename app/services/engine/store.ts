// What the engine uses of the store (Shopify): the part of the Admin API
// gateway it calls, and its plain snapshot types.
import type { Gateway } from "~/shopify/gateway.server";

export type { FulfillmentOrderSnapshot, LineSnapshot, OrderSnapshot, InventoryLevelSnapshot as StockLevel } from "~/shopify/gateway.server";

export type StoreGateway = Pick<Gateway, "orderForBackorders" | "productVariants" | "productVariant" | "inventoryLevels" | "holdLines" | "releaseHold" | "setInventoryPolicy" | "setMetafields">;

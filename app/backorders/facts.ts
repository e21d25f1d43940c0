// The plain data the engine plans from. Names follow the Admin GraphQL API so
// the wiring maps Shopify objects field by field; ids are Shopify GIDs.
import type { CalendarDate } from "./dates";

export type InventoryPolicy = "CONTINUE" | "DENY";

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "ON_HOLD" | "SCHEDULED" | "INCOMPLETE" | "CLOSED" | "CANCELLED";

/** `InventoryLevel.quantities` for the two names the engine needs. */
export interface InventoryLevel {
  inventoryItemId: string;
  locationId: string;
  available: number;
  committed: number;
}

/** `FulfillmentHold`: `heldByRequestingApp` is true for holds this app placed. */
export interface FulfillmentHold {
  id: string;
  handle: string;
  heldByRequestingApp: boolean;
}

export interface FulfillmentOrderLineItem {
  id: string;
  /** The order's `LineItem` id: it survives Shopify splitting a fulfillment order, the line item id does not. */
  lineItemId: string;
  inventoryItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrder {
  id: string;
  status: FulfillmentOrderStatus;
  assignedLocationId: string;
  lineItems: FulfillmentOrderLineItem[];
  holds: FulfillmentHold[];
}

export interface Order {
  id: string;
  /** ISO 8601 with any offset (webhooks use the shop's offset, the API uses UTC). */
  createdAt: string;
  cancelledAt: string | null;
  customerTags: string[];
  fulfillmentOrders: FulfillmentOrder[];
}

/** A cap on how many units of a variant may wait for stock. */
export type BackorderCap = { kind: "FIXED"; units: number } | { kind: "DYNAMIC" };

/** The merchant's per-variant settings in this app. */
export interface VariantBackorderSettings {
  enabled: boolean;
  cap: BackorderCap | null;
  /** Days from today until a unit ordered now can ship when no recorded supply covers it. */
  leadTimeDays: number | null;
  /** The merchant's note for shoppers on the product page. */
  message: string | null;
}

export interface Variant {
  id: string;
  productId: string;
  inventoryItemId: string;
  inventoryPolicy: InventoryPolicy;
  /** Null: the merchant has not set the variant up in the app, so its policy is left alone. */
  backorders: VariantBackorderSettings | null;
  /** The storefront badge last published (`badgeValue` JSON); null when it never had one. */
  badge: string | null;
}

/** Incoming stock the merchant recorded: a shipment or purchase order line. */
export interface InboundSupply {
  id: string;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  expectedOn: CalendarDate;
}

export type LineState = "backordered" | "allocated" | "released" | "fulfilled" | "cancelled";

/** What the app stored about a backorder line after the previous plan. */
export interface StoredLine {
  lineItemId: string;
  locationId: string;
  state: LineState;
  /** The first date the customer was told; kept to measure promise accuracy. */
  promisedEta: CalendarDate | null;
  currentEta: CalendarDate | null;
}

export interface Facts {
  orders: Order[];
  inventoryLevels: InventoryLevel[];
  variants: Variant[];
  supply: InboundSupply[];
  /** Order `LineItem` ids whose hold from this app the merchant released by hand: never held again. */
  releasedByMerchant: string[];
  storedLines: StoredLine[];
}

export type PriorityRule = "OLDEST_FIRST" | "PRIORITY_TAG_FIRST";

/** SHIP_AVAILABLE holds only what is missing; SHIP_COMPLETE holds the order until all of it can ship. */
export type FulfillmentMode = "SHIP_AVAILABLE" | "SHIP_COMPLETE";

export interface ShopSettings {
  priorityRule: PriorityRule;
  priorityTag: string | null;
  /** Order `LineItem` ids the merchant pinned, first served first, above any rule. */
  pins: string[];
  fulfillmentMode: FulfillmentMode;
  handlingDays: number;
  /** `Shop.ianaTimezone`: "today" is the shop's calendar day. */
  timeZone: string;
}

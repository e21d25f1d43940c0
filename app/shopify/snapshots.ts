// What the gateway gives the app: Shopify's objects flattened into plain
// snapshots (no GraphQL shapes), and the functions that flatten them.
import { CALENDAR_DATE, SHOWN_ETA_ATTRIBUTE, type CalendarDate, type FulfillmentOrderStatus, type InventoryPolicy } from "~/backorders";
import type { OrderForBackordersQuery } from "./generated/admin.types";

export type HoldSnapshot = {
  id: string;
  /** "" for a hold without a handle (the merchant's, or another app's). */
  handle: string;
  reason: string;
  /** Placed by this app: the only holds it may release. */
  mine: boolean;
};

export type LineSnapshot = {
  /** The fulfillment order line item: what a hold names. */
  id: string;
  lineItemId: string;
  variantId: string;
  productId: string;
  inventoryItemId: string;
  sku: string | null;
  /** The variant's policy as the store has it now. */
  inventoryPolicy: InventoryPolicy;
  /** "Product - Variant", or the product's title alone for its only variant. */
  title: string;
  totalQuantity: number;
  remainingQuantity: number;
  /** The variant's price per unit, shop currency, as Shopify's decimal string (a scalar: it adds nothing to a query's cost); absent in snapshots stored before it was read. */
  unitPrice?: string;
  /** The ship date the product page showed the shopper (`SHOWN_ETA_ATTRIBUTE`), when the order carries a valid one. */
  shownEta?: CalendarDate | null;
};

export type FulfillmentOrderSnapshot = {
  id: string;
  status: FulfillmentOrderStatus;
  requestStatus: string;
  locationId: string;
  createdAt: string;
  supportedActions: string[];
  holds: HoldSnapshot[];
  lines: LineSnapshot[];
};

export type OrderSnapshot = {
  orderId: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  customerTags: string[];
  /** The customer's name as Shopify shows it, for the admin; absent in snapshots stored before it was read. */
  customerName?: string | null;
  /** Who to write to about the order, in their language, by first name; absent in snapshots stored before they were read. */
  email?: string | null;
  customerLocale?: string | null;
  customerFirstName?: string | null;
  fulfillmentOrders: FulfillmentOrderSnapshot[];
};

export type VariantSnapshot = {
  variantId: string;
  productId: string;
  inventoryItemId: string;
  sku: string | null;
  title: string;
  inventoryPolicy: InventoryPolicy;
  /** For the admin: the product's title and vendor, and its featured image. */
  productTitle: string;
  vendor: string | null;
  imageUrl: string | null;
};

export type ShopDetails = {
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  /** The online store's primary domain, such as https://maison-verte.com. */
  storefrontUrl: string;
};

export type InventoryLevelSnapshot = {
  inventoryItemId: string;
  locationId: string;
  /** The location's name, for the admin pages. */
  locationName?: string;
  available: number;
  committed: number;
  onHand: number;
  incoming: number;
};

export type FulfillmentOrderNode = NonNullable<OrderForBackordersQuery["order"]>["fulfillmentOrders"]["nodes"][number];
export type LinePage = FulfillmentOrderNode["lineItems"];
type LineNode = LinePage["nodes"][number];
type QuantitiesNode = { location: { id: string; name?: string }; quantities: Array<{ name: string; quantity: number }> };

/** A property the shopper's browser wrote is only trusted to be a date when it reads as one. */
function shownEtaOf(attributes: ReadonlyArray<{ key: string; value?: string | null }>): CalendarDate | null {
  const value = attributes.find((attribute) => attribute.key === SHOWN_ETA_ATTRIBUTE)?.value?.trim() ?? "";
  return CALENDAR_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

// Lines without a variant (custom items, deleted products) have no stock to plan.
export function flattenLines(nodes: LineNode[]): LineSnapshot[] {
  return nodes.flatMap((node) =>
    node.variant && node.inventoryItemId
      ? [
          {
            id: node.id,
            lineItemId: node.lineItem.id,
            variantId: node.variant.id,
            productId: node.variant.product.id,
            inventoryItemId: node.inventoryItemId,
            sku: node.sku ?? null,
            inventoryPolicy: node.variant.inventoryPolicy,
            title:
              node.variantTitle && node.variantTitle !== "Default Title"
                ? `${node.productTitle} - ${node.variantTitle}`
                : node.productTitle,
            totalQuantity: node.totalQuantity,
            remainingQuantity: node.remainingQuantity,
            unitPrice: node.variant.price,
            shownEta: shownEtaOf(node.lineItem.customAttributes),
          },
        ]
      : [],
  );
}

export function levelSnapshot(inventoryItemId: string, level: QuantitiesNode): InventoryLevelSnapshot {
  const quantity = (name: string) => level.quantities.find((q) => q.name === name)?.quantity ?? 0;
  return {
    inventoryItemId,
    locationId: level.location.id,
    ...(level.location.name ? { locationName: level.location.name } : {}),
    available: quantity("available"),
    committed: quantity("committed"),
    onHand: quantity("on_hand"),
    incoming: quantity("incoming"),
  };
}

type OrderHeaderNode = Pick<
  NonNullable<OrderForBackordersQuery["order"]>,
  "id" | "name" | "createdAt" | "cancelledAt" | "email" | "customerLocale" | "customer"
>;

/** An order's own fields, with no fulfillment order yet. */
export function orderHeader(order: OrderHeaderNode): OrderSnapshot {
  return {
    orderId: order.id,
    name: order.name,
    createdAt: order.createdAt,
    cancelledAt: order.cancelledAt,
    customerTags: order.customer?.tags ?? [],
    customerName: order.customer?.displayName ?? null,
    email: order.email ?? null,
    customerLocale: order.customerLocale ?? null,
    customerFirstName: order.customer?.firstName ?? null,
    fulfillmentOrders: [],
  };
}

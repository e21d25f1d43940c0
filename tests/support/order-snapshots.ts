// Orders as the engine stores them (OrderSnapshot), for tests and benchmarks
// that seed a shop's database directly: variant v is ProductVariant/v, its
// product Product/v, its inventory item InventoryItem/v.
import type { OrderSnapshot } from "~/engine/ports";

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
export const LOCATION = gid("Location", 1);

/** Order n at LOCATION: one unit of each of the variants, in one fulfillment order, open or closed (fulfilled). */
export function orderSnapshot(n: number, variants: number[], open = true): OrderSnapshot {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    orderId: gid("Order", n),
    name: `#${n}`,
    createdAt,
    cancelledAt: null,
    customerTags: [],
    fulfillmentOrders: [
      {
        id: gid("FulfillmentOrder", n),
        status: open ? "OPEN" : "CLOSED",
        requestStatus: "UNSUBMITTED",
        locationId: LOCATION,
        createdAt,
        supportedActions: [],
        holds: [],
        lines: [...new Set(variants)].map((v, j) => ({
          id: gid("FulfillmentOrderLineItem", n * 10 + j),
          lineItemId: gid("LineItem", n * 10 + j),
          variantId: gid("ProductVariant", v),
          productId: gid("Product", v),
          inventoryItemId: gid("InventoryItem", v),
          sku: `SKU-${v}`,
          inventoryPolicy: "DENY",
          title: `Product ${v}`,
          totalQuantity: 1,
          remainingQuantity: open ? 1 : 0,
        })),
      },
    ],
  };
}

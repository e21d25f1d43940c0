// What is waiting: the open fulfillment-order line items of each inventory
// item and location, gathered per order line. Shopify splits a fulfillment
// order when part of it is held, giving the rest new line item ids; counting
// per order `LineItem` keeps allocation (and so the plan) the same before and
// after a split, which is what makes applying a plan twice change nothing.
import type { DemandLine } from "./allocation";
import type { Order, ShopSettings } from "./facts";
import { isOpen, isOwnHold } from "./fulfillment-orders";
import { compareGids } from "./ids";
import { stockKey } from "./keys";

/** One fulfillment-order line item holding part of a demand line. */
export interface DemandPart {
  fulfillmentOrderId: string;
  fulfillmentOrderLineItemId: string;
  remainingQuantity: number;
  heldByApp: boolean;
  heldByOthers: boolean;
}

export interface ItemLocationDemand {
  inventoryItemId: string;
  locationId: string;
  lines: DemandLine[];
  /** Per demand line id (the order `LineItem` id), the pieces it is spread over. */
  parts: Map<string, DemandPart[]>;
}

export function hasPriorityTag(customerTags: readonly string[], priorityTag: string | null): boolean {
  // Shopify treats customer tags case-insensitively.
  const wanted = priorityTag?.trim().toLowerCase();
  return Boolean(wanted) && customerTags.some((tag) => tag.trim().toLowerCase() === wanted);
}

/** Demand per item and location, in a fixed order (item id, then location id). */
export function collectDemand(orders: readonly Order[], settings: Pick<ShopSettings, "priorityTag">): ItemLocationDemand[] {
  const groups = new Map<string, ItemLocationDemand>();
  for (const order of orders) {
    const orderedAt = Date.parse(order.createdAt);
    const priorityCustomer = hasPriorityTag(order.customerTags, settings.priorityTag);
    for (const fulfillmentOrder of order.fulfillmentOrders) {
      if (!isOpen(order, fulfillmentOrder)) continue;
      const heldByApp = fulfillmentOrder.holds.some(isOwnHold);
      const heldByOthers = fulfillmentOrder.holds.some((hold) => !isOwnHold(hold));
      const locationId = fulfillmentOrder.assignedLocationId;
      for (const item of fulfillmentOrder.lineItems) {
        if (item.remainingQuantity <= 0) continue;
        const key = stockKey({ inventoryItemId: item.inventoryItemId, locationId });
        let group = groups.get(key);
        if (!group) {
          group = { inventoryItemId: item.inventoryItemId, locationId, lines: [], parts: new Map() };
          groups.set(key, group);
        }
        let parts = group.parts.get(item.lineItemId);
        if (!parts) {
          parts = [];
          group.parts.set(item.lineItemId, parts);
          group.lines.push({ lineId: item.lineItemId, orderId: order.id, orderedAt, priorityCustomer, quantity: 0 });
        }
        parts.push({
          fulfillmentOrderId: fulfillmentOrder.id,
          fulfillmentOrderLineItemId: item.id,
          remainingQuantity: item.remainingQuantity,
          heldByApp,
          heldByOthers,
        });
      }
    }
  }
  for (const group of groups.values()) {
    for (const line of group.lines) line.quantity = group.parts.get(line.lineId)!.reduce((sum, part) => sum + part.remainingQuantity, 0);
  }
  return [...groups.values()].sort((a, b) => compareGids(a.inventoryItemId, b.inventoryItemId) || compareGids(a.locationId, b.locationId));
}

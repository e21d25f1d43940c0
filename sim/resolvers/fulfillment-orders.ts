import type { FulfillmentOrder, FulfillmentOrderLineItem } from "../state/fulfillment-orders";
import type { Order } from "../state/orders";
import { connection } from "./connection";
import type { Args, Obj, SimContext } from "./context";
import { project, register } from "./projections";

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
    lineItem: () => project("LineItem", ctx, { order, line }),
    variant: () => (variant ? project("ProductVariant", ctx, variant) : null),
  };
}

function fulfillmentOrderNode(ctx: SimContext, fo: FulfillmentOrder): Obj {
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
    order: () => project("Order", ctx, order),
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
      location: () => project("Location", ctx, loc),
    },
    lineItems: (args: Args) => connection(fo.lineItems, args, (li) => foLineItemNode(ctx, order, li)),
    fulfillmentHolds: () => fo.holds.map((h) => project("FulfillmentHold", ctx, h)),
    supportedActions: () =>
      state.supportedActions(fo).map((action) => ({ __typename: "FulfillmentOrderSupportedAction", action, externalUrl: null })),
  };
}

register({ FulfillmentOrder: fulfillmentOrderNode });

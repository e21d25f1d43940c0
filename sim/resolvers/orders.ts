// Orders and their line items; fulfilment figures come from the order's
// fulfillment orders.
import { legacyId } from "../state/ids";
import type { LineItem, Order } from "../state/orders";
import { decimal, financialStatus, orderTotals } from "../state/payments";
import { byId, connection, search } from "./connection";
import { moneyBag, type Args, type Obj, type SimContext } from "./context";
import { metafieldFields } from "./metafields";
import { project, register } from "./projections";

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

function lineItemNode(ctx: SimContext, order: Order, line: LineItem): Obj {
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
    customAttributes: line.customAttributes,
    originalUnitPriceSet: moneyBag(line.price, cur),
    discountedUnitPriceSet: moneyBag(line.price, cur),
    variant: () => (variant ? project("ProductVariant", ctx, variant) : null),
    product: () => {
      const p = shop.products.get(line.productId);
      return p ? project("Product", ctx, p) : null;
    },
  };
}

function orderNode(ctx: SimContext, order: Order): Obj {
  const { shop } = ctx;
  const cur = shop.currencyCode;
  const totals = orderTotals(order);
  const money = (c: number) => moneyBag(decimal(c), cur);
  return {
    __typename: "Order",
    id: order.id,
    legacyResourceId: String(legacyId(order.id)),
    name: order.name,
    number: order.number,
    email: order.email,
    customerLocale: order.customerLocale,
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
    // No taxes, shipping or discounts in the simulator: prices are the lines' sums.
    currentTotalPriceSet: money(totals.current),
    currentSubtotalPriceSet: money(totals.current),
    originalTotalPriceSet: money(totals.original),
    totalPriceSet: money(totals.original),
    subtotalPriceSet: money(totals.original),
    totalReceivedSet: money(totals.received),
    totalRefundedSet: money(totals.refunded),
    netPaymentSet: money(totals.net),
    // Negative when the customer is owed money (an edit or cancellation lowered the total after payment).
    totalOutstandingSet: money(totals.outstanding),
    displayFinancialStatus: financialStatus(order),
    refunds: (args: Args) =>
      order.refunds
        .slice(0, (args.first as number | undefined) ?? order.refunds.length)
        .map((refund) => project("Refund", ctx, { order, refund })),
    transactions: (args: Args) =>
      order.transactions
        .slice(0, (args.first as number | undefined) ?? order.transactions.length)
        .map((transaction) => project("OrderTransaction", ctx, { order, transaction })),
    currentSubtotalLineItemsQuantity: order.lineItems.reduce((s, l) => s + l.currentQuantity, 0),
    subtotalLineItemsQuantity: order.lineItems.reduce((s, l) => s + l.quantity, 0),
    displayFulfillmentStatus: () => displayFulfillmentStatus(ctx, order),
    customer: () => {
      const c = order.customerId ? shop.customers.get(order.customerId) : undefined;
      return c ? project("Customer", ctx, c) : null;
    },
    lineItems: (args: Args) => connection(order.lineItems, args, (l) => lineItemNode(ctx, order, l)),
    fulfillmentOrders: (args: Args) => {
      let list = openFulfillmentOrders(ctx, order);
      // `displayable` hides closed/cancelled ones, as in the Shopify admin.
      if (args.displayable) list = list.filter((f) => f.status !== "CLOSED" && f.status !== "CANCELLED");
      list = search(
        list,
        args.query,
        { status: (f, v) => f.status.toLowerCase() === v.toLowerCase(), id: (f, v) => byId(v)(f) },
        "Order.fulfillmentOrders",
      );
      return connection(list, args, (f) => project("FulfillmentOrder", ctx, f));
    },
    ...metafieldFields(ctx, order),
  };
}

register({ Order: orderNode, LineItem: (ctx, { order, line }) => lineItemNode(ctx, order, line) });

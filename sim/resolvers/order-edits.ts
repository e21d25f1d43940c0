// Order editing: the CalculatedOrder a session shows, and the mutations that
// begin, stage and commit it (state/order-edits.ts has Shopify's rules).
// Editing needs write_order_edits, as on Shopify.
import { legacyId } from "../state/ids";
import { findLine, type CalculatedLine, type OrderEdit } from "../state/order-edits";
import { unfulfilledOf } from "../state/orders";
import { cents, decimal, orderTotals } from "../state/payments";
import { connection } from "./connection";
import { moneyBag, requireScope, type Args, type Obj, type SimContext } from "./context";
import { project, register } from "./projections";

const ORDER_EDITS_SCOPE = "write_order_edits";

function calculatedLineNode(ctx: SimContext, edit: OrderEdit, line: CalculatedLine): Obj {
  const { shop } = ctx;
  const order = shop.orders.get(edit.orderId)!;
  const item = findLine(order, line);
  const unfulfilled = unfulfilledOf(shop, order, item);
  const fulfilled = item.currentQuantity - unfulfilled;
  const variant = shop.variants.get(item.variantId);
  const price = (quantity: number) => moneyBag(decimal(cents(item.price) * quantity), shop.currencyCode);
  return {
    __typename: "CalculatedLineItem",
    id: line.id,
    title: item.title,
    variantTitle: item.variantTitle,
    sku: item.sku,
    quantity: line.quantity,
    // Shipped units cannot be edited away.
    editableQuantity: line.quantity - fulfilled,
    editableQuantityBeforeChanges: unfulfilled,
    restockable: unfulfilled > 0,
    restocking: line.staged && line.restock,
    hasStagedLineItemDiscount: false,
    customAttributes: item.customAttributes,
    originalUnitPriceSet: moneyBag(item.price, shop.currencyCode),
    discountedUnitPriceSet: moneyBag(item.price, shop.currencyCode),
    editableSubtotalSet: price(line.quantity - fulfilled),
    uneditableSubtotalSet: price(fulfilled),
    variant: () => (variant ? project("ProductVariant", ctx, variant) : null),
  };
}

function calculatedOrderNode(ctx: SimContext, edit: OrderEdit): Obj {
  const { shop } = ctx;
  const order = shop.orders.get(edit.orderId)!;
  const cur = shop.currencyCode;
  // The order as it would be with the staged quantities: lines not in the session keep theirs.
  const staged = order.lineItems.reduce((s, item) => {
    const line = edit.lines.find((l) => l.lineItemId === item.id);
    return s + cents(item.price) * (line ? line.quantity : item.currentQuantity);
  }, 0);
  return {
    __typename: "CalculatedOrder",
    id: edit.id,
    committed: edit.committed,
    originalOrder: () => project("Order", ctx, order),
    lineItems: (args: Args) => connection(edit.lines, args, (line) => calculatedLineNode(ctx, edit, line)),
    addedLineItems: (args: Args) => connection([], args, () => ({})),
    subtotalLineItemsQuantity: edit.lines.reduce((s, l) => s + l.quantity, 0),
    subtotalPriceSet: moneyBag(decimal(staged), cur),
    totalPriceSet: moneyBag(decimal(staged), cur),
    totalOutstandingSet: moneyBag(decimal(staged - orderTotals(order).net), cur),
  };
}

register({
  CalculatedOrder: calculatedOrderNode,
  CalculatedLineItem: (ctx, { edit, line }) => calculatedLineNode(ctx, edit, line),
});

const session = (edit: OrderEdit | undefined) => (edit ? { id: `gid://shopify/OrderEditSession/${legacyId(edit.id)}` } : null);

export function orderEditBegin(ctx: SimContext, args: Args): Obj {
  requireScope(ctx, "orderEditBegin", ORDER_EDITS_SCOPE);
  const { userErrors, value: edit } = ctx.state.beginEdit(ctx.shop.domain, args.id);
  return { calculatedOrder: edit ? calculatedOrderNode(ctx, edit) : null, orderEditSession: session(edit), userErrors };
}

export function orderEditSetQuantity(ctx: SimContext, args: Args): Obj {
  requireScope(ctx, "orderEditSetQuantity", ORDER_EDITS_SCOPE);
  const { userErrors, value } = ctx.state.setEditQuantity(ctx.shop.domain, {
    id: args.id,
    lineItemId: args.lineItemId,
    quantity: args.quantity,
    restock: args.restock,
  });
  return {
    calculatedOrder: value ? calculatedOrderNode(ctx, value.edit) : null,
    calculatedLineItem: value ? calculatedLineNode(ctx, value.edit, value.line) : null,
    orderEditSession: session(value?.edit),
    userErrors,
  };
}

export function orderEditCommit(ctx: SimContext, args: Args): Obj {
  requireScope(ctx, "orderEditCommit", ORDER_EDITS_SCOPE);
  const { userErrors, value: order } = ctx.state.commitEdit(ctx.shop.domain, {
    id: args.id,
    notifyCustomer: args.notifyCustomer,
    staffNote: args.staffNote,
  });
  return {
    order: order ? project("Order", ctx, order) : null,
    successMessages: order ? ["Order updated"] : null,
    userErrors,
  };
}

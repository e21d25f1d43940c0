// Refunds and transactions on orders, refundCreate, and orderCancel (which
// may refund): state/payments.ts keeps the money, state/orders.ts cancels.
import { legacyId } from "../state/ids";
import type { Order } from "../state/orders";
import { decimal, type Refund, type Transaction } from "../state/payments";
import { connection } from "./connection";
import { moneyBag, requireScope, type Args, type Obj, type SimContext } from "./context";
import { project, register } from "./projections";

function transactionNode(ctx: SimContext, order: Order, t: Transaction): Obj {
  const parent = t.parentId ? order.transactions.find((x) => x.id === t.parentId) : undefined;
  return {
    __typename: "OrderTransaction",
    id: t.id,
    kind: t.kind,
    status: t.status,
    gateway: t.gateway,
    formattedGateway: "Manual",
    manualPaymentGateway: true,
    test: true,
    amountSet: moneyBag(decimal(t.amount), ctx.shop.currencyCode),
    createdAt: t.createdAt,
    processedAt: t.createdAt,
    parentTransaction: () => (parent ? transactionNode(ctx, order, parent) : null),
    order: () => project("Order", ctx, order),
  };
}

function refundNode(ctx: SimContext, order: Order, refund: Refund): Obj {
  const cur = ctx.shop.currencyCode;
  const transactions = order.transactions.filter((t) => refund.transactionIds.includes(t.id));
  return {
    __typename: "Refund",
    id: refund.id,
    legacyResourceId: String(legacyId(refund.id)),
    note: refund.note,
    createdAt: refund.createdAt,
    processedAt: refund.createdAt,
    updatedAt: refund.createdAt,
    totalRefundedSet: moneyBag(decimal(refund.amount), cur),
    order: () => project("Order", ctx, order),
    transactions: (args: Args) => connection(transactions, args, (t) => transactionNode(ctx, order, t)),
    refundLineItems: (args: Args) =>
      connection(
        refund.lineItems.map((l, i) => ({ ...l, id: `${refund.id}-${i}` })),
        args,
        (l) => {
          const line = order.lineItems.find((x) => x.id === l.lineItemId)!;
          return {
            __typename: "RefundLineItem",
            quantity: l.quantity,
            restockType: l.restockType,
            restocked: false,
            lineItem: project("LineItem", ctx, { order, line }),
          };
        },
      ),
  };
}

register({
  Refund: (ctx, { order, refund }) => refundNode(ctx, order, refund),
  OrderTransaction: (ctx, { order, transaction }) => transactionNode(ctx, order, transaction),
});

/** refundCreate: money back through the transactions given, lines recorded; needs write_orders. */
export function refundCreate(ctx: SimContext, args: Args): Obj {
  requireScope(ctx, "refundCreate", "write_orders");
  const input = args.input as Args;
  const { userErrors, refund, order } = ctx.state.refund(ctx.shop.domain, {
    orderId: input.orderId,
    note: input.note,
    notify: input.notify,
    refundLineItems: input.refundLineItems,
    transactions: input.transactions,
  });
  return {
    refund: refund && order ? refundNode(ctx, order, refund) : null,
    order: order ? project("Order", ctx, order) : null,
    userErrors: userErrors.map(({ field, message }) => ({ field, message })),
  };
}

/**
 * orderCancel: Shopify cancels in a background job and answers with it; the
 * simulator cancels at once, so the job is done when the answer arrives.
 * `refundMethod.originalPaymentMethodsRefund` (or the deprecated `refund`)
 * gives the customer back what they paid.
 */
export function orderCancel(ctx: SimContext, args: Args): Obj {
  requireScope(ctx, "orderCancel", "write_orders");
  const refundMethod = args.refundMethod as Args | null | undefined;
  const { userErrors, order } = ctx.state.cancel(ctx.shop.domain, {
    orderId: args.orderId,
    reason: args.reason,
    restock: args.restock,
    refund: Boolean(refundMethod?.originalPaymentMethodsRefund ?? args.refund),
    staffNote: args.staffNote,
  });
  return {
    job: order ? { __typename: "Job", id: `gid://shopify/Job/${crypto.randomUUID()}`, done: true } : null,
    orderCancelUserErrors: userErrors,
    userErrors: userErrors.map(({ field, message }) => ({ field, message })),
  };
}

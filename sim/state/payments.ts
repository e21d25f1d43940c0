// Money on an order: the sale taken at checkout, refunds, and the totals
// Shopify derives from them. An edit or a cancellation lowers what the order
// costs, not what was paid: the difference shows as a negative
// `totalOutstandingSet` (owed to the customer) until a refund pays it back.
import { SimError } from "./errors";
import { gid, type Gid } from "./ids";
import type { LineItem, Order } from "./orders";
import type { SimState } from "./sim-state";

/** The simulator's checkout takes every payment through Shopify's manual gateway. */
export const GATEWAY = "manual";

export interface Transaction {
  id: Gid;
  kind: "SALE" | "REFUND";
  status: "SUCCESS";
  gateway: string;
  /** Cents, in the shop's currency. */
  amount: number;
  parentId: Gid | null;
  createdAt: string;
}

export interface Refund {
  id: Gid;
  note: string | null;
  lineItems: { lineItemId: Gid; quantity: number; restockType: "CANCEL" | "NO_RESTOCK" | "RETURN" | "LEGACY_RESTOCK" }[];
  transactionIds: Gid[];
  /** Cents: the sum of its transactions. */
  amount: number;
  createdAt: string;
}

export interface RefundInput {
  orderId: Gid;
  note?: string | null;
  notify?: boolean | null;
  refundLineItems?: { lineItemId: Gid; quantity: number; restockType?: Refund["lineItems"][number]["restockType"] | null }[] | null;
  transactions?: { amount: string; gateway: string; kind: string; orderId: Gid; parentId?: Gid | null }[] | null;
}

export const cents = (amount: string): number => Math.round(Number(amount) * 100);
export const decimal = (c: number): string => (c / 100).toFixed(2);

const lineCents = (line: LineItem, quantity: number) => cents(line.price) * quantity;

/** What the order came to when placed, what it comes to now, and the money moved on it (cents). */
export function orderTotals(order: Order) {
  const original = order.lineItems.reduce((s, l) => s + lineCents(l, l.quantity), 0);
  const current = order.lineItems.reduce((s, l) => s + lineCents(l, l.currentQuantity), 0);
  const received = order.transactions.filter((t) => t.kind === "SALE").reduce((s, t) => s + t.amount, 0);
  const refunded = order.transactions.filter((t) => t.kind === "REFUND").reduce((s, t) => s + t.amount, 0);
  const net = received - refunded;
  // Negative: the customer paid more than the order now costs.
  return { original, current, received, refunded, net, outstanding: current - net };
}

/** Shopify's display financial status, from the money moved. */
export function financialStatus(order: Order): "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED" | "PENDING" {
  const { received, refunded } = orderTotals(order);
  if (received === 0) return order.cancelledAt ? "VOIDED" : "PENDING";
  if (refunded === 0) return "PAID";
  return refunded >= received ? "REFUNDED" : "PARTIALLY_REFUNDED";
}

/** The payment taken at checkout: the whole original total, as the simulator's shoppers always pay in full. */
export function takePayment(state: SimState, order: Order) {
  order.transactions.push({
    id: gid("OrderTransaction", state.nextId()),
    kind: "SALE",
    status: "SUCCESS",
    gateway: GATEWAY,
    amount: orderTotals(order).original,
    parentId: null,
    createdAt: state.now(),
  });
}

/** Refunds `amount` cents against the order's sale; Shopify refuses to refund more than was received. */
function refundTransaction(state: SimState, order: Order, amount: number, gateway: string, parentId: Gid | null): Transaction {
  const sale = order.transactions.find((t) => t.kind === "SALE");
  if (!sale) throw new SimError("Order has no transactions to refund");
  if (parentId !== null && !order.transactions.some((t) => t.id === parentId && t.kind === "SALE")) {
    throw new SimError("Parent transaction does not exist");
  }
  if (amount <= 0) throw new SimError("Amount must be greater than zero");
  if (amount > orderTotals(order).net) {
    throw new SimError(`Refund amount ${decimal(amount)} is greater than net payment received ${decimal(orderTotals(order).net)}`);
  }
  const transaction: Transaction = {
    id: gid("OrderTransaction", state.nextId()),
    kind: "REFUND",
    status: "SUCCESS",
    gateway,
    amount,
    parentId: parentId ?? sale.id,
    createdAt: state.now(),
  };
  order.transactions.push(transaction);
  return transaction;
}

/**
 * refundCreate's money and lines. Refund line items only record which units
 * the refund is for (the simulator does not restock through refunds: removing
 * units is the order edit's and the cancellation's work); the money is the
 * transactions', as Shopify takes it.
 */
export function createRefund(state: SimState, order: Order, input: RefundInput): Refund {
  const transactions = input.transactions ?? [];
  for (const t of transactions) {
    if (t.kind !== "REFUND") throw new SimError(`Transaction kind ${t.kind} is not a refund`);
    if (t.orderId !== order.id) throw new SimError("Transaction order does not match the refund's order");
  }
  for (const l of input.refundLineItems ?? []) {
    const line = order.lineItems.find((x) => x.id === l.lineItemId);
    if (!line) throw new SimError(`Line item ${l.lineItemId} does not exist`);
    if (l.quantity <= 0 || l.quantity > line.quantity) throw new SimError(`Quantity ${l.quantity} is invalid for line item ${line.id}`);
  }
  const total = transactions.reduce((s, t) => s + cents(t.amount), 0);
  if (total > orderTotals(order).net) {
    throw new SimError(`Refund amount ${decimal(total)} is greater than net payment received ${decimal(orderTotals(order).net)}`);
  }
  const made = transactions.map((t) => refundTransaction(state, order, cents(t.amount), t.gateway, t.parentId ?? null));
  const refund: Refund = {
    id: gid("Refund", state.nextId()),
    note: input.note ?? null,
    lineItems: (input.refundLineItems ?? []).map((l) => ({
      lineItemId: l.lineItemId,
      quantity: l.quantity,
      restockType: l.restockType ?? "NO_RESTOCK",
    })),
    transactionIds: made.map((t) => t.id),
    amount: made.reduce((s, t) => s + t.amount, 0),
    createdAt: state.now(),
  };
  order.refunds.push(refund);
  order.updatedAt = state.now();
  return refund;
}

/** Refunds everything the customer has paid and not had back: a cancellation with a refund. */
export function refundAll(state: SimState, order: Order, note: string | null): Refund | null {
  const { net } = orderTotals(order);
  if (net <= 0) return null;
  const transaction = refundTransaction(state, order, net, GATEWAY, null);
  const refund: Refund = {
    id: gid("Refund", state.nextId()),
    note,
    lineItems: [],
    transactionIds: [transaction.id],
    amount: net,
    createdAt: state.now(),
  };
  order.refunds.push(refund);
  return refund;
}

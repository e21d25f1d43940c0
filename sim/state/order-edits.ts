// Order editing as Shopify's GraphQL does it: orderEditBegin opens a session
// (a CalculatedOrder) over the order, orderEditSetQuantity stages quantities
// on its CalculatedLineItems, and orderEditCommit applies them to the order
// (through ./orders, which moves the units and sends the webhooks). The
// simulator stages lower quantities only: raising one or adding lines is not
// what the app does, and is refused.
import type { UserError } from "./errors";
import { gid, legacyId, type Gid } from "./ids";
import { editOrder, unfulfilledOf, type LineItem, type Order } from "./orders";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface CalculatedLine {
  /**
   * `gid://shopify/CalculatedLineItem/N`, what orderEditSetQuantity names. For
   * a line already on the order Shopify gives it the LineItem's number, which
   * is how a caller finds the calculated line of an order line.
   */
  id: Gid;
  lineItemId: Gid;
  /** The quantity after the staged change; the line's current quantity until one is staged. */
  quantity: number;
  restock: boolean;
  staged: boolean;
}

export interface OrderEdit {
  /** `gid://shopify/CalculatedOrder/N`. */
  id: Gid;
  orderId: Gid;
  lines: CalculatedLine[];
  committed: boolean;
  createdAt: string;
}

type Outcome<T> = { userErrors: UserError[]; value?: T };

const refuse = (field: string[] | null, message: string) => ({ userErrors: [{ field, message, code: null }] });

export function findLine(order: Order, line: CalculatedLine): LineItem {
  return order.lineItems.find((l) => l.id === line.lineItemId)!;
}

/** orderEditBegin: a session over the order's current lines. */
export function beginEdit(state: SimState, shop: ShopState, orderId: Gid): Outcome<OrderEdit> {
  const order = shop.orders.get(orderId);
  if (!order) return refuse(["id"], "The order does not exist.");
  if (order.cancelledAt) return refuse(["id"], "The order has been canceled and cannot be edited.");
  const edit: OrderEdit = {
    id: gid("CalculatedOrder", state.nextId()),
    orderId,
    lines: order.lineItems
      .filter((l) => l.currentQuantity > 0)
      .map((l) => ({
        id: gid("CalculatedLineItem", legacyId(l.id)),
        lineItemId: l.id,
        quantity: l.currentQuantity,
        restock: false,
        staged: false,
      })),
    committed: false,
    createdAt: state.now(),
  };
  shop.orderEdits.set(edit.id, edit);
  return { userErrors: [], value: edit };
}

/** The session, if this shop has it and it is still open. */
function openEdit(shop: ShopState, id: Gid): Outcome<OrderEdit> {
  const edit = shop.orderEdits.get(id);
  // Another shop's session is not found here: sessions live in their shop.
  if (!edit) return refuse(["id"], "The calculated order does not exist.");
  if (edit.committed) return refuse(["id"], "The order edit has already been committed.");
  return { userErrors: [], value: edit };
}

/** orderEditSetQuantity: stages a lower quantity on one line; never below what has shipped, never above what was ordered. */
export function setQuantity(
  shop: ShopState,
  input: { id: Gid; lineItemId: Gid; quantity: number; restock?: boolean | null },
): Outcome<{ edit: OrderEdit; line: CalculatedLine }> {
  const found = openEdit(shop, input.id);
  const edit = found.value;
  if (!edit) return { userErrors: found.userErrors };
  const order = shop.orders.get(edit.orderId)!;
  const line = edit.lines.find((l) => l.id === input.lineItemId);
  if (!line) return refuse(["lineItemId"], "The line item does not exist on the calculated order.");
  const item = findLine(order, line);
  if (input.quantity < 0) return refuse(["quantity"], "Quantity must be greater than or equal to 0.");
  if (input.quantity > item.currentQuantity) {
    return refuse(
      ["quantity"],
      `Quantity cannot be increased above the original quantity of ${item.currentQuantity} by the Shopify simulator.`,
    );
  }
  const fulfilled = item.currentQuantity - unfulfilledOf(shop, order, item);
  if (input.quantity < fulfilled) {
    return refuse(["quantity"], `Quantity cannot be less than the fulfilled quantity of ${fulfilled}.`);
  }
  line.quantity = input.quantity;
  line.restock = input.restock ?? false;
  line.staged = input.quantity !== item.currentQuantity;
  return { userErrors: [], value: { edit, line } };
}

/** orderEditCommit: applies the staged quantities to the order; the session cannot be used again. */
export function commitEdit(
  state: SimState,
  shop: ShopState,
  input: { id: Gid; notifyCustomer?: boolean | null; staffNote?: string | null },
): Outcome<Order> {
  const found = openEdit(shop, input.id);
  const edit = found.value;
  if (!edit) return { userErrors: found.userErrors };
  const order = shop.orders.get(edit.orderId)!;
  if (order.cancelledAt) return refuse(["id"], "The order has been canceled and cannot be edited.");
  edit.committed = true;
  const staged = edit.lines.filter((l) => l.staged);
  if (staged.length === 0) return { userErrors: [], value: order };
  const edited = editOrder(state, shop, {
    orderId: order.id,
    setQuantities: staged.map((l) => ({ lineItemId: l.lineItemId, quantity: l.quantity, restock: l.restock })),
    staffNote: input.staffNote ?? undefined,
    notifyCustomer: input.notifyCustomer ?? false,
  });
  return { userErrors: [], value: edited };
}

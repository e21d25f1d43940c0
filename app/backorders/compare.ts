// What a change would do, told before it is made: the difference between the
// plan of the shop as it is and the plan with the change applied. Both plans
// come from the same facts, so every difference is the change's doing.
import type { Order } from "./facts";
import type { HoldCommand } from "./holds";
import { lineKey } from "./keys";
import type { Plan, PlannedLine } from "./plan";

export interface LineMove {
  line: PlannedLine;
  from: { queuePosition: number | null; eta: string | null; backordered: number };
  to: { queuePosition: number | null; eta: string | null; backordered: number };
}

export interface PlanDifference {
  /** Lines whose place in line changes. */
  reordered: LineMove[];
  /** Lines whose date changes (a waiting line's date, or a line starting or ending its wait). */
  redated: LineMove[];
  /** Orders the change would hold (or hold differently), in order id order. */
  heldOrders: string[];
  /** Orders whose hold the change would lift and not replace. */
  releasedOrders: string[];
}

const numbers = (line: PlannedLine | undefined) => ({
  queuePosition: line?.queuePosition ?? null,
  eta: line?.eta ?? null,
  backordered: line?.backordered ?? 0,
});

/** `orders`: the orders both plans were made from, to name the order of each hold command. */
export function comparePlans(before: Plan, after: Plan, orders: readonly Order[]): PlanDifference {
  const previous = new Map(before.lines.map((line) => [lineKey(line), line]));
  const reordered: LineMove[] = [];
  const redated: LineMove[] = [];
  for (const line of after.lines) {
    const move = { line, from: numbers(previous.get(lineKey(line))), to: numbers(line) };
    if (move.from.queuePosition !== move.to.queuePosition) reordered.push(move);
    if (move.from.eta !== move.to.eta) redated.push(move);
  }

  const orderOf = new Map(orders.flatMap((order) => order.fulfillmentOrders.map((fo) => [fo.id, order.id] as const)));
  const heldOrders = new Set<string>();
  const releasedOrders = new Set<string>();
  for (const [fulfillmentOrderId, commands] of newCommands(before.holdCommands, after.holdCommands)) {
    const orderId = orderOf.get(fulfillmentOrderId);
    if (!orderId) continue;
    if (commands.some((command) => command.type === "HOLD")) heldOrders.add(orderId);
    else releasedOrders.add(orderId);
  }
  for (const orderId of heldOrders) releasedOrders.delete(orderId);
  return { reordered, redated, heldOrders: [...heldOrders].sort(), releasedOrders: [...releasedOrders].sort() };
}

/** The commands of `after` that `before` does not have, per fulfillment order. */
function newCommands(before: readonly HoldCommand[], after: readonly HoldCommand[]) {
  const known = new Set(before.map((command) => JSON.stringify(command)));
  const byFulfillmentOrder = new Map<string, HoldCommand[]>();
  for (const command of after) {
    if (known.has(JSON.stringify(command))) continue;
    byFulfillmentOrder.set(command.fulfillmentOrderId, [...(byFulfillmentOrder.get(command.fulfillmentOrderId) ?? []), command]);
  }
  return byFulfillmentOrder;
}

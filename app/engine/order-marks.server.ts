// Carries out the order marks (app/backorders/order-marks.ts): the shop's tag
// and the $app.backorder metafield on every order with a waiting line, gone
// when nothing of it waits. What was written is kept on the order's row, so
// a settled shop costs no writes.
import {
  ORDER_MARK_KEY,
  ORDER_MARK_NAMESPACE,
  ORDER_MARK_TYPE,
  orderMarkCommands,
  type OrderMark,
  type OrderMarkCommand,
  type PlannedLine,
} from "~/backorders";
import type { Db } from "~/db/client.server";
import { loadOrderTag } from "~/shops/settings.server";
import { hasScope, ORDER_WRITE_SCOPE } from "~/shops/scopes.server";
import { orderSnapshotColumn } from "./codecs";
import type { StoreGateway } from "./ports";

export type OrderMarksResult = {
  /** Orders whose marks were written. */
  orders: number;
  problems: string[];
  /** The shop has not granted write_orders: nothing was written. */
  skipped: boolean;
};

/** Brings the tag and the metafield of the shop's orders in line with the plan's waiting lines. */
export async function markOrders(db: Db, gateway: StoreGateway, shop: string, lines: readonly PlannedLine[]): Promise<OrderMarksResult> {
  // Until the merchant grants write_orders (shops that installed before the
  // app asked for it), holds and badges work and orders are left untouched;
  // the full reconcile that app/scopes_update starts marks them.
  if (!(await hasScope(db, shop, ORDER_WRITE_SCOPE))) return { orders: 0, problems: [], skipped: true };
  const written = await db.orderSnapshot.findMany({
    where: { shop, marked: true },
    select: { orderId: true, markedTag: true, markedValue: true },
  });
  const commands = orderMarkCommands({
    lines,
    describe: await lineDescriptions(db, shop, lines),
    written: written.map((row): OrderMark => ({ orderId: row.orderId, tag: row.markedTag, value: row.markedValue })),
    tag: await loadOrderTag(db, shop),
  });
  if (commands.length === 0) return { orders: 0, problems: [], skipped: false };
  return applyOrderMarks(db, gateway, shop, commands, new Map(written.map((row) => [row.orderId, row])));
}

/** Titles from the orders' snapshots, location names as the stock reads gave them. */
async function lineDescriptions(db: Db, shop: string, lines: readonly PlannedLine[]) {
  const orderIds = [...new Set(lines.filter((line) => line.backordered > 0).map((line) => line.orderId))];
  const [snapshots, locations] = await Promise.all([
    orderIds.length === 0 ? [] : db.orderSnapshot.findMany({ where: { shop, orderId: { in: orderIds } }, select: { snapshot: true } }),
    db.location.findMany({ where: { shop }, select: { locationId: true, name: true } }),
  ]);
  const titles = new Map<string, string>();
  for (const row of snapshots) {
    for (const line of orderSnapshotColumn.decode(row.snapshot).fulfillmentOrders.flatMap((fo) => fo.lines)) {
      titles.set(line.lineItemId, line.title);
    }
  }
  const names = new Map(locations.map((location) => [location.locationId, location.name]));
  return (line: PlannedLine) => ({
    title: titles.get(line.lineItemId) ?? line.lineItemId,
    location: names.get(line.locationId) ?? line.locationId,
  });
}

type Written = { markedTag: string | null; markedValue: string | null };

/**
 * Tags go one order at a time (tagsAdd and tagsRemove take one resource);
 * metafields are set and deleted 25 orders a call. Each order's row keeps
 * what reached the store, so a write that failed is tried again next time.
 */
async function applyOrderMarks(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  commands: OrderMarkCommand[],
  before: Map<string, Written>,
): Promise<OrderMarksResult> {
  const problems: string[] = [];
  const now = new Map<string, Written>(
    commands.map((c) => [
      c.orderId,
      { markedTag: before.get(c.orderId)?.markedTag ?? null, markedValue: before.get(c.orderId)?.markedValue ?? null },
    ]),
  );
  let denied = false;
  const deny = (message: string) => {
    denied = true;
    problems.push(`order tags: ${message}`);
  };

  for (const command of commands) {
    if (denied) break;
    const state = now.get(command.orderId)!;
    if (command.removeTag !== null) {
      const removed = await gateway.removeTags(command.orderId, [command.removeTag]);
      if (removed.type === "ACCESS_DENIED") deny(removed.message);
      else if (removed.type === "REJECTED") problems.push(`untag ${command.orderId}: ${removed.message}`);
      // An order gone from the store has no tag left to remove.
      else state.markedTag = null;
    }
    if (command.addTag !== null && state.markedTag === null && !denied) {
      const added = await gateway.addTags(command.orderId, [command.addTag]);
      if (added.type === "ACCESS_DENIED") deny(added.message);
      else if (added.type === "DONE") state.markedTag = command.addTag;
      else problems.push(`tag ${command.orderId}: ${added.type === "REJECTED" ? added.message : "no such order"}`);
    }
  }

  const toSet = commands.filter((c) => c.setValue !== null);
  if (toSet.length > 0 && !denied) {
    const outcome = await gateway.setMetafields(
      toSet.map((c) => ({
        ownerId: c.orderId,
        namespace: ORDER_MARK_NAMESPACE,
        key: ORDER_MARK_KEY,
        type: ORDER_MARK_TYPE,
        value: c.setValue!,
      })),
    );
    const count = outcome.type === "SET" ? outcome.count : outcome.written;
    for (const c of toSet.slice(0, count)) now.get(c.orderId)!.markedValue = c.setValue;
    if (outcome.type === "REJECTED") problems.push(`order metafields: ${outcome.errors.map((e) => e.message).join("; ")}`);
  }
  const toDelete = commands.filter((c) => c.deleteValue);
  if (toDelete.length > 0 && !denied) {
    const outcome = await gateway.deleteMetafields(
      toDelete.map((c) => ({ ownerId: c.orderId, namespace: ORDER_MARK_NAMESPACE, key: ORDER_MARK_KEY })),
    );
    if (outcome.type === "ACCESS_DENIED") deny(outcome.message);
    else {
      const count = outcome.type === "DELETED" ? outcome.count : outcome.written;
      for (const c of toDelete.slice(0, count)) now.get(c.orderId)!.markedValue = null;
      if (outcome.type === "REJECTED") problems.push(`order metafields: ${outcome.message}`);
    }
  }

  let orders = 0;
  for (const [orderId, state] of now) {
    const previous = before.get(orderId) ?? { markedTag: null, markedValue: null };
    if (state.markedTag === previous.markedTag && state.markedValue === previous.markedValue) continue;
    orders += 1;
    await db.orderSnapshot.updateMany({
      where: { shop, orderId },
      data: { ...state, marked: state.markedTag !== null || state.markedValue !== null },
    });
  }
  return { orders, problems, skipped: denied };
}

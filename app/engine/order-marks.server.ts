// Carries out the order marks (app/backorders/order-marks.ts): the shop's tag
// and the $app.backorder metafield on every order with a waiting line, gone
// when nothing of it waits. What was written is kept on the order's row, so
// a settled shop costs no writes.
import {
  ORDER_MARK_KEY,
  ORDER_MARK_NAMESPACE,
  ORDER_MARK_TYPE,
  orderMarkCommands,
  type OrderMarkCommand,
  type PlannedLine,
} from "~/backorders";
import { inChunks } from "~/db/chunks";
import type { Db } from "~/db/client.server";
import type { MetafieldEntry } from "~/shopify/gateway.server";
import { loadOrderTag } from "~/shops/settings.server";
import { hasScope, ORDER_WRITE_SCOPE } from "~/shops/scopes.server";
import { orderSnapshotColumn } from "./codecs";
import type { StoreGateway } from "./ports";

type Written = { markedTag: string | null; markedValue: string | null };

/**
 * One reconcile's order marks, carried out in steps: the tags (one order a
 * call: tagsAdd and tagsRemove take one resource), then the metafields, which
 * the reconcile sets in the same calls as the variants' badges (25 a call),
 * then the deletions, and last what reached the store is saved on each
 * order's row, so a write that failed is tried again next time.
 */
export type OrderMarks = {
  /** The metafields to set, for the reconcile's metafieldsSet. */
  metafields: MetafieldEntry[];
  writeTags(): Promise<void>;
  /** The first `count` of `metafields` reached the store. */
  metafieldsWritten(count: number): void;
  deleteMetafields(): Promise<void>;
  /** Saves what the orders now carry; returns how many orders changed. */
  save(): Promise<number>;
  problems: string[];
};

/**
 * What the shop's orders should carry, compared with what the app last wrote.
 * Null until the merchant grants write_orders (shops that installed before the
 * app asked for it): holds and badges work, orders are left untouched, and the
 * full reconcile app/scopes_update starts marks them.
 */
export async function planOrderMarks(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  lines: readonly PlannedLine[],
  orderIds?: readonly string[],
): Promise<OrderMarks | null> {
  if (!(await hasScope(db, shop, ORDER_WRITE_SCOPE))) return null;
  const select = { orderId: true, markedTag: true, markedValue: true } as const;
  // A plan of some orders (an event's) speaks only of them: the others keep their marks.
  const rows = orderIds
    ? await inChunks(orderIds, (chunk) => db.orderSnapshot.findMany({ where: { shop, marked: true, orderId: { in: chunk } }, select }))
    : await db.orderSnapshot.findMany({ where: { shop, marked: true }, select });
  const before = new Map<string, Written>(rows.map(({ orderId, ...written }) => [orderId, written]));
  const commands = orderMarkCommands({
    lines,
    describe: await lineDescriptions(db, shop, lines),
    written: rows.map((row) => ({ orderId: row.orderId, tag: row.markedTag, value: row.markedValue })),
    tag: await loadOrderTag(db, shop),
  });
  return orderMarks(db, gateway, shop, commands, before);
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

function orderMarks(db: Db, gateway: StoreGateway, shop: string, commands: OrderMarkCommand[], before: Map<string, Written>): OrderMarks {
  const none: Written = { markedTag: null, markedValue: null };
  const now = new Map<string, Written>(commands.map((c) => [c.orderId, { ...(before.get(c.orderId) ?? none) }]));
  const problems: string[] = [];
  // Shopify refused a write for want of write_orders (revoked since the scopes were stored): nothing more is tried.
  let denied = false;
  const deny = (message: string) => {
    denied = true;
    problems.push(`order tags: ${message}`);
  };
  const toSet = commands.filter((c) => c.setValue !== null);
  /** Per order, its updatedAt as the app's last tag write left it. */
  const tagWrittenAt = new Map<string, Date>();
  const wrote = (orderId: string, outcome: { updatedAt: string | null }) => {
    if (outcome.updatedAt) tagWrittenAt.set(orderId, new Date(outcome.updatedAt));
  };

  return {
    problems,
    get metafields() {
      return denied
        ? []
        : toSet.map((c) => ({
            ownerId: c.orderId,
            namespace: ORDER_MARK_NAMESPACE,
            key: ORDER_MARK_KEY,
            type: ORDER_MARK_TYPE,
            value: c.setValue!,
          }));
    },

    // The old tag comes off before the new one goes on (see OrderMarkCommand).
    async writeTags() {
      for (const command of commands) {
        if (denied) return;
        const state = now.get(command.orderId)!;
        if (command.removeTag !== null) {
          const removed = await gateway.removeTags(command.orderId, [command.removeTag]);
          if (removed.type === "ACCESS_DENIED") deny(removed.message);
          else if (removed.type === "REJECTED") problems.push(`untag ${command.orderId}: ${removed.message}`);
          else {
            // An order gone from the store has no tag left to remove.
            state.markedTag = null;
            if (removed.type === "DONE") wrote(command.orderId, removed);
          }
        }
        if (command.addTag !== null && state.markedTag === null && !denied) {
          const added = await gateway.addTags(command.orderId, [command.addTag]);
          if (added.type === "ACCESS_DENIED") deny(added.message);
          else if (added.type === "DONE") {
            state.markedTag = command.addTag;
            wrote(command.orderId, added);
          } else problems.push(`tag ${command.orderId}: ${added.type === "REJECTED" ? added.message : "no such order"}`);
        }
      }
    },

    metafieldsWritten(count: number) {
      for (const c of toSet.slice(0, count)) now.get(c.orderId)!.markedValue = c.setValue;
    },

    async deleteMetafields() {
      const toDelete = commands.filter((c) => c.deleteValue);
      if (toDelete.length === 0 || denied) return;
      const outcome = await gateway.deleteMetafields(
        toDelete.map((c) => ({ ownerId: c.orderId, namespace: ORDER_MARK_NAMESPACE, key: ORDER_MARK_KEY })),
      );
      if (outcome.type === "ACCESS_DENIED") return deny(outcome.message);
      const count = outcome.type === "DELETED" ? outcome.count : outcome.written;
      for (const c of toDelete.slice(0, count)) now.get(c.orderId)!.markedValue = null;
      if (outcome.type === "REJECTED") problems.push(`order metafields: ${outcome.message}`);
    },

    async save() {
      let orders = 0;
      for (const [orderId, state] of now) {
        const previous = before.get(orderId) ?? none;
        if (state.markedTag === previous.markedTag && state.markedValue === previous.markedValue) continue;
        orders += 1;
        const writtenAt = tagWrittenAt.get(orderId);
        await db.orderSnapshot.updateMany({
          where: { shop, orderId },
          data: {
            ...state,
            marked: state.markedTag !== null || state.markedValue !== null,
            ...(writtenAt && { markedUpdatedAt: writtenAt }),
          },
        });
      }
      return orders;
    },
  };
}

/**
 * Whether an orders/updated is the echo of the app's own tag write: it
 * carries the updated_at that write gave the order, so nothing else has
 * changed since (any other change moves updated_at) and the order needs no
 * read. The tag write came after the app's last read of the order, so
 * without this every tag added or removed would cost a read of the order
 * and its stock.
 */
export async function isOwnTagEcho(db: Db, shop: string, orderId: string, updatedAt: string | undefined): Promise<boolean> {
  if (!updatedAt) return false;
  const row = await db.orderSnapshot.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { markedUpdatedAt: true } });
  return row?.markedUpdatedAt != null && row.markedUpdatedAt.getTime() === new Date(updatedAt).getTime();
}

import { recordAudit } from "~/audit/trail.server";
import {
  advanceHistory,
  BADGE_KEY,
  BADGE_NAMESPACE,
  BADGE_TYPE,
  HOLD_HANDLE,
  holdsAnyOf,
  lineKey,
  plan,
  shopToday,
  type BadgeCommand,
  type HoldCommand,
  type Plan,
} from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import { draftMessages, writeCustomerMessages } from "~/notifications/outbox.server";
import { observeReconcile } from "~/observability/metrics.server";
import { loadSettings } from "~/shops/settings.server";
import { orderSnapshotColumn } from "./codecs";
import { refreshOrder, saveFulfillmentOrders } from "./ingest.server";
import { loadFacts, type LoadedFacts } from "./load.server";
import { planOrderMarks, type OrderMarks } from "./order-marks.server";
import { lateOn, queueColumnsFor } from "./queue-columns.server";
import type { MetafieldsResult } from "~/shopify/gateway.server";
import type { FulfillmentOrderSnapshot, StoreGateway } from "./ports";

type QueueColumnsOf = Awaited<ReturnType<typeof queueColumnsFor>>;
type LineFields = Partial<ReturnType<typeof advanceHistory>> & {
  state: string;
  promisedEta: string | null;
  currentEta: string | null;
  quantity?: number;
  allocated: number;
  backordered: number;
  queuePosition: number | null;
  etaSource?: string | null;
  lateOn: string;
};

export type ReconcileResult = {
  holds: number;
  releases: number;
  policies: number;
  badges: number;
  /** Orders whose tag or metafield was written. */
  orderMarks: number;
  lines: number;
  problems: string[];
};

const nothingDone = (): ReconcileResult => ({ holds: 0, releases: 0, policies: 0, badges: 0, orderMarks: 0, lines: 0, problems: [] });

/**
 * Level-triggered: recomputes the desired state of the shop from the stored
 * facts, sends the store the difference (holds, releases, policies, badges,
 * the tag and metafield of backordered orders), then
 * stores the lines and what happened to them. Running it twice changes
 * nothing the second time.
 */
export async function reconcileShop(db: Db, gateway: StoreGateway, shop: string, now = new Date()): Promise<ReconcileResult> {
  return reconcile(db, gateway, shop, now, new Date());
}

/**
 * The reconcile of an event: plans only the items that events marked dirty
 * since the last reconcile, and `items`, with the orders competing for them
 * (see `narrowFacts`); the rest of the shop is neither read nor planned.
 */
export async function reconcileTouched(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  items: readonly string[] = [],
): Promise<ReconcileResult> {
  const startedAt = new Date();
  const dirty = await db.dirtyKey.findMany({ where: { shop }, select: { inventoryItemId: true } });
  const touched = new Set([...dirty.map((key) => key.inventoryItemId), ...items]);
  if (touched.size === 0) return nothingDone();
  return reconcile(db, gateway, shop, new Date(), startedAt, touched);
}

async function reconcile(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  now: Date,
  startedAt: Date,
  touched?: ReadonlySet<string>,
): Promise<ReconcileResult> {
  const started = performance.now();
  const { facts, lineRows } = await loadFacts(db, shop, touched);
  const settings = await loadSettings(db, shop);
  const planned = plan(facts, settings, now, touched);
  // The orders a plan of touched items speaks of; all of them for the whole shop's.
  const orderIds = touched ? facts.orders.filter((order) => holdsAnyOf(order, touched)).map((order) => order.id) : undefined;
  const orderOfFulfillmentOrder = new Map(facts.orders.flatMap((o) => o.fulfillmentOrders.map((fo) => [fo.id, o.id] as const)));
  const lineItemsOf = (fulfillmentOrderId: string) =>
    facts.orders
      .flatMap((o) => o.fulfillmentOrders)
      .find((fo) => fo.id === fulfillmentOrderId)
      ?.lineItems.map((l) => l.lineItemId) ?? [];

  const result = nothingDone();
  const toReadBack = new Set<string>();
  for (const command of planned.holdCommands) {
    const outcome = await runHoldCommand(db, gateway, shop, command, lineItemsOf(command.fulfillmentOrderId));
    if (outcome.ok) result[command.type === "HOLD" ? "holds" : "releases"] += 1;
    else result.problems.push(outcome.problem);
    const orderId = orderOfFulfillmentOrder.get(command.fulfillmentOrderId);
    if (!orderId) continue;
    // A hold splits its fulfillment order, and returns both halves; after a
    // release, a hold already placed or a failure, the order is read back.
    if (outcome.ok && outcome.fulfillmentOrders)
      await saveFulfillmentOrders(db, shop, orderId, command.fulfillmentOrderId, outcome.fulfillmentOrders);
    else toReadBack.add(orderId);
  }
  for (const orderId of toReadBack) await refreshOrder(db, gateway, shop, orderId);

  for (const command of planned.policyCommands) {
    const outcome = await gateway.setInventoryPolicy({
      productId: command.productId,
      variantId: command.variantId,
      policy: command.inventoryPolicy,
    });
    if (outcome.type === "UPDATED") {
      result.policies += 1;
      await db.variantSetting.updateMany({
        where: { shop, variantId: command.variantId },
        data: { inventoryPolicy: command.inventoryPolicy },
      });
      await recordAudit(db, shop, "variant.policy_changed", command.variantId, { policy: command.inventoryPolicy });
    } else result.problems.push(`policy of ${command.variantId}: ${outcome.message}`);
  }

  const marks = await planOrderMarks(db, gateway, shop, planned.lines, orderIds);
  await marks?.writeTags();
  const published = await publishMetafields(db, gateway, shop, planned.badgeCommands, marks);
  result.badges = published.badges;
  if (published.problem) result.problems.push(published.problem);
  if (marks) {
    await marks.deleteMetafields();
    result.orderMarks = await marks.save();
    result.problems.push(...marks.problems);
  }

  result.lines = await saveLines(db, shop, planned, lineRows, now, settings.timeZone);
  for (const problem of result.problems) await recordAudit(db, shop, "sync.problem", undefined, { problem });
  await db.dirtyKey.deleteMany({ where: { shop, markedAt: { lte: startedAt } } });
  observeReconcile(touched ? "touched" : "shop", (performance.now() - started) / 1000);
  return result;
}

async function runHoldCommand(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  command: HoldCommand,
  lineItemIds: string[],
): Promise<{ ok: true; fulfillmentOrders?: FulfillmentOrderSnapshot[] } | { ok: false; problem: string }> {
  if (command.type === "RELEASE") {
    const released = await gateway.releaseHold({ fulfillmentOrderId: command.fulfillmentOrderId, holdId: command.holdId });
    if (released.type === "REJECTED") return { ok: false, problem: `release ${command.holdId}: ${released.message}` };
    // Written even for a hold the app has no row of (its placing's answer was
    // lost), so the release's webhook is not taken for the merchant's.
    const releasedAt = new Date();
    await db.appHold.upsert({
      where: { shop_holdId: { shop, holdId: command.holdId } },
      create: {
        shop,
        holdId: command.holdId,
        fulfillmentOrderId: command.fulfillmentOrderId,
        handle: HOLD_HANDLE,
        lineItemIds: idList.encode(lineItemIds),
        status: "RELEASED",
        releasedAt,
      },
      update: { status: "RELEASED", releasedAt },
    });
    await recordAudit(db, shop, "hold.released", command.fulfillmentOrderId, { holdId: command.holdId });
    return { ok: true };
  }
  const held = await gateway.holdLines({
    fulfillmentOrderId: command.fulfillmentOrderId,
    handle: command.handle,
    reasonNotes: "Waiting for stock (Backorder Manager)",
    lineItems: command.lineItems,
  });
  // Our handle is taken: this hold was placed already, by an attempt whose
  // answer was lost. The order is read back, which records the hold.
  if (held.type === "ALREADY_HELD") return { ok: true };
  if (held.type !== "HELD") {
    return { ok: false, problem: `hold ${command.fulfillmentOrderId}: ${held.type === "REJECTED" ? held.message : held.type}` };
  }
  await db.appHold.create({
    data: {
      shop,
      holdId: held.holdId,
      fulfillmentOrderId: command.fulfillmentOrderId,
      handle: command.handle,
      lineItemIds: idList.encode(lineItemIds),
    },
  });
  await recordAudit(db, shop, "hold.placed", command.fulfillmentOrderId, { holdId: held.holdId, lineItems: command.lineItems });
  return { ok: true, fulfillmentOrders: held.fulfillmentOrders };
}

/**
 * Writes the storefront badges and the order metafields that changed, in the
 * same metafieldsSet calls (25 a call), and remembers what the store now has.
 */
async function publishMetafields(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  commands: BadgeCommand[],
  marks: OrderMarks | null,
): Promise<{ badges: number; problem: string | null }> {
  const badges = commands.map((command) => ({
    ownerId: command.variantId,
    namespace: BADGE_NAMESPACE,
    key: BADGE_KEY,
    type: BADGE_TYPE,
    value: command.value,
  }));
  const entries = [...badges, ...(marks?.metafields ?? [])];
  if (entries.length === 0) return { badges: 0, problem: null };
  const countOf = (outcome: MetafieldsResult) => (outcome.type === "SET" ? outcome.count : outcome.written);
  const outcome = await gateway.setMetafields(entries);
  const written = countOf(outcome);
  let badgesWritten = Math.min(written, badges.length);
  // Calls are atomic: an order's metafield refused (its order deleted since it
  // was read, say) must not keep the variants' badges from the storefront.
  if (outcome.type === "REJECTED" && badgesWritten < badges.length && outcome.errors.every((e) => (e.index ?? 0) >= badges.length)) {
    badgesWritten += countOf(await gateway.setMetafields(badges.slice(badgesWritten)));
  }
  for (const command of commands.slice(0, badgesWritten)) {
    await db.variantSetting.updateMany({ where: { shop, variantId: command.variantId }, data: { badge: command.value } });
  }
  marks?.metafieldsWritten(Math.max(0, written - badges.length));
  const problem = outcome.type === "REJECTED" ? `metafields: ${outcome.errors.map((e) => e.message).join("; ")}` : null;
  return { badges: badgesWritten, problem };
}

/**
 * Saves the lines the plan speaks about whose numbers changed, for the admin
 * and the next plan, with their history for the dashboard. Each order's
 * lines are written in one transaction with what happened to them: the
 * audit events and the customer messages they call for (the outbox).
 */
async function saveLines(db: Db, shop: string, planned: Plan, rows: LoadedFacts["lineRows"], now: Date, timeZone: string) {
  const plannedLines = new Map(planned.lines.map((line) => [lineKey(line), line]));
  const existing = new Map(rows.map((row) => [lineKey(row), row]));
  const newLines = planned.storedLines.filter((stored) => !existing.has(lineKey(stored)) && plannedLines.has(lineKey(stored)));
  const prices = await unitPrices(db, shop, [...new Set(newLines.map((l) => plannedLines.get(lineKey(l))!.orderId))]);
  const writes: Array<{
    id: number | null;
    line: Plan["lines"][number] | undefined;
    ref: Parameters<QueueColumnsOf>[0];
    fields: LineFields;
  }> = [];
  for (const stored of planned.storedLines) {
    const line = plannedLines.get(lineKey(stored));
    const numbers = line
      ? {
          quantity: line.quantity,
          allocated: line.allocated,
          backordered: line.backordered,
          queuePosition: line.queuePosition,
          etaSource: line.etaSource,
        }
      : { allocated: 0, backordered: 0, queuePosition: null };
    const row = existing.get(lineKey(stored));
    const history = advanceHistory(
      {
        createdAt: row?.createdAt ?? now,
        promisedEta: stored.promisedEta,
        shownEta: row?.shownEta ?? null,
        waitedUnits: row?.waitedUnits ?? 0,
        resolvedAt: row?.resolvedAt ?? null,
      },
      stored.state,
      numbers.backordered,
      now,
      timeZone,
    );
    const fields: LineFields = {
      state: stored.state,
      promisedEta: stored.promisedEta,
      currentEta: stored.currentEta,
      ...numbers,
      ...history,
      lateOn: lateOn(stored),
    };
    // A row saved before the queue's columns existed (empty order name) is written once to fill them.
    if (row && row.orderName !== "" && Object.entries(fields).every(([name, value]) => row[name as keyof typeof row] === value)) continue;
    if (row) writes.push({ id: row.id, line, ref: row, fields });
    else if (line) writes.push({ id: null, line, ref: line, fields });
  }
  const columnsOf = await queueColumnsFor(
    db,
    shop,
    writes.map((write) => write.ref),
  );
  const orderOfLine = (key: string) => plannedLines.get(key)?.orderId ?? existing.get(key)?.orderId;
  const byOrder = new Map<string, { writes: typeof writes; events: Plan["events"] }>();
  const of = (orderId: string) => byOrder.get(orderId) ?? byOrder.set(orderId, { writes: [], events: [] }).get(orderId)!;
  for (const write of writes) of(write.ref.orderId).writes.push(write);
  for (const event of planned.events) {
    const orderId = orderOfLine(lineKey(event));
    if (orderId) of(orderId).events.push(event);
  }
  for (const [orderId, order] of byOrder) {
    await db.$transaction(
      async (tx) => {
        for (const { id, line, ref, fields } of order.writes) {
          const data = { ...fields, ...columnsOf(ref) };
          if (id !== null) await tx.backorderLine.updateMany({ where: { id, shop }, data });
          else if (line) {
            await tx.backorderLine.create({
              data: {
                shop,
                orderId: line.orderId,
                lineItemId: line.lineItemId,
                locationId: line.locationId,
                inventoryItemId: line.inventoryItemId,
                quantity: line.quantity,
                createdAt: now,
                backorderedOn: shopToday(now, timeZone),
                unitPriceCents: prices.get(line.lineItemId) ?? null,
                ...data,
              },
            });
          }
        }
        for (const event of order.events) {
          const { type, lineItemId, locationId, ...data } = event;
          await recordAudit(tx, shop, `line.${type.toLowerCase()}`, lineKey({ lineItemId, locationId }), data);
        }
        await writeCustomerMessages(tx, shop, orderId, draftMessages(orderId, order.events), now, timeZone);
      },
      { timeout: TRANSACTION_TIMEOUT_MS },
    );
  }
  return writes.length;
}

// An order's lines are few; the limit is for a SQLite file another process holds for a moment.
const TRANSACTION_TIMEOUT_MS = 30_000;

/** The price per unit, in cents, of the lines of these orders, as their stored snapshots give it. */
async function unitPrices(db: Db, shop: string, orderIds: string[]) {
  const prices = new Map<string, number>();
  if (orderIds.length === 0) return prices;
  const rows = await db.orderSnapshot.findMany({ where: { shop, orderId: { in: orderIds } }, select: { snapshot: true } });
  for (const row of rows) {
    for (const line of orderSnapshotColumn.decode(row.snapshot).fulfillmentOrders.flatMap((fo) => fo.lines)) {
      if (line.unitPrice !== undefined) prices.set(line.lineItemId, Math.round(Number(line.unitPrice) * 100));
    }
  }
  return prices;
}

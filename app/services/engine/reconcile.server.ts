import { plan, type HoldCommand, type Plan } from "~/backorders";
import type { Db } from "~/db/client.server";
import { recordAudit } from "~/models/audit.server";
import { loadFacts, loadSettings } from "./facts.server";
import { refreshOrder } from "./ingest.server";
import type { StoreGateway } from "./store";

export type ReconcileResult = { holds: number; releases: number; policies: number; lines: number; problems: string[] };

/**
 * Level-triggered: recomputes the desired state of the shop from the stored
 * facts, sends the store the difference (holds, releases, policies), then
 * stores the lines and what happened to them. Running it twice changes
 * nothing the second time.
 */
export async function reconcileShop(db: Db, gateway: StoreGateway, shop: string, now = new Date()): Promise<ReconcileResult> {
  const startedAt = new Date();
  const facts = await loadFacts(db, shop);
  const settings = await loadSettings(db, shop);
  const planned = plan(facts, settings, now);
  const orderOfFulfillmentOrder = new Map(facts.orders.flatMap((o) => o.fulfillmentOrders.map((fo) => [fo.id, o.id] as const)));
  const lineItemsOf = (fulfillmentOrderId: string) =>
    facts.orders.flatMap((o) => o.fulfillmentOrders).find((fo) => fo.id === fulfillmentOrderId)?.lineItems.map((l) => l.lineItemId) ?? [];

  const result: ReconcileResult = { holds: 0, releases: 0, policies: 0, lines: 0, problems: [] };
  const touchedOrders = new Set<string>();
  for (const command of planned.holdCommands) {
    const outcome = await runHoldCommand(db, gateway, shop, command, lineItemsOf(command.fulfillmentOrderId));
    if (outcome.ok) result[command.type === "HOLD" ? "holds" : "releases"] += 1;
    else result.problems.push(outcome.problem);
    const orderId = orderOfFulfillmentOrder.get(command.fulfillmentOrderId);
    if (orderId) touchedOrders.add(orderId);
  }
  // A hold splits fulfillment orders: read back what the store made of them.
  for (const orderId of touchedOrders) await refreshOrder(db, gateway, shop, orderId);

  for (const command of planned.policyCommands) {
    const outcome = await gateway.setInventoryPolicy({ productId: command.productId, variantId: command.variantId, policy: command.inventoryPolicy });
    if (outcome.type === "UPDATED") {
      result.policies += 1;
      await db.variantSetting.updateMany({ where: { shop, variantId: command.variantId }, data: { inventoryPolicy: command.inventoryPolicy } });
      await recordAudit(db, shop, "variant.policy_changed", command.variantId, { policy: command.inventoryPolicy });
    } else result.problems.push(`policy of ${command.variantId}: ${outcome.message}`);
  }

  result.lines = await storeLines(db, shop, planned);
  for (const event of planned.events) {
    const { type, lineItemId, locationId, ...data } = event;
    await recordAudit(db, shop, `line.${type.toLowerCase()}`, `${lineItemId}@${locationId}`, data);
  }
  for (const problem of result.problems) await recordAudit(db, shop, "sync.problem", undefined, { problem });
  await db.dirtyKey.deleteMany({ where: { shop, markedAt: { lte: startedAt } } });
  return result;
}

async function runHoldCommand(
  db: Db,
  gateway: StoreGateway,
  shop: string,
  command: HoldCommand,
  lineItemIds: string[],
): Promise<{ ok: true } | { ok: false; problem: string }> {
  if (command.type === "RELEASE") {
    const released = await gateway.releaseHold({ fulfillmentOrderId: command.fulfillmentOrderId, holdId: command.holdId });
    if (released.type === "REJECTED") return { ok: false, problem: `release ${command.holdId}: ${released.message}` };
    await db.appHold.updateMany({ where: { shop, holdId: command.holdId }, data: { status: "RELEASED", releasedAt: new Date() } });
    await recordAudit(db, shop, "hold.released", command.fulfillmentOrderId, { holdId: command.holdId });
    return { ok: true };
  }
  const held = await gateway.holdLines({
    fulfillmentOrderId: command.fulfillmentOrderId,
    handle: command.handle,
    reasonNotes: "Waiting for stock (Backorder Manager)",
    lineItems: command.lineItems,
  });
  if (held.type !== "HELD") {
    return { ok: false, problem: `hold ${command.fulfillmentOrderId}: ${held.type === "REJECTED" ? held.message : held.type}` };
  }
  await db.appHold.create({
    data: { shop, holdId: held.holdId, fulfillmentOrderId: command.fulfillmentOrderId, handle: command.handle, lineItemIds: JSON.stringify(lineItemIds) },
  });
  await recordAudit(db, shop, "hold.placed", command.fulfillmentOrderId, { holdId: held.holdId, lineItems: command.lineItems });
  return { ok: true };
}

/** Stores every line the plan speaks about, with its numbers for the admin. */
async function storeLines(db: Db, shop: string, planned: Plan) {
  const byKey = new Map(planned.lines.map((line) => [`${line.lineItemId} ${line.locationId}`, line]));
  for (const stored of planned.storedLines) {
    const line = byKey.get(`${stored.lineItemId} ${stored.locationId}`);
    const numbers = line
      ? { quantity: line.quantity, allocated: line.allocated, backordered: line.backordered, queuePosition: line.queuePosition, etaSource: line.etaSource }
      : { allocated: 0, backordered: 0, queuePosition: null };
    const where = { shop_lineItemId_locationId: { shop, lineItemId: stored.lineItemId, locationId: stored.locationId } };
    const fields = { state: stored.state, promisedEta: stored.promisedEta, currentEta: stored.currentEta, ...numbers };
    if (line) {
      await db.backorderLine.upsert({
        where,
        create: { shop, orderId: line.orderId, lineItemId: line.lineItemId, locationId: line.locationId, inventoryItemId: line.inventoryItemId, quantity: line.quantity, ...fields },
        update: fields,
      });
    } else {
      await db.backorderLine.updateMany({ where: { shop, lineItemId: stored.lineItemId, locationId: stored.locationId }, data: fields });
    }
  }
  return planned.storedLines.length;
}

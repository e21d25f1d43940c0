// The app's record of its own holds (AppHold), kept whole when the answer to
// a hold is lost: a retried hold meets its own handle (ALREADY_HELD), or the
// process died between Shopify placing the hold and the row being written.
// Every read of an order records the holds of ours it shows that have no
// row, so the next read heals either case, and a merchant's release of such
// a hold is still known for what it is. A hold whose fulfillment order was
// closed (its units removed by an order edit, or the order cancelled) went
// with it: Shopify sends no release for it, so the read records its end.
import { recordAudit } from "~/audit/trail.server";
import { isOwnHold } from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import type { FulfillmentOrderSnapshot } from "./ports";

/** The order LineItem ids a fulfillment order holds: those of its lines, each once. */
export function lineItemIdsOf(fulfillmentOrder: Pick<FulfillmentOrderSnapshot, "lines">): string[] {
  return [...new Set(fulfillmentOrder.lines.map((line) => line.lineItemId))];
}

/**
 * Writes an ACTIVE AppHold row for each hold of ours on these fulfillment
 * orders that has none, and ends the rows of holds on those now closed.
 */
export async function recordOwnHolds(db: Db, shop: string, fulfillmentOrders: readonly FulfillmentOrderSnapshot[]) {
  await endHoldsOfClosed(db, shop, fulfillmentOrders);
  const own = fulfillmentOrders.flatMap((fo) =>
    fo.holds
      .filter((hold) => isOwnHold({ id: hold.id, handle: hold.handle, heldByRequestingApp: hold.mine }))
      .map((hold) => ({ fo, hold })),
  );
  if (own.length === 0) return;
  const known = await db.appHold.findMany({ where: { shop, holdId: { in: own.map(({ hold }) => hold.id) } }, select: { holdId: true } });
  const recorded = new Set(known.map((row) => row.holdId));
  for (const { fo, hold } of own) {
    if (recorded.has(hold.id)) continue;
    const lineItemIds = lineItemIdsOf(fo);
    await db.appHold.upsert({
      where: { shop_holdId: { shop, holdId: hold.id } },
      create: { shop, holdId: hold.id, fulfillmentOrderId: fo.id, handle: hold.handle, lineItemIds: idList.encode(lineItemIds) },
      update: {},
    });
    await recordAudit(db, shop, "hold.recorded", fo.id, {
      holdId: hold.id,
      lineItems: lineItemIds,
      note: "The store has this hold of the app's with no record of it (the answer to placing it was lost); it is recorded now.",
    });
  }
}

const CLOSED = new Set(["CLOSED", "CANCELLED"]);

async function endHoldsOfClosed(db: Db, shop: string, fulfillmentOrders: readonly FulfillmentOrderSnapshot[]) {
  const closed = fulfillmentOrders.filter((fo) => CLOSED.has(fo.status)).map((fo) => fo.id);
  if (closed.length === 0) return;
  const active = await db.appHold.findMany({ where: { shop, status: "ACTIVE", fulfillmentOrderId: { in: closed } } });
  for (const hold of active) {
    await db.appHold.updateMany({ where: { shop, holdId: hold.holdId }, data: { status: "ENDED", releasedAt: new Date() } });
    await recordAudit(db, shop, "hold.ended", hold.fulfillmentOrderId, { holdId: hold.holdId });
  }
}

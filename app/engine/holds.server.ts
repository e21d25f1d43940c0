import { recordAudit } from "~/audit/trail.server";
import { HOLD_HANDLE } from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import { orderSnapshotColumn } from "./codecs";
import { refreshOrder } from "./ingest.server";
import { lineItemIdsOf } from "./own-holds.server";
import type { StoreGateway } from "./ports";
import { reconcileTouched } from "./reconcile.server";

/** What a `fulfillment_holds/released` webhook says of the hold. */
export type ReleasedHold = { holdId: string; handle: string; fulfillmentOrderId: string; heldByRequestingApp: boolean };

/**
 * The app's row for a released hold: by its id; else, when the app knows no
 * hold of that id and the hold was the app's, by fulfillment order and
 * handle; else, for a hold of ours the app never recorded (it died before
 * writing the row, and has not read the order since), a row made now from
 * the fulfillment order as last read.
 */
async function findOwnHold(db: Db, shop: string, released: ReleasedHold) {
  const byId = await db.appHold.findFirst({ where: { shop, holdId: released.holdId } });
  if (byId) return byId;
  // A hold of the merchant's or another app's may carry our handle too.
  if (!released.heldByRequestingApp) return null;
  const byHandle = await db.appHold.findFirst({
    where: { shop, fulfillmentOrderId: released.fulfillmentOrderId, handle: released.handle, status: "ACTIVE" },
    orderBy: { id: "desc" },
  });
  if (byHandle) return byHandle;
  if (released.handle !== HOLD_HANDLE) return null;
  const candidates = await db.orderSnapshot.findMany({ where: { shop, snapshot: { contains: released.fulfillmentOrderId } } });
  const fulfillmentOrder = candidates
    .flatMap((row) => orderSnapshotColumn.decode(row.snapshot).fulfillmentOrders)
    .find((fo) => fo.id === released.fulfillmentOrderId);
  if (!fulfillmentOrder) return null;
  return db.appHold.create({
    data: {
      shop,
      holdId: released.holdId,
      fulfillmentOrderId: released.fulfillmentOrderId,
      handle: released.handle,
      lineItemIds: idList.encode(lineItemIdsOf(fulfillmentOrder)),
    },
  });
}

/**
 * A fulfillment hold was released. Only the app's own holds concern it: one
 * the app released itself needs its orders read again; one released by
 * someone else (the merchant, in Shopify's admin) is respected, and its
 * lines are never held again. Other holds are not the app's to track.
 */
export async function noteHoldReleased(
  db: Db,
  gatewayOf: () => Promise<StoreGateway>,
  shop: string,
  released: ReleasedHold,
  receivedAt: Date,
) {
  const ours = await findOwnHold(db, shop, released);
  if (!ours) return;
  const { holdId } = ours;
  const lineItemIds = idList.decode(ours.lineItemIds);
  const gateway = await gatewayOf();
  if (ours.status === "ACTIVE") {
    await db.appHold.updateMany({ where: { shop, holdId }, data: { status: "RELEASED_BY_MERCHANT", releasedAt: new Date() } });
    await db.backorderLine.updateMany({ where: { shop, lineItemId: { in: lineItemIds } }, data: { releasedByMerchant: true } });
    await recordAudit(db, shop, "hold.released_by_merchant", ours.fulfillmentOrderId, {
      holdId,
      lineItems: lineItemIds,
      note: "The hold was released outside the app; these lines will not be held again.",
    });
  }
  const lines = await db.backorderLine.findMany({
    where: { shop, lineItemId: { in: lineItemIds } },
    select: { orderId: true, inventoryItemId: true },
  });
  for (const orderId of new Set(lines.map((line) => line.orderId))) await refreshOrder(db, gateway, shop, orderId, receivedAt);
  // The lines released are planned again even when their order was read since (and so not marked dirty by this read).
  await reconcileTouched(
    db,
    gateway,
    shop,
    lines.map((line) => line.inventoryItemId),
  );
}

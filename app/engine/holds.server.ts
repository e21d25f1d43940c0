import { recordAudit } from "~/audit/trail.server";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import { refreshOrder } from "./ingest.server";
import type { StoreGateway } from "./ports";
import { reconcileShop } from "./reconcile.server";

/**
 * A fulfillment hold was released. Only the app's own holds concern it: one
 * the app released itself needs its orders read again; one released by
 * someone else (the merchant, in Shopify's admin) is respected, and its
 * lines are never held again. Other holds are not the app's to track.
 */
export async function noteHoldReleased(db: Db, gatewayOf: () => Promise<StoreGateway>, shop: string, holdId: string, receivedAt: Date) {
  const ours = await db.appHold.findFirst({ where: { shop, holdId } });
  if (!ours) return;
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
  const orders = await db.backorderLine.findMany({
    where: { shop, lineItemId: { in: lineItemIds } },
    select: { orderId: true },
    distinct: ["orderId"],
  });
  for (const { orderId } of orders) await refreshOrder(db, gateway, shop, orderId, receivedAt);
  await reconcileShop(db, gateway, shop);
}

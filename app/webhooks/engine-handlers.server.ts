import { z } from "zod";
import { TerminalError } from "~/jobs/errors";
import { recordAudit } from "~/models/audit.server";
import { gatewayFor } from "~/services/engine/gateway.server";
import { markDirty, refreshLevels, refreshOrder, refreshVariants } from "~/services/engine/ingest.server";
import { reconcileShop } from "~/services/engine/reconcile.server";
import type { TopicHandler } from "./process.server";

const gid = (type: string, id: number | string) => (String(id).startsWith("gid://") ? String(id) : `gid://shopify/${type}/${id}`);
const numericId = z.union([z.number(), z.string()]);

const orderPayload = z.object({ id: numericId });
const orderEditPayload = z.object({ order_edit: z.object({ order_id: numericId }) });
const inventoryLevelPayload = z.object({ inventory_item_id: numericId, location_id: numericId });
const productPayload = z.object({ id: numericId });
const holdReleasedPayload = z.object({
  fulfillment_hold: z.object({ id: z.string(), handle: z.string(), held_by_requesting_app: z.boolean() }),
  fulfillment_order: z.object({ id: z.string() }),
});

function parse<T>(schema: z.ZodType<T>, payload: unknown, topic: string): T {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new TerminalError(`${topic} payload is invalid at: ${result.error.issues.map((i) => i.path.join(".") || "(body)").join(", ")}`);
  }
  return result.data;
}

/** An order event: read the order as it is now (unless read since the event arrived), then reconcile. */
const orderChanged =
  (topic: string): TopicHandler =>
  async (payload, { db, shop, receivedAt }) => {
    const orderId = topic === "orders/edited" ? gid("Order", parse(orderEditPayload, payload, topic).order_edit.order_id) : gid("Order", parse(orderPayload, payload, topic).id);
    const gateway = await gatewayFor(shop);
    await refreshOrder(db, gateway, shop, orderId, receivedAt);
    await reconcileShop(db, gateway, shop);
  };

/** The backorder engine's topics (see shopify.app.toml). */
export const engineHandlers: Record<string, TopicHandler> = {
  "orders/create": orderChanged("orders/create"),
  "orders/updated": orderChanged("orders/updated"),
  "orders/edited": orderChanged("orders/edited"),
  "orders/cancelled": orderChanged("orders/cancelled"),

  "inventory_levels/update": async (payload, { db, shop, receivedAt }) => {
    const event = parse(inventoryLevelPayload, payload, "inventory_levels/update");
    const key = { inventoryItemId: gid("InventoryItem", event.inventory_item_id), locationId: gid("Location", event.location_id) };
    const gateway = await gatewayFor(shop);
    await refreshLevels(db, gateway, shop, [key], receivedAt);
    await markDirty(db, shop, [key]);
    await reconcileShop(db, gateway, shop);
  },

  // A signal only: a late products/update carries an old policy, so the
  // variants are read as they are now, unless a read since already has.
  "products/update": async (payload, { db, shop, receivedAt }) => {
    const productId = gid("Product", parse(productPayload, payload, "products/update").id);
    const gateway = await gatewayFor(shop);
    if (await refreshVariants(db, gateway, shop, productId, receivedAt)) await reconcileShop(db, gateway, shop);
  },

  "fulfillment_holds/released": async (payload, { db, shop, receivedAt }) => {
    const { fulfillment_hold: hold } = parse(holdReleasedPayload, payload, "fulfillment_holds/released");
    const ours = await db.appHold.findFirst({ where: { shop, holdId: hold.id } });
    if (!ours) return; // another app's or the merchant's own hold: not ours to track
    const gateway = await gatewayFor(shop);
    if (ours.status === "ACTIVE") {
      // Released by someone else: respect it, and never hold these lines again.
      const lineItemIds = JSON.parse(ours.lineItemIds) as string[];
      await db.appHold.updateMany({ where: { shop, holdId: hold.id }, data: { status: "RELEASED_BY_MERCHANT", releasedAt: new Date() } });
      await db.backorderLine.updateMany({ where: { shop, lineItemId: { in: lineItemIds } }, data: { releasedByMerchant: true } });
      await recordAudit(db, shop, "hold.released_by_merchant", ours.fulfillmentOrderId, {
        holdId: hold.id,
        lineItems: lineItemIds,
        note: "The hold was released outside the app; these lines will not be held again.",
      });
    }
    const orders = await db.backorderLine.findMany({ where: { shop, lineItemId: { in: JSON.parse(ours.lineItemIds) as string[] } }, select: { orderId: true }, distinct: ["orderId"] });
    for (const { orderId } of orders) await refreshOrder(db, gateway, shop, orderId, receivedAt);
    await reconcileShop(db, gateway, shop);
  },
};

// The engine's topics (see shopify.app.toml) and jobs. Each parses what it
// was given and calls one use case; the top floor (app/server) lists them.
import { z } from "zod";
import { withTrigger } from "~/audit/context.server";
import { parseTrigger } from "~/audit/trigger";
import type { Db } from "~/db/client.server";
import { whileAccessHolds } from "~/errors";
import { parsePayload, shopifyGid, type TopicHandler } from "~/inbox/payload";
import type { JobHandlers } from "~/jobs/drain.server";
import { fullReconcile } from "./full-reconcile.server";
import { noteHoldReleased } from "./holds.server";
import { isOwnTagEcho } from "./order-marks.server";
import { markDirty, refreshLevels, refreshOrder, refreshVariants } from "./ingest.server";
import type { StoreGateway } from "./ports";
import { reconcileShop, reconcileTouched } from "./reconcile.server";
import { FULL_RECONCILE_JOB, RECONCILE_JOB } from "./requests.server";

const numericId = z.union([z.number(), z.string()]);
const orderPayload = z.object({ id: numericId, updated_at: z.string().optional() });
const orderEditPayload = z.object({ order_edit: z.object({ order_id: numericId }) });
const inventoryLevelPayload = z.object({ inventory_item_id: numericId, location_id: numericId });
const productPayload = z.object({ id: numericId });
const holdReleasedPayload = z.object({
  fulfillment_hold: z.object({ id: z.string(), handle: z.string(), held_by_requesting_app: z.boolean() }),
  fulfillment_order: z.object({ id: z.string() }),
});

/** An order event: read the order as it is now (unless read since the event arrived), then reconcile what it touched. */
const orderChanged =
  (topic: string): TopicHandler =>
  async (payload, { db, shop, receivedAt, gateway }) => {
    if (topic === "orders/updated") {
      const { id, updated_at } = parsePayload(orderPayload, payload, topic);
      // The echo of the app's own tag write: nothing to read or plan.
      if (await isOwnTagEcho(db, shop, shopifyGid("Order", id), updated_at)) return;
    }
    const id =
      topic === "orders/edited"
        ? parsePayload(orderEditPayload, payload, topic).order_edit.order_id
        : parsePayload(orderPayload, payload, topic).id;
    const shopify = await gateway();
    await refreshOrder(db, shopify, shop, shopifyGid("Order", id), receivedAt);
    await reconcileTouched(db, shopify, shop);
  };

export const engineTopicHandlers: Record<string, TopicHandler> = {
  "orders/create": orderChanged("orders/create"),
  "orders/updated": orderChanged("orders/updated"),
  "orders/edited": orderChanged("orders/edited"),
  "orders/cancelled": orderChanged("orders/cancelled"),

  "inventory_levels/update": async (payload, { db, shop, receivedAt, gateway }) => {
    const event = parsePayload(inventoryLevelPayload, payload, "inventory_levels/update");
    const key = {
      inventoryItemId: shopifyGid("InventoryItem", event.inventory_item_id),
      locationId: shopifyGid("Location", event.location_id),
    };
    const shopify = await gateway();
    await refreshLevels(db, shopify, shop, [key], receivedAt);
    await markDirty(db, shop, [key]);
    await reconcileTouched(db, shopify, shop);
  },

  // A signal only: a late products/update carries an old policy, so the
  // variants are read as they are now, unless a read since already has.
  "products/update": async (payload, { db, shop, receivedAt, gateway }) => {
    const productId = shopifyGid("Product", parsePayload(productPayload, payload, "products/update").id);
    const shopify = await gateway();
    const items = await refreshVariants(db, shopify, shop, productId, receivedAt);
    if (items.length > 0) await reconcileTouched(db, shopify, shop, items);
  },

  "fulfillment_holds/released": async (payload, { db, shop, receivedAt, gateway }) => {
    const { fulfillment_hold: hold, fulfillment_order } = parsePayload(holdReleasedPayload, payload, "fulfillment_holds/released");
    const released = {
      holdId: hold.id,
      handle: hold.handle,
      fulfillmentOrderId: fulfillment_order.id,
      heldByRequestingApp: hold.held_by_requesting_app,
    };
    await noteHoldReleased(db, gateway, shop, released, receivedAt);
  },
};

/** What asked for a reconcile job (see requestReconcile), or the job itself when nothing said. */
const reconcileTrigger = (name: string, payload: unknown) =>
  parseTrigger((payload as { trigger?: unknown } | null)?.trigger) ?? { kind: "job" as const, name };

/** A refused token ends the work: the next install reconciles in full anyway. */
export function engineJobHandlers(db: Db, gatewayFor: (shop: string) => Promise<StoreGateway>): JobHandlers {
  return {
    [RECONCILE_JOB]: async (payload, { shop }) =>
      void (await withTrigger(reconcileTrigger(RECONCILE_JOB, payload), () =>
        whileAccessHolds(async () => reconcileShop(db, await gatewayFor(shop), shop)),
      )),
    [FULL_RECONCILE_JOB]: async (payload, { shop }) =>
      void (await withTrigger(reconcileTrigger(FULL_RECONCILE_JOB, payload), () =>
        whileAccessHolds(async () => fullReconcile(db, await gatewayFor(shop), shop)),
      )),
  };
}

// "What would happen if": the merchant's change planned on the shop's stored
// facts, beside the plan without it, and nothing written or sent.
import { comparePlans, plan, type InboundSupply, type PlanDifference, type ShopSettings } from "~/backorders";
import type { Db } from "~/db/client.server";
import { loadSettings } from "~/shops/settings.server";
import { loadFacts } from "./load.server";

export type PlanChange = {
  settings?: Partial<Omit<ShopSettings, "timeZone">>;
  /** The recorded incoming stock as it would be after the change. */
  supply?: (current: InboundSupply[]) => InboundSupply[];
};

export type PlanPreview = PlanDifference & {
  /** Order names (#1001) by order id, for the orders the difference names. */
  orderNames: Record<string, string>;
};

export async function previewPlan(db: Db, shop: string, change: PlanChange, now = new Date()): Promise<PlanPreview> {
  const [{ facts }, settings] = await Promise.all([loadFacts(db, shop), loadSettings(db, shop)]);
  const changedFacts = change.supply ? { ...facts, supply: change.supply(facts.supply) } : facts;
  const difference = comparePlans(plan(facts, settings, now), plan(changedFacts, { ...settings, ...change.settings }, now), facts.orders);
  const named = new Set([
    ...difference.heldOrders,
    ...difference.releasedOrders,
    ...difference.reordered.map((move) => move.line.orderId),
    ...difference.redated.map((move) => move.line.orderId),
  ]);
  const rows = await db.orderSnapshot.findMany({ where: { shop, orderId: { in: [...named] } }, select: { orderId: true, name: true } });
  return { ...difference, orderNames: Object.fromEntries(rows.map((row) => [row.orderId, row.name])) };
}

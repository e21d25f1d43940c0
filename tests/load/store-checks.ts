// What a settled store must look like, worked out from the simulator's
// records alone (none of the app's code): the stock rules of the README's
// "The backorder engine", applied to every shop by a plain oracle.
import type { FulfillmentOrder } from "../../sim/state/fulfillment-orders";
import { legacyId } from "../../sim/state/ids";
import type { ShopState } from "../../sim/state/shops";

const HOLD_HANDLE = "backorder-manager";
const OPEN = new Set(["OPEN", "ON_HOLD", "IN_PROGRESS"]);

/** What a full reconcile could change: holds, and the variants' policy and badge. */
export type StoreSnapshot = {
  fulfillmentOrders: Array<{ id: string; status: string; lines: string[]; holds: string[] }>;
  variants: Array<{ id: string; inventoryPolicy: string; badge: string | null }>;
};

const badgeOf = (variant: { metafields: Array<{ namespace: string; key: string; value: string }> }) =>
  variant.metafields.find((m) => m.namespace.startsWith("app--") && m.key === "backorder")?.value ?? null;

export function snapshotStore(shop: ShopState): StoreSnapshot {
  return {
    fulfillmentOrders: [...shop.fulfillmentOrders.values()].map((fo) => ({
      id: fo.id,
      status: fo.status,
      lines: fo.lineItems.map((li) => `${li.lineItemId}:${li.remainingQuantity}`),
      holds: fo.holds.map((h) => `${h.id}:${h.handle}`),
    })),
    variants: [...shop.variants.values()].map((v) => ({ id: v.id, inventoryPolicy: v.inventoryPolicy, badge: badgeOf(v) })),
  };
}

const heldByApp = (fo: FulfillmentOrder) => fo.status === "ON_HOLD" && fo.holds.some((h) => h.handle === HOLD_HANDLE);

type Line = { lineItemId: string; orderedAt: number; orderNumber: number; quantity: number; held: number };

/**
 * Every disagreement with the rules: a fulfillment order with two holds of
 * the app, a line whose held units differ from what it cannot get (oldest
 * order first from `available + committed` at its location: so no missing
 * hold, and no hold where stock covers the line), a badge that is wrong.
 */
export function storeProblems(shop: ShopState): string[] {
  const problems: string[] = [];
  const lines = new Map<string, Map<string, Line>>(); // by item|location, then line item
  for (const fo of shop.fulfillmentOrders.values()) {
    const own = fo.holds.filter((h) => h.handle === HOLD_HANDLE);
    if (own.length > 1) problems.push(`${fo.id}: ${own.length} holds of the app`);
    if (own.length > 0 && fo.status !== "ON_HOLD") problems.push(`${fo.id}: the app's hold on a ${fo.status} fulfillment order`);
    if (!OPEN.has(fo.status)) continue;
    const order = shop.orders.get(fo.orderId)!;
    for (const li of fo.lineItems) {
      if (li.remainingQuantity === 0) continue;
      const item = shop.variants.get(order.lineItems.find((l) => l.id === li.lineItemId)!.variantId)!.inventoryItemId;
      const key = `${item}|${fo.locationId}`;
      const atLevel = lines.get(key) ?? new Map<string, Line>();
      lines.set(key, atLevel);
      const line = atLevel.get(li.lineItemId) ?? {
        lineItemId: li.lineItemId,
        orderedAt: Date.parse(order.createdAt),
        orderNumber: legacyId(order.id),
        quantity: 0,
        held: 0,
      };
      atLevel.set(li.lineItemId, line);
      line.quantity += li.remainingQuantity;
      if (heldByApp(fo)) line.held += li.remainingQuantity;
    }
  }

  const allocatedAt = new Map<string, number>(); // item|location -> units the lines took
  for (const [key, atLevel] of lines) {
    const level = shop.levels.get(key);
    let left = level ? Math.max(0, level.quantities.available + level.quantities.committed) : 0;
    const queue = [...atLevel.values()].sort(
      (a, b) => a.orderedAt - b.orderedAt || a.orderNumber - b.orderNumber || legacyId(a.lineItemId) - legacyId(b.lineItemId),
    );
    let allocated = 0;
    for (const line of queue) {
      const taken = Math.min(left, line.quantity);
      left -= taken;
      allocated += taken;
      const short = line.quantity - taken;
      if (line.held !== short) problems.push(`${line.lineItemId} at ${key}: ${short} short of stock, ${line.held} held`);
    }
    allocatedAt.set(key, allocated);
  }

  for (const variant of shop.variants.values()) {
    let free = 0;
    for (const level of shop.levels.values()) {
      if (level.itemId !== variant.inventoryItemId) continue;
      const key = `${level.itemId}|${level.locationId}`;
      free += Math.max(0, level.quantities.available + level.quantities.committed) - (allocatedAt.get(key) ?? 0);
    }
    const expected = free > 0 ? "IN_STOCK" : variant.inventoryPolicy === "DENY" ? "SOLD_OUT" : "BACKORDER";
    const badge = badgeOf(variant);
    // A variant never on backorder need not have a badge: no metafield reads as "nothing to say".
    const status = badge === null ? null : (JSON.parse(badge) as { status: string }).status;
    if (status !== expected && !(status === null && expected === "IN_STOCK")) {
      problems.push(`${variant.sku}: badge ${status ?? "missing"}, expected ${expected}`);
    }
  }
  return problems.map((problem) => `${shop.domain} ${problem}`);
}

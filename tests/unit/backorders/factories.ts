// Small builders for engine facts, and a model of how Shopify applies the
// engine's commands (a partial hold splits the fulfillment order), so tests
// can plan, apply and plan again.
import type { Facts, FulfillmentOrder, HoldCommand, InventoryLevel, Order, Plan, ShopSettings, Variant } from "~/backorders";
import { HOLD_HANDLE } from "~/backorders";

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

export const WAREHOUSE = gid("Location", 1);
export const STORE = gid("Location", 2);
export const MUG = gid("InventoryItem", 1);
export const TEAPOT = gid("InventoryItem", 2);
export const NOW = new Date("2030-01-10T12:00:00Z");

export function settings(overrides: Partial<ShopSettings> = {}): ShopSettings {
  return {
    priorityRule: "OLDEST_FIRST",
    priorityTag: "vip",
    pins: [],
    fulfillmentMode: "SHIP_AVAILABLE",
    handlingDays: 2,
    timeZone: "UTC",
    ...overrides,
  };
}

export interface LineSpec {
  item: string;
  quantity: number;
  location?: string;
}

/**
 * Order n: `gid://shopify/Order/n`, one fulfillment order per location
 * (`FulfillmentOrder/n0`, `n1`...), line j as `LineItem/n0j` and
 * `FulfillmentOrderLineItem/n0j`, created on day n of January 2030 unless told.
 */
export function order(n: number, lines: LineSpec[], options: { createdAt?: string; tags?: string[]; cancelled?: boolean } = {}): Order {
  const locations = [...new Set(lines.map((line) => line.location ?? WAREHOUSE))];
  return {
    id: gid("Order", n),
    createdAt: options.createdAt ?? `2030-01-${String(n % 28 || 28).padStart(2, "0")}T09:00:00Z`,
    cancelledAt: options.cancelled ? "2030-01-09T00:00:00Z" : null,
    customerTags: options.tags ?? [],
    fulfillmentOrders: locations.map((location, f) => ({
      id: gid("FulfillmentOrder", n * 10 + f),
      status: "OPEN",
      assignedLocationId: location,
      holds: [],
      lineItems: lines.flatMap((line, j) =>
        (line.location ?? WAREHOUSE) === location
          ? [
              {
                id: gid("FulfillmentOrderLineItem", n * 100 + j),
                lineItemId: gid("LineItem", n * 100 + j),
                inventoryItemId: line.item,
                totalQuantity: line.quantity,
                remainingQuantity: line.quantity,
              },
            ]
          : [],
      ),
    })),
  };
}

/** The id of order n's line j (see `order`). */
export const lineOf = (n: number, j = 0) => gid("LineItem", n * 100 + j);
export const foOf = (n: number, f = 0) => gid("FulfillmentOrder", n * 10 + f);
export const foLineOf = (n: number, j = 0) => gid("FulfillmentOrderLineItem", n * 100 + j);

/** A level whose shippable stock is `shippable`, with the open orders' units counted as committed. */
export function level(item: string, shippable: number, committed = 0, location = WAREHOUSE): InventoryLevel {
  return { inventoryItemId: item, locationId: location, available: shippable - committed, committed };
}

export function variant(item: string, overrides: Partial<Variant> = {}): Variant {
  const n = Number(item.split("/").pop());
  return {
    id: gid("ProductVariant", n),
    productId: gid("Product", n),
    inventoryItemId: item,
    inventoryPolicy: "CONTINUE",
    backorders: null,
    badge: null,
    ...overrides,
  };
}

export function facts(overrides: Partial<Facts> = {}): Facts {
  return { orders: [], inventoryLevels: [], variants: [], supply: [], releasedByMerchant: [], storedLines: [], ...overrides };
}

/**
 * The store after Shopify runs the commands, in order, as the Admin API does:
 * a hold with line items splits the fulfillment order (the held units keep the
 * ids, the rest move to a new one), a handle is unique per fulfillment order,
 * line items are refused on a fulfillment order already held, and a release
 * removes one hold by id. The plan's stored lines become the stored state.
 */
export function applyPlan(before: Facts, plan: Pick<Plan, "holdCommands" | "policyCommands" | "badgeCommands" | "storedLines">): Facts {
  const after = structuredClone(before);
  let nextId = largestId(after);
  const fulfillmentOrder = (id: string) => {
    for (const o of after.orders) {
      const fo = o.fulfillmentOrders.find((candidate) => candidate.id === id);
      if (fo) return { order: o, fo };
    }
    throw new Error(`no fulfillment order ${id}`);
  };
  for (const command of plan.holdCommands) applyHold(command, fulfillmentOrder, () => ++nextId);
  for (const command of plan.policyCommands) {
    after.variants.find((v) => v.id === command.variantId)!.inventoryPolicy = command.inventoryPolicy;
  }
  for (const command of plan.badgeCommands) after.variants.find((v) => v.id === command.variantId)!.badge = command.value;
  const untouched = before.storedLines.filter(
    (s) => !plan.storedLines.some((p) => p.lineItemId === s.lineItemId && p.locationId === s.locationId),
  );
  after.storedLines = [...untouched, ...structuredClone(plan.storedLines)];
  return after;
}

/** New ids start above every id the facts hold, as Shopify's never repeat. */
function largestId(facts: Facts): number {
  const ids = [...JSON.stringify(facts).matchAll(/gid:\/\/shopify\/\w+\/(\d+)/g)].map((match) => Number(match[1]));
  return Math.max(900_000, ...ids);
}

function applyHold(command: HoldCommand, find: (id: string) => { order: Order; fo: FulfillmentOrder }, newId: () => number) {
  const { order: owner, fo } = find(command.fulfillmentOrderId);
  if (command.type === "RELEASE") {
    const hold = fo.holds.find((h) => h.id === command.holdId);
    if (!hold?.heldByRequestingApp) throw new Error(`release of a hold that is not ours: ${command.holdId}`);
    fo.holds = fo.holds.filter((h) => h !== hold);
    if (fo.holds.length === 0) fo.status = "OPEN";
    return;
  }
  if (fo.holds.some((h) => h.heldByRequestingApp && h.handle === command.handle)) throw new Error("DUPLICATE_FULFILLMENT_HOLD_HANDLE");
  if (command.lineItems !== "ALL") {
    if (fo.holds.length > 0) throw new Error("FULFILLMENT_ORDER_NOT_SPLITTABLE");
    const held = new Map(command.lineItems.map((item) => [item.id, item.quantity]));
    const rest = fo.lineItems
      .map((item) => ({
        ...item,
        id: gid("FulfillmentOrderLineItem", newId()),
        totalQuantity: item.remainingQuantity - (held.get(item.id) ?? 0),
        remainingQuantity: item.remainingQuantity - (held.get(item.id) ?? 0),
      }))
      .filter((item) => item.remainingQuantity > 0);
    fo.lineItems = fo.lineItems
      .filter((item) => held.has(item.id))
      .map((item) => ({ ...item, totalQuantity: held.get(item.id)!, remainingQuantity: held.get(item.id)! }));
    if (rest.length > 0) {
      owner.fulfillmentOrders.push({
        id: gid("FulfillmentOrder", newId()),
        status: "OPEN",
        assignedLocationId: fo.assignedLocationId,
        holds: [],
        lineItems: rest,
      });
    }
  }
  fo.holds.push({ id: gid("FulfillmentHold", newId()), handle: command.handle, heldByRequestingApp: true });
  fo.status = "ON_HOLD";
}

/** A hold placed by the merchant or another app. */
export function foreignHold(id: number) {
  return { id: gid("FulfillmentHold", id), handle: "", heldByRequestingApp: false };
}

export const ownHold = (id: number) => ({ id: gid("FulfillmentHold", id), handle: HOLD_HANDLE, heldByRequestingApp: true });

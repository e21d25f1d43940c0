// An event's plan reads only the facts of what it touched (narrowFacts) and
// speaks only of it; it must say exactly what the whole shop's plan says there.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holdsAnyOf, narrowFacts, plan, type Facts, type Plan } from "~/backorders";
import { capArbitrary, linesArbitrary, supplyArbitrary } from "./arbitraries";
import { applyPlan, facts, gid, level, NOW, order, settings, STORE, variant, WAREHOUSE } from "./factories";

// Six items over two locations; orders hold one to three of them, so the
// orders sharing an item chain the items together as they do in a shop.
const ITEMS = [1, 2, 3, 4, 5, 6].map((n) => gid("InventoryItem", n));
const LOCATIONS = [WAREHOUSE, STORE];

const shopCase = fc
  .record({
    orders: fc.array(
      fc.record({
        day: fc.integer({ min: 1, max: 5 }),
        vip: fc.boolean(),
        lines: linesArbitrary(ITEMS, LOCATIONS, 3),
      }),
      { maxLength: 12 },
    ),
    stock: fc.array(fc.integer({ min: -2, max: 6 }), { minLength: 12, maxLength: 12 }),
    // What happened since the plan the store carries: stock moved, orders cancelled.
    restock: fc.array(fc.integer({ min: -2, max: 8 }), { minLength: 12, maxLength: 12 }),
    cancelled: fc.array(fc.nat(), { maxLength: 3 }),
    supply: supplyArbitrary(ITEMS, LOCATIONS, 5),
    caps: fc.array(capArbitrary, { minLength: 6, maxLength: 6 }),
    followed: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    rule: fc.constantFrom("OLDEST_FIRST" as const, "PRIORITY_TAG_FIRST" as const),
    mode: fc.constantFrom("SHIP_AVAILABLE" as const, "SHIP_COMPLETE" as const),
    pinSeed: fc.array(fc.nat(), { maxLength: 3 }),
    releasedSeed: fc.array(fc.nat(), { maxLength: 2 }),
    touched: fc.uniqueArray(fc.constantFrom(...ITEMS), { minLength: 1, maxLength: 3 }),
  })
  .map((spec) => {
    const orders = spec.orders.map((o, i) =>
      order(i + 1, o.lines, { createdAt: `2030-01-0${o.day}T09:00:00Z`, tags: o.vip ? ["vip"] : [] }),
    );
    const lineIds = orders.flatMap((o) => o.fulfillmentOrders.flatMap((fo) => fo.lineItems.map((item) => item.lineItemId)));
    const pick = (seed: number[]) => [...new Set(lineIds.length ? seed.map((n) => lineIds[n % lineIds.length]) : [])];
    const levels = (quantities: number[]) =>
      ITEMS.flatMap((item, i) => LOCATIONS.map((location, j) => level(item, quantities[i * 2 + j], 0, location)));
    const s = settings({ priorityRule: spec.rule, fulfillmentMode: spec.mode, pins: pick(spec.pinSeed) });
    const before = facts({
      orders,
      inventoryLevels: levels(spec.stock),
      variants: ITEMS.map((item, i) =>
        variant(item, {
          backorders: spec.followed[i] ? { enabled: true, cap: spec.caps[i], leadTimeDays: i % 2 ? 10 : null, message: null } : null,
        }),
      ),
      supply: spec.supply.map((sp, i) => ({
        id: gid("Supply", i + 1),
        inventoryItemId: sp.item,
        locationId: sp.location,
        quantity: sp.quantity,
        expectedOn: `2030-02-${String(sp.day).padStart(2, "0")}`,
      })),
      releasedByMerchant: pick(spec.releasedSeed),
    });
    // The store as the last plan left it, then moved on.
    const applied = applyPlan(before, plan(before, s, NOW));
    const cancelled = new Set(orders.length ? spec.cancelled.map((n) => orders[n % orders.length].id) : []);
    const now: Facts = {
      ...applied,
      inventoryLevels: levels(spec.restock),
      orders: applied.orders.map((o) => (cancelled.has(o.id) ? { ...o, cancelledAt: "2030-01-09T00:00:00Z" } : o)),
    };
    return { facts: now, settings: s, touched: new Set(spec.touched) };
  });

/** The whole shop's plan, kept to what a plan of `items` speaks of. */
function restricted(whole: Plan, f: Facts, items: ReadonlySet<string>): Plan {
  const orders = f.orders.filter((o) => holdsAnyOf(o, items));
  const orderIds = new Set(orders.map((o) => o.id));
  const fulfillmentOrderIds = new Set(orders.flatMap((o) => o.fulfillmentOrders.map((fo) => fo.id)));
  const lineIds = new Set(orders.flatMap((o) => o.fulfillmentOrders.flatMap((fo) => fo.lineItems.map((l) => l.lineItemId))));
  const itemOfVariant = new Map(f.variants.map((v) => [v.id, v.inventoryItemId]));
  return {
    today: whole.today,
    stock: whole.stock.filter((s) => items.has(s.inventoryItemId)),
    lines: whole.lines.filter((l) => orderIds.has(l.orderId)),
    holdCommands: whole.holdCommands.filter((c) => fulfillmentOrderIds.has(c.fulfillmentOrderId)),
    policyCommands: whole.policyCommands.filter((c) => items.has(itemOfVariant.get(c.variantId)!)),
    badgeCommands: whole.badgeCommands.filter((c) => items.has(itemOfVariant.get(c.variantId)!)),
    storedLines: whole.storedLines.filter((l) => lineIds.has(l.lineItemId)),
    events: whole.events.filter((e) => lineIds.has(e.lineItemId)),
  };
}

describe("planning what an event touched", () => {
  it("gives what the whole shop's plan gives for those items and the orders holding them", () => {
    fc.assert(
      fc.property(shopCase, ({ facts: f, settings: s, touched }) => {
        const scoped = plan(narrowFacts(f, touched), s, NOW, touched);
        expect(scoped).toEqual(restricted(plan(f, s, NOW), f, touched));
      }),
      { numRuns: 300 },
    );
  });

  it("reads less than the whole shop when the touched items are not shared", () => {
    const f = facts({
      orders: [order(1, [{ item: ITEMS[0], quantity: 2 }]), order(2, [{ item: ITEMS[1], quantity: 1 }])],
      inventoryLevels: [level(ITEMS[0], 1), level(ITEMS[1], 0)],
      variants: [variant(ITEMS[0]), variant(ITEMS[1])],
    });
    const narrowed = narrowFacts(f, new Set([ITEMS[0]]));
    expect(narrowed.orders.map((o) => o.id)).toEqual([gid("Order", 1)]);
    expect(narrowed.inventoryLevels.map((l) => l.inventoryItemId)).toEqual([ITEMS[0]]);
  });

  it("reads the items of the orders holding a touched item, and the orders holding those", () => {
    // Order 1 holds items 1 and 2; order 2 holds items 2 and 3; order 3 holds item 4 only.
    const f = facts({
      orders: [
        order(1, [
          { item: ITEMS[0], quantity: 1 },
          { item: ITEMS[1], quantity: 1 },
        ]),
        order(2, [
          { item: ITEMS[1], quantity: 1 },
          { item: ITEMS[2], quantity: 1 },
        ]),
        order(3, [{ item: ITEMS[3], quantity: 1 }]),
      ],
    });
    expect(narrowFacts(f, new Set([ITEMS[0]])).orders.map((o) => o.id)).toEqual([gid("Order", 1), gid("Order", 2)]);
  });
});

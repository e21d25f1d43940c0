import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plan, type Facts, type InboundSupply, type ShopSettings } from "~/backorders";
import { capArbitrary, linesArbitrary, supplyArbitrary } from "./arbitraries";
import { applyPlan, facts, foOf, gid, level, lineOf, MUG, NOW, order, settings, STORE, TEAPOT, variant, WAREHOUSE } from "./factories";

const planOf = (f: Facts, s: ShopSettings = settings()) => plan(f, s, NOW);
const heldOrders = (result: ReturnType<typeof plan>) =>
  result.holdCommands.filter((c) => c.type === "HOLD").map((c) => c.fulfillmentOrderId);

function inbound(n: number, quantity: number, expectedOn: string, location = WAREHOUSE): InboundSupply {
  return { id: gid("Supply", n), inventoryItemId: MUG, locationId: location, quantity, expectedOn };
}

/** Five mugs ordered over three orders (2, 2 and 1 units), two mugs in stock. */
const fiveOverThree = () =>
  facts({
    orders: [order(1, [{ item: MUG, quantity: 2 }]), order(2, [{ item: MUG, quantity: 2 }]), order(3, [{ item: MUG, quantity: 1 }])],
    inventoryLevels: [level(MUG, 2, 5)],
  });

describe("plan", () => {
  it("ships the oldest order, holds the others, and releases only the next in line when two units arrive", () => {
    const first = planOf(fiveOverThree());
    expect(first.lines.map((l) => [l.orderId, l.allocated, l.backordered, l.queuePosition])).toEqual([
      [gid("Order", 1), 2, 0, null],
      [gid("Order", 2), 0, 2, 1],
      [gid("Order", 3), 0, 1, 2],
    ]);
    const held = applyPlan(fiveOverThree(), first);
    const received = { ...held, inventoryLevels: [level(MUG, 4, 5)] };
    const second = planOf(received);
    expect(second.holdCommands.map((c) => [c.type, c.fulfillmentOrderId])).toEqual([["RELEASE", foOf(2)]]);
    expect(second.lines.find((l) => l.orderId === gid("Order", 3))).toMatchObject({ backordered: 1, queuePosition: 1 });
  });

  it("gives a cancelled order's stock to the next in line", () => {
    const held = applyPlan(fiveOverThree(), planOf(fiveOverThree()));
    held.orders[0].cancelledAt = "2030-01-09T00:00:00Z";
    const result = planOf(held);
    expect(result.lines.map((l) => [l.orderId, l.allocated])).toEqual([
      [gid("Order", 2), 2],
      [gid("Order", 3), 0],
    ]);
    expect(result.holdCommands.map((c) => [c.type, c.fulfillmentOrderId])).toEqual([["RELEASE", foOf(2)]]);
  });

  it("serves a priority-tagged customer's newer order before an older untagged one", () => {
    const f = facts({
      orders: [order(1, [{ item: MUG, quantity: 1 }]), order(2, [{ item: MUG, quantity: 1 }], { tags: ["VIP"] })],
      inventoryLevels: [level(MUG, 1, 2)],
    });
    expect(heldOrders(planOf(f, settings({ priorityRule: "PRIORITY_TAG_FIRST" })))).toEqual([foOf(1)]);
    expect(heldOrders(planOf(f))).toEqual([foOf(2)]);
  });

  it("serves a pinned line first", () => {
    expect(heldOrders(planOf(fiveOverThree(), settings({ pins: [lineOf(3)] })))).toEqual([foOf(1), foOf(2)]);
  });

  it("gives waiting lines their ETA and queue position from inbound supply", () => {
    const f = { ...fiveOverThree(), supply: [inbound(1, 2, "2030-01-20"), inbound(2, 5, "2030-02-01")] };
    expect(
      planOf(f)
        .lines.filter((l) => l.backordered > 0)
        .map((l) => [l.queuePosition, l.eta, l.etaSource]),
    ).toEqual([
      [1, "2030-01-22", "SUPPLY"],
      [2, "2030-02-03", "SUPPLY"],
    ]);
  });

  it("records a moved promise when the shipment's date moves", () => {
    const f = { ...fiveOverThree(), supply: [inbound(1, 10, "2030-01-20")] };
    const promised = applyPlan(f, planOf(f));
    const delayed = { ...promised, supply: [inbound(1, 10, "2030-01-25")] };
    expect(planOf(delayed).events.filter((e) => e.type === "PROMISE_MOVED")).toEqual([
      { type: "PROMISE_MOVED", lineItemId: lineOf(2), locationId: WAREHOUSE, from: "2030-01-22", to: "2030-01-27" },
      { type: "PROMISE_MOVED", lineItemId: lineOf(3), locationId: WAREHOUSE, from: "2030-01-22", to: "2030-01-27" },
    ]);
  });

  it("falls back to the variant's lead time, else unknown", () => {
    const withLeadTime = {
      ...fiveOverThree(),
      variants: [variant(MUG, { backorders: { enabled: true, cap: null, leadTimeDays: 14, message: null } })],
    };
    expect(
      planOf(withLeadTime)
        .lines.filter((l) => l.backordered > 0)
        .map((l) => l.eta),
    ).toEqual(["2030-01-24", "2030-01-24"]);
    expect(
      planOf(fiveOverThree())
        .lines.filter((l) => l.backordered > 0)
        .map((l) => l.etaSource),
    ).toEqual(["UNKNOWN", "UNKNOWN"]);
  });

  it("turns continue-selling off at the cap and on again when new supply arrives", () => {
    const capped = {
      ...fiveOverThree(),
      variants: [variant(MUG, { backorders: { enabled: true, cap: { kind: "DYNAMIC" }, leadTimeDays: null, message: null } })],
    };
    expect(planOf(capped).policyCommands).toEqual([
      { type: "SET_INVENTORY_POLICY", productId: gid("Product", 1), variantId: gid("ProductVariant", 1), inventoryPolicy: "DENY" },
    ]);
    const denied = applyPlan(capped, planOf(capped));
    expect(planOf(denied).policyCommands).toEqual([]);
    const supplied = { ...denied, supply: [inbound(1, 5, "2030-02-01", STORE)] };
    expect(planOf(supplied).policyCommands).toEqual([expect.objectContaining({ inventoryPolicy: "CONTINUE" })]);
  });

  it("plans two locations independently", () => {
    const f = facts({
      orders: [order(1, [{ item: MUG, quantity: 2, location: STORE }]), order(2, [{ item: MUG, quantity: 2, location: WAREHOUSE }])],
      inventoryLevels: [level(MUG, 2, 2, WAREHOUSE), level(MUG, 0, 2, STORE)],
    });
    const result = planOf(f);
    expect(result.lines.map((l) => [l.locationId, l.allocated, l.backordered])).toEqual([
      [WAREHOUSE, 2, 0],
      [STORE, 0, 2],
    ]);
    expect(heldOrders(result)).toEqual([foOf(1)]);
  });
});

// Random shops: two items, two locations, up to eight orders with ties in
// creation time, tags, pins, other parties' holds, supply and caps.
const ITEMS = [MUG, TEAPOT];
const LOCATIONS = [WAREHOUSE, STORE];

const shopCase = fc
  .record({
    orders: fc.array(
      fc.record({
        day: fc.integer({ min: 1, max: 3 }),
        vip: fc.boolean(),
        foreignHold: fc.boolean(),
        lines: linesArbitrary(ITEMS, LOCATIONS, 2),
      }),
      { maxLength: 8 },
    ),
    stock: fc.array(fc.integer({ min: -3, max: 8 }), { minLength: 4, maxLength: 4 }),
    supply: supplyArbitrary(ITEMS, LOCATIONS, 4),
    caps: fc.array(capArbitrary, { minLength: 2, maxLength: 2 }),
    rule: fc.constantFrom("OLDEST_FIRST" as const, "PRIORITY_TAG_FIRST" as const),
    mode: fc.constantFrom("SHIP_AVAILABLE" as const, "SHIP_COMPLETE" as const),
    pinSeed: fc.array(fc.nat(), { maxLength: 3 }),
    releasedSeed: fc.array(fc.nat(), { maxLength: 2 }),
  })
  .map((spec) => {
    const orders = spec.orders.map((o, i) => {
      const built = order(i + 1, o.lines, { createdAt: `2030-01-0${o.day}T09:00:00Z`, tags: o.vip ? ["vip"] : [] });
      if (o.foreignHold)
        built.fulfillmentOrders[0].holds = [{ id: gid("FulfillmentHold", 5000 + i), handle: "fraud-check", heldByRequestingApp: false }];
      return built;
    });
    const lineIds = orders.flatMap((o) => o.fulfillmentOrders.flatMap((fo) => fo.lineItems.map((item) => item.lineItemId)));
    const pick = (seed: number[]) => [...new Set(lineIds.length ? seed.map((n) => lineIds[n % lineIds.length]) : [])];
    const f = facts({
      orders,
      inventoryLevels: ITEMS.flatMap((item, i) => LOCATIONS.map((location, j) => level(item, spec.stock[i * 2 + j], 0, location))),
      variants: ITEMS.map((item, i) =>
        variant(item, { backorders: { enabled: true, cap: spec.caps[i], leadTimeDays: i === 0 ? 10 : null, message: null } }),
      ),
      supply: spec.supply.map((s, i) => ({
        id: gid("Supply", i + 1),
        inventoryItemId: s.item,
        locationId: s.location,
        quantity: s.quantity,
        expectedOn: `2030-02-${String(s.day).padStart(2, "0")}`,
      })),
      releasedByMerchant: pick(spec.releasedSeed),
    });
    return { facts: f, settings: settings({ priorityRule: spec.rule, fulfillmentMode: spec.mode, pins: pick(spec.pinSeed) }) };
  });

function shuffled<T>(items: readonly T[], randoms: Iterator<number>): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randoms.next().value % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function permuted(f: Facts, randoms: Iterator<number>): Facts {
  return {
    ...f,
    orders: shuffled(f.orders, randoms).map((o) => ({
      ...o,
      fulfillmentOrders: shuffled(o.fulfillmentOrders, randoms).map((fo) => ({
        ...fo,
        lineItems: shuffled(fo.lineItems, randoms),
        holds: shuffled(fo.holds, randoms),
      })),
    })),
    inventoryLevels: shuffled(f.inventoryLevels, randoms),
    variants: shuffled(f.variants, randoms),
    supply: shuffled(f.supply, randoms),
    releasedByMerchant: shuffled(f.releasedByMerchant, randoms),
    storedLines: shuffled(f.storedLines, randoms),
  };
}

describe("plan properties", () => {
  it("gives the same plan for any order of the same facts", () => {
    fc.assert(
      fc.property(shopCase, fc.infiniteStream(fc.nat()), ({ facts: f, settings: s }, randoms) => {
        const settled = applyPlan(f, planOf(f, s));
        expect(planOf(permuted(settled, randoms[Symbol.iterator]()), s)).toEqual(planOf(settled, s));
      }),
    );
  });

  it("has nothing left to command after its commands were applied, also after Shopify split fulfillment orders", () => {
    fc.assert(
      fc.property(
        shopCase,
        fc.array(fc.integer({ min: -3, max: 8 }), { minLength: 4, maxLength: 4 }),
        ({ facts: f, settings: s }, restock) => {
          const first = planOf(f, s);
          const applied = applyPlan(f, first);
          const again = planOf(applied, s);
          expect(again.holdCommands).toEqual([]);
          expect(again.policyCommands).toEqual([]);
          expect(again.badgeCommands).toEqual([]);
          expect(again.lines.map((l) => [l.lineItemId, l.allocated, l.backordered, l.eta])).toEqual(
            first.lines.map((l) => [l.lineItemId, l.allocated, l.backordered, l.eta]),
          );
          const moved = {
            ...applied,
            inventoryLevels: applied.inventoryLevels.map((lv, i) => level(lv.inventoryItemId, restock[i], 0, lv.locationId)),
          };
          const settled = applyPlan(moved, planOf(moved, s));
          expect(planOf(settled, s)).toMatchObject({ holdCommands: [], policyCommands: [], badgeCommands: [] });
        },
      ),
    );
  });

  it("never allocates more than shippable stock or demand", () => {
    fc.assert(
      fc.property(shopCase, ({ facts: f, settings: s }) => {
        const result = planOf(f, s);
        for (const stock of result.stock) {
          expect(stock.allocated).toBeLessThanOrEqual(stock.shippable);
          expect(stock.allocated + stock.backordered).toBe(stock.demand);
        }
        for (const l of result.lines) expect(l.allocated).toBeLessThanOrEqual(l.quantity);
      }),
    );
  });

  it("plans each location as if the others did not exist", () => {
    fc.assert(
      fc.property(shopCase, ({ facts: f, settings: s }) => {
        const full = planOf(f, s);
        for (const location of LOCATIONS) {
          const alone: Facts = {
            ...f,
            orders: f.orders.map((o) => ({
              ...o,
              fulfillmentOrders: o.fulfillmentOrders.filter((fo) => fo.assignedLocationId === location),
            })),
            inventoryLevels: f.inventoryLevels.filter((lv) => lv.locationId === location),
            supply: f.supply.filter((sp) => sp.locationId === location),
          };
          const here = planOf(alone, s);
          expect(here.lines).toEqual(full.lines.filter((l) => l.locationId === location));
          const fosHere = new Set(alone.orders.flatMap((o) => o.fulfillmentOrders.map((fo) => fo.id)));
          expect(here.holdCommands).toEqual(full.holdCommands.filter((c) => fosHere.has(c.fulfillmentOrderId)));
        }
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { advanceLine, plan, type StoredLine } from "~/backorders";
import { applyPlan, facts, gid, level, lineOf, MUG, NOW, order, settings, WAREHOUSE } from "./factories";

const key = { lineItemId: lineOf(1), locationId: WAREHOUSE };
const stored = (overrides: Partial<StoredLine>): StoredLine => ({
  ...key,
  state: "backordered",
  promisedEta: "2030-01-20",
  currentEta: "2030-01-20",
  ...overrides,
});

describe("line lifecycle", () => {
  it("records a new backorder and the first date promised", () => {
    expect(advanceLine(key, null, { state: "backordered", eta: "2030-01-20" })).toEqual({
      line: stored({}),
      events: [
        { ...key, type: "LINE_TRANSITION", from: null, to: "backordered" },
        { ...key, type: "PROMISE_GIVEN", eta: "2030-01-20" },
      ],
    });
  });

  it("keeps no record of a line that never waited", () => {
    expect(advanceLine(key, null, { state: "released", eta: null })).toEqual({ line: null, events: [] });
  });

  it("records a moved date and keeps the first promise for promise accuracy", () => {
    const { line, events } = advanceLine(key, stored({}), { state: "backordered", eta: "2030-01-27" });
    expect(events).toEqual([{ ...key, type: "PROMISE_MOVED", from: "2030-01-20", to: "2030-01-27" }]);
    expect(line).toMatchObject({ promisedEta: "2030-01-20", currentEta: "2030-01-27" });
  });

  it("gives the first promise when an unknown date becomes known", () => {
    const { events } = advanceLine(key, stored({ promisedEta: null, currentEta: null }), { state: "backordered", eta: "2030-02-01" });
    expect(events).toEqual([{ ...key, type: "PROMISE_GIVEN", eta: "2030-02-01" }]);
  });

  it("says nothing when nothing changed", () => {
    expect(advanceLine(key, stored({}), { state: "backordered", eta: "2030-01-20" }).events).toEqual([]);
  });

  it("records a cancellation from any state", () => {
    expect(advanceLine(key, stored({ state: "allocated" }), { state: "cancelled" }).events).toEqual([
      { ...key, type: "LINE_TRANSITION", from: "allocated", to: "cancelled" },
    ]);
  });

  it("goes backordered, allocated, released, fulfilled as stock arrives, the hold is released and the order ships", () => {
    const settled = settings();
    let f = facts({ orders: [order(1, [{ item: MUG, quantity: 2 }])], inventoryLevels: [level(MUG, 0, 2)] });
    const transitions: string[] = [];
    const step = () => {
      const result = plan(f, settled, NOW);
      transitions.push(...result.events.flatMap((e) => (e.type === "LINE_TRANSITION" ? [`${e.from}->${e.to}`] : [])));
      f = applyPlan(f, result);
    };
    step();
    f.inventoryLevels = [level(MUG, 2, 2)];
    step();
    step();
    for (const fo of f.orders[0].fulfillmentOrders) fo.status = "CLOSED";
    step();
    expect(transitions).toEqual(["null->backordered", "backordered->allocated", "allocated->released", "released->fulfilled"]);
  });

  it("marks a stored line cancelled when its order is cancelled", () => {
    const f = facts({
      orders: [order(1, [{ item: MUG, quantity: 2 }], { cancelled: true })],
      storedLines: [stored({})],
    });
    expect(plan(f, settings(), NOW).events).toEqual([{ ...key, type: "LINE_TRANSITION", from: "backordered", to: "cancelled" }]);
  });

  it("leaves alone stored lines the facts do not mention", () => {
    const other = stored({ lineItemId: gid("LineItem", 4242) });
    expect(plan(facts({ storedLines: [other] }), settings(), NOW)).toMatchObject({ storedLines: [], events: [] });
  });
});

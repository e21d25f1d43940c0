import { describe, expect, it } from "vitest";
import { comparePlans, plan, type Facts, type ShopSettings } from "~/backorders";
import { applyPlan, facts, gid, level, lineOf, MUG, NOW, order, settings } from "./factories";

const planOf = (f: Facts, s: ShopSettings = settings()) => plan(f, s, NOW);

/** Three mugs ordered over three orders, one in stock: order 1 ships, 2 and 3 wait. The store already holds them. */
function settled() {
  const initial = facts({
    orders: [order(1, [{ item: MUG, quantity: 1 }]), order(2, [{ item: MUG, quantity: 1 }]), order(3, [{ item: MUG, quantity: 1 }])],
    inventoryLevels: [level(MUG, 1, 3)],
  });
  return applyPlan(initial, planOf(initial));
}

describe("comparePlans", () => {
  it("finds no difference when nothing changes", () => {
    const f = settled();
    expect(comparePlans(planOf(f), planOf(f), f.orders)).toEqual({ reordered: [], redated: [], heldOrders: [], releasedOrders: [] });
  });

  it("names the order a pin would release, the one it would hold, and the lines that change place", () => {
    const f = settled();
    const pinned = settings({ pins: [lineOf(3)] });
    const difference = comparePlans(planOf(f), planOf(f, pinned), f.orders);
    expect(difference.releasedOrders).toEqual([gid("Order", 3)]);
    expect(difference.heldOrders).toEqual([gid("Order", 1)]);
    expect(difference.reordered.map((move) => [move.line.orderId, move.from.queuePosition, move.to.queuePosition])).toEqual([
      [gid("Order", 3), 2, null],
      [gid("Order", 1), null, 1],
      [gid("Order", 2), 1, 2],
    ]);
  });

  it("lists the waiting lines whose date a later arrival moves", () => {
    const f = settled();
    const soon = {
      ...f,
      supply: [{ id: "1", inventoryItemId: MUG, locationId: f.inventoryLevels[0].locationId, quantity: 2, expectedOn: "2030-01-20" }],
    };
    const later = { ...soon, supply: [{ ...soon.supply[0], expectedOn: "2030-02-20" }] };
    const difference = comparePlans(planOf(soon), planOf(later), f.orders);
    expect(difference.redated.map((move) => [move.line.orderId, move.from.eta, move.to.eta])).toEqual([
      [gid("Order", 2), "2030-01-22", "2030-02-22"],
      [gid("Order", 3), "2030-01-22", "2030-02-22"],
    ]);
    expect(difference.heldOrders).toEqual([]);
    expect(difference.releasedOrders).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { HOLD_HANDLE, plan, type Facts, type ShopSettings } from "~/backorders";
import { applyPlan, facts, foLineOf, foOf, foreignHold, lineOf, level, MUG, NOW, order, ownHold, settings, TEAPOT } from "./factories";

const planOf = (f: Facts, s: ShopSettings = settings()) => plan(f, s, NOW);

/** A mug and a teapot on one fulfillment order; the mug is short by `short`. */
function mugAndTeapot(short: number) {
  return facts({
    orders: [
      order(1, [
        { item: MUG, quantity: 3 },
        { item: TEAPOT, quantity: 1 },
      ]),
    ],
    inventoryLevels: [level(MUG, 3 - short, 3), level(TEAPOT, 5, 1)],
  });
}

describe("holds when the shop ships what is in stock", () => {
  it("holds only the backordered line items and quantities, with the app's handle", () => {
    expect(planOf(mugAndTeapot(2)).holdCommands).toEqual([
      {
        type: "HOLD",
        fulfillmentOrderId: foOf(1),
        handle: HOLD_HANDLE,
        reason: "INVENTORY_OUT_OF_STOCK",
        lineItems: [{ id: foLineOf(1, 0), quantity: 2 }],
      },
    ]);
  });

  it("holds the whole fulfillment order when all of it is backordered", () => {
    const f = facts({ orders: [order(1, [{ item: MUG, quantity: 3 }])], inventoryLevels: [level(MUG, 0, 3)] });
    expect(planOf(f).holdCommands).toEqual([expect.objectContaining({ type: "HOLD", lineItems: "ALL" })]);
  });

  it("uses a handle Shopify accepts (at most 64 characters)", () => {
    expect(HOLD_HANDLE.length).toBeLessThanOrEqual(64);
  });

  it("releases its own hold by id once stock covers the held units", () => {
    const held = applyPlan(mugAndTeapot(2), planOf(mugAndTeapot(2)));
    const restocked = { ...held, inventoryLevels: [level(MUG, 3, 3), level(TEAPOT, 5, 1)] };
    const heldFo = held.orders[0].fulfillmentOrders.find((fo) => fo.holds.length > 0)!;
    expect(planOf(restocked).holdCommands).toEqual([{ type: "RELEASE", fulfillmentOrderId: heldFo.id, holdId: heldFo.holds[0].id }]);
  });

  it("shrinks its hold by releasing it and holding the rest, in that order", () => {
    const held = applyPlan(mugAndTeapot(2), planOf(mugAndTeapot(2)));
    const oneArrived = { ...held, inventoryLevels: [level(MUG, 2, 3), level(TEAPOT, 5, 1)] };
    const heldFo = held.orders[0].fulfillmentOrders.find((fo) => fo.holds.length > 0)!;
    expect(planOf(oneArrived).holdCommands).toEqual([
      { type: "RELEASE", fulfillmentOrderId: heldFo.id, holdId: heldFo.holds[0].id },
      {
        type: "HOLD",
        fulfillmentOrderId: heldFo.id,
        handle: HOLD_HANDLE,
        reason: "INVENTORY_OUT_OF_STOCK",
        lineItems: [{ id: heldFo.lineItems[0].id, quantity: 1 }],
      },
    ]);
  });

  it("changes nothing when planned again after Shopify split the fulfillment order", () => {
    const before = mugAndTeapot(2);
    const after = applyPlan(before, planOf(before));
    expect(after.orders[0].fulfillmentOrders).toHaveLength(2);
    expect(planOf(after).holdCommands).toEqual([]);
    expect(planOf(after).lines.map((l) => [l.allocated, l.backordered])).toEqual(
      planOf(before).lines.map((l) => [l.allocated, l.backordered]),
    );
  });

  it("never releases or counts holds it did not place, even when nothing is backordered", () => {
    const f = facts({ orders: [order(1, [{ item: MUG, quantity: 1 }])], inventoryLevels: [level(MUG, 5, 1)] });
    f.orders[0].fulfillmentOrders[0].holds = [foreignHold(7), { ...ownHold(8), heldByRequestingApp: false }];
    expect(planOf(f).holdCommands).toEqual([]);
  });

  it("holds the whole fulfillment order when another hold makes it unsplittable, and keeps its hold until that one goes", () => {
    const f = mugAndTeapot(2);
    f.orders[0].fulfillmentOrders[0].holds = [foreignHold(7)];
    expect(planOf(f).holdCommands).toEqual([expect.objectContaining({ type: "HOLD", lineItems: "ALL" })]);
    const held = applyPlan(f, planOf(f));
    expect(planOf(held).holdCommands).toEqual([]);
    const merchantReleased = structuredClone(held);
    merchantReleased.orders[0].fulfillmentOrders[0].holds = merchantReleased.orders[0].fulfillmentOrders[0].holds.filter(
      (h) => h.heldByRequestingApp,
    );
    expect(planOf(merchantReleased).holdCommands.map((c) => c.type)).toEqual(["RELEASE", "HOLD"]);
  });

  it("does not hold again a line whose hold the merchant released by hand", () => {
    const f = { ...mugAndTeapot(2), releasedByMerchant: [lineOf(1, 0)] };
    const result = planOf(f);
    expect(result.holdCommands).toEqual([]);
    expect(result.lines.find((l) => l.lineItemId === lineOf(1, 0))).toMatchObject({ backordered: 2, releasedByMerchant: true });
  });
});

describe("holds when the shop ships complete orders", () => {
  const complete = settings({ fulfillmentMode: "SHIP_COMPLETE" });

  it("holds the whole fulfillment order when any of it is backordered", () => {
    expect(planOf(mugAndTeapot(1), complete).holdCommands).toEqual([
      { type: "HOLD", fulfillmentOrderId: foOf(1), handle: HOLD_HANDLE, reason: "INVENTORY_OUT_OF_STOCK", lineItems: "ALL" },
    ]);
  });

  it("holds the part Shopify split off too, and is settled after applying", () => {
    const split = applyPlan(mugAndTeapot(2), planOf(mugAndTeapot(2)));
    const commands = planOf(split, complete).holdCommands;
    expect(commands).toEqual([expect.objectContaining({ type: "HOLD", lineItems: "ALL" })]);
    expect(planOf(applyPlan(split, planOf(split, complete)), complete).holdCommands).toEqual([]);
  });

  it("releases when the order can ship complete", () => {
    const held = applyPlan(mugAndTeapot(1), planOf(mugAndTeapot(1), complete));
    const restocked = { ...held, inventoryLevels: [level(MUG, 3, 3), level(TEAPOT, 5, 1)] };
    expect(planOf(restocked, complete).holdCommands).toEqual([expect.objectContaining({ type: "RELEASE", fulfillmentOrderId: foOf(1) })]);
  });
});

import { afterEach, expect, it } from "vitest";
import { addDays, shopToday } from "~/backorders";
import { loadDashboard } from "~/engine/dashboard.server";
import { recordSupply } from "~/engine/supply.server";
import { TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";

// What the engine records for the dashboard as orders come, wait, are
// released and cancelled in the simulated store, and the figures the
// dashboard's use case computes from it.
let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

it("records each line's wait and promise as the store moves, and the dashboard counts them", async () => {
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [
      { title: "Mug", variants: [{ sku: "MUG", price: "18.50", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
      { title: "Towel", variants: [{ sku: "TOWEL", price: "14.00", inventoryPolicy: "DENY", stock: { Warehouse: 10 } }] },
    ],
  });
  const { db } = stack;
  const warehouse = stack.location("Warehouse");
  // The install read an empty store: done, nothing to count.
  expect(await db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ storeReadTotal: 0, storeReadDone: 0 });

  const shopRow = await db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  const today = shopToday(new Date(), shopRow.ianaTimezone ?? "UTC");
  await recordSupply(stack.changes, TEST_SHOP, {
    inventoryItemId: stack.variant("MUG").inventoryItemId,
    locationId: warehouse,
    quantity: 5,
    expectedOn: addDays(today, 4),
  });
  const first = stack.sim.state.placeOrder(TEST_SHOP, {
    locationId: warehouse,
    lines: [
      { sku: "MUG", quantity: 1 },
      { sku: "TOWEL", quantity: 1 },
    ],
  });
  const second = stack.sim.state.placeOrder(TEST_SHOP, { locationId: warehouse, lines: [{ sku: "MUG", quantity: 2 }] });
  await stack.settle();

  const order = await db.orderSnapshot.findUniqueOrThrow({ where: { shop_orderId: { shop: TEST_SHOP, orderId: first.id } } });
  expect(order).toMatchObject({ lineCount: 2, orderedAt: new Date(first.createdAt) });
  const waiting = await db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { createdAt: "asc" } });
  expect(waiting.map((l) => [l.orderId, l.state, l.waitedUnits, l.unitPriceCents, l.backorderedOn, l.promisedEta])).toEqual([
    [first.id, "backordered", 1, 1850, today, addDays(today, 4)],
    [second.id, "backordered", 2, 1850, today, addDays(today, 4)],
  ]);

  // One mug arrives: the first order's line is released, before its promised date.
  stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 1 });
  await stack.settle();
  // The second customer cancels.
  stack.sim.state.cancelOrder(TEST_SHOP, { orderId: second.id, restock: true });
  await stack.settle();

  const lines = await db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { createdAt: "asc" } });
  expect(lines.map((l) => [l.state, l.resolvedOn, l.waitHours, l.releasedOnTime])).toEqual([
    ["released", today, 0, true],
    ["cancelled", today, null, null],
  ]);
  expect(lines.every((l) => l.resolvedAt !== null)).toBe(true);

  const dashboard = await loadDashboard(db, TEST_SHOP, 7);
  expect(dashboard.kpis).toMatchObject({
    orderLines: 3,
    backorderedLines: 2,
    backorderRate: 66.7,
    fillRate: 33.3,
    cancellationRate: 50,
    promiseAccuracy: 100,
    medianWaitHours: 0,
    p90WaitHours: 0,
    releasedLines: 1,
  });
  expect(dashboard.waiting).toMatchObject({ lines: 0, units: 0, valueCents: 0, oldest: null });
  expect(dashboard.storeRead).toEqual({ reading: false });
  expect(dashboard.charts.releases.at(-1)).toEqual({ day: today, released: 1, promised: 0 });
  expect(dashboard.charts.unitsWaiting.at(-1)).toEqual({ day: today, units: 0 });
  expect(dashboard.charts.durations[0]).toEqual({ label: "Under 1 day", lines: 1 });
}, 60_000);

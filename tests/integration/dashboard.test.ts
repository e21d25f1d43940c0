// The dashboard's figures as the database aggregates them, on both
// databases: each KPI from the rows the engine keeps, scoped to the shop.
import { expect, it } from "vitest";
import { addDays, shopToday } from "~/backorders";
import { loadDashboard } from "~/engine/dashboard.server";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();
const OTHER_SHOP = "dashboard-other.myshopify.com";
const MS_PER_DAY = 86_400_000;

it("computes the period's KPIs, what waits now and the charts from the shop's rows only", async () => {
  const { db } = fresh;
  const now = new Date();
  const today = shopToday(now, "UTC");
  const ago = (days: number) => new Date(now.getTime() - days * MS_PER_DAY);
  for (const shop of [TEST_SHOP, OTHER_SHOP]) {
    await db.shop.create({ data: { shop, ianaTimezone: "UTC", currencyCode: "EUR", storeReadAt: ago(20), backorderRateAlertPercent: 30 } });
    // 10 order lines in the last week; the other shop's and older orders do not count.
    for (const [i, [days, lines]] of [
      [1, 4],
      [3, 6],
      [40, 9],
    ].entries()) {
      await db.orderSnapshot.create({
        data: { shop, orderId: `o${i}`, name: `#${i}`, snapshot: "{}", orderedAt: ago(days), lineCount: lines, open: days < 10 },
      });
    }
  }
  const line = (n: number, fields: Record<string, unknown>) => ({
    shop: TEST_SHOP,
    orderId: "o0",
    lineItemId: `l${n}`,
    locationId: "loc",
    inventoryItemId: "item",
    quantity: 3,
    allocated: 0,
    backordered: 0,
    state: "backordered",
    ...fields,
  });
  await db.backorderLine.createMany({
    data: [
      // Waiting: 3 + 2 units, at 5.00 and 7.50; the oldest since 3 days.
      line(1, { backordered: 3, waitedUnits: 3, unitPriceCents: 500, createdAt: ago(3), backorderedOn: addDays(today, -3) }),
      line(2, { backordered: 2, waitedUnits: 2, unitPriceCents: 750, createdAt: ago(1), backorderedOn: addDays(today, -1) }),
      // Released yesterday, on time, after 30 hours; released today, late, after 100 hours.
      line(3, {
        state: "released",
        waitedUnits: 1,
        createdAt: ago(2),
        backorderedOn: addDays(today, -2),
        resolvedAt: ago(1),
        resolvedOn: addDays(today, -1),
        waitHours: 30,
        releasedOnTime: true,
        promisedEta: addDays(today, -1),
      }),
      line(4, {
        state: "fulfilled",
        waitedUnits: 2,
        createdAt: ago(5),
        backorderedOn: addDays(today, -5),
        resolvedAt: now,
        resolvedOn: today,
        waitHours: 100,
        releasedOnTime: false,
        promisedEta: addDays(today, -2),
      }),
      // Cancelled today.
      line(5, {
        state: "cancelled",
        waitedUnits: 1,
        createdAt: ago(1),
        backorderedOn: addDays(today, -1),
        resolvedAt: now,
        resolvedOn: today,
      }),
    ],
  });
  await db.backorderLine.create({ data: { ...line(9, { backordered: 50, waitedUnits: 50, createdAt: ago(9) }), shop: OTHER_SHOP } });

  const dashboard = await loadDashboard(db, TEST_SHOP, 7, now);
  expect(dashboard.kpis).toEqual({
    orderLines: 10,
    backorderedLines: 5,
    backorderRate: 50,
    fillRate: 50,
    cancellationRate: 20,
    promiseAccuracy: 50,
    medianWaitHours: 30,
    p90WaitHours: 100,
    releasedLines: 2,
  });
  expect(dashboard.alert).toEqual({ thresholdPercent: 30, raised: true });
  expect(dashboard.waiting).toEqual({
    lines: 2,
    units: 5,
    valueCents: 3 * 500 + 2 * 750,
    oldest: { orderId: "o0", orderName: "#0", since: ago(3).toISOString(), days: 3 },
  });
  expect(dashboard.currencyCode).toBe("EUR");
  expect(dashboard.storeRead).toEqual({ reading: false });
  // Walked back from the 5 units waiting now through each day's arrivals and departures.
  expect(dashboard.charts.unitsWaiting.map((d) => d.units)).toEqual([0, 2, 2, 5, 6, 8, 5]);
  expect(dashboard.charts.releases.slice(-3)).toEqual([
    { day: addDays(today, -2), released: 0, promised: 1 },
    { day: addDays(today, -1), released: 1, promised: 1 },
    { day: today, released: 1, promised: 0 },
  ]);
  expect(dashboard.charts.durations.map((d) => d.lines)).toEqual([0, 1, 1, 0, 0, 0]);

  // The same shop while its store is first read.
  await db.shop.update({ where: { shop: TEST_SHOP }, data: { storeReadAt: null, storeReadDone: 120, storeReadTotal: 500 } });
  expect((await loadDashboard(db, TEST_SHOP, 7, now)).storeRead).toEqual({ reading: true, done: 120, total: 500 });

  // The first open of the app: its page's loader runs before the install's row is written.
  const first = await loadDashboard(db, "not-yet-recorded.myshopify.com", 7, now);
  expect(first.storeRead).toEqual({ reading: true, done: 0, total: null });
  expect(first.waiting.lines).toBe(0);
});

// Purchase planning's use case on a real database (SQLite and PostgreSQL):
// waiting lines and incoming stock summed per variant and location by the
// database, filtered by vendor and location, sorted by shortfall, a page at a
// time, by vendor, exported, and never another shop's rows. Creating incoming
// stock from a row records it for this shop's items only.
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { planningRows, vendorRows } from "~/backorders";
import {
  createSupplyFromPlan,
  planningExport,
  planningFilters,
  planningPage,
  PlanningItemNotFoundError,
  PLANNING_PAGE_SIZE,
} from "~/engine/planning.server";
import { RECONCILE_JOB } from "~/engine/requests.server";
import { useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();
const SHOP = "planning.myshopify.com";
const OTHER = "planning-other.myshopify.com";
const WAREHOUSE = "gid://shopify/Location/1";
const STORE = "gid://shopify/Location/2";
const item = (n: number) => `gid://shopify/InventoryItem/${n}`;
const notified: string[] = [];
const jobs = { notify: async (shop: string) => void notified.push(shop) };

let lineNo = 0;
function waiting(shop: string, inventoryItemId: string, locationId: string, backordered: number, createdAt: string, state = "backordered") {
  lineNo += 1;
  return {
    shop,
    orderId: `gid://shopify/Order/${lineNo}`,
    lineItemId: `gid://shopify/LineItem/${lineNo}`,
    inventoryItemId,
    locationId,
    quantity: backordered,
    allocated: 0,
    backordered,
    state,
    createdAt: new Date(createdAt),
  };
}

const page = (filters: Record<string, string> = {}) => planningPage(fresh.db, SHOP, planningFilters.parse(filters));

beforeAll(async () => {
  const { db } = fresh;
  await db.shop.createMany({ data: [{ shop: SHOP, safetyStockUnits: 2, ianaTimezone: "America/New_York" }, { shop: OTHER }] });
  await db.location.createMany({
    data: [
      { shop: SHOP, locationId: WAREHOUSE, name: "Warehouse" },
      { shop: SHOP, locationId: STORE, name: "Shop floor" },
    ],
  });
  const variant = (shop: string, n: number, vendor: string | null, sku: string, title: string) => ({
    shop,
    variantId: `gid://shopify/ProductVariant/${n}`,
    productId: "gid://shopify/Product/1",
    inventoryItemId: item(n),
    sku,
    title,
    productTitle: "Mug",
    vendor,
    inventoryPolicy: "CONTINUE",
  });
  await db.variantSetting.createMany({
    data: [
      variant(SHOP, 1, "Acme", "MUG-RED", "Red"),
      variant(SHOP, 2, "Acme", "MUG-BLUE", "Blue"),
      variant(SHOP, 3, "Globex", "MUG-GREEN", "Green"),
      variant(SHOP, 4, null, "MUG-GREY", "Grey"),
      variant(OTHER, 1, "Acme", "OTHER-RED", "Red"),
    ],
  });
  await db.backorderLine.createMany({
    data: [
      // Red at the warehouse: 3 lines, 6 units; stock for 4 is coming there, 10 more to the shop floor.
      waiting(SHOP, item(1), WAREHOUSE, 1, "2026-11-03T03:00:00Z"), // the evening of Nov 2 in New York
      waiting(SHOP, item(1), WAREHOUSE, 2, "2026-11-05T12:00:00Z"),
      waiting(SHOP, item(1), WAREHOUSE, 3, "2026-11-06T12:00:00Z"),
      // Lines no longer waiting count for nothing.
      waiting(SHOP, item(1), WAREHOUSE, 0, "2026-10-01T12:00:00Z", "released"),
      waiting(SHOP, item(1), WAREHOUSE, 5, "2026-10-01T12:00:00Z", "cancelled"),
      // Red at the shop floor: 1 unit.
      waiting(SHOP, item(1), STORE, 1, "2026-11-10T12:00:00Z"),
      // Blue at the warehouse: 2 units, nothing coming.
      waiting(SHOP, item(2), WAREHOUSE, 2, "2026-11-08T12:00:00Z"),
      // Green at the shop floor: 9 units.
      waiting(SHOP, item(3), STORE, 9, "2026-11-09T12:00:00Z"),
      // Another shop's lines on the same ids.
      waiting(OTHER, item(1), WAREHOUSE, 50, "2026-10-01T12:00:00Z"),
    ],
  });
  await db.inboundSupply.createMany({
    data: [
      { shop: SHOP, inventoryItemId: item(1), locationId: WAREHOUSE, quantity: 4, expectedOn: "2026-12-10" },
      { shop: SHOP, inventoryItemId: item(1), locationId: STORE, quantity: 10, expectedOn: "2026-12-12" },
      // Received stock is no longer incoming.
      { shop: SHOP, inventoryItemId: item(2), locationId: WAREHOUSE, quantity: 7, expectedOn: "2026-11-01", status: "RECEIVED" },
      // Grey: incoming, nobody waiting.
      { shop: SHOP, inventoryItemId: item(4), locationId: WAREHOUSE, quantity: 1, expectedOn: "2026-12-20" },
      { shop: OTHER, inventoryItemId: item(1), locationId: WAREHOUSE, quantity: 100, expectedOn: "2026-12-10" },
    ],
  });
});

const figures = (row: { waiting: number; incoming: number; unpromised: number; shortfall: number; suggested: number }) => [
  row.waiting,
  row.incoming,
  row.unpromised,
  row.shortfall,
  row.suggested,
];

describe("purchase planning by variant and location", () => {
  it("sums each variant's waiting lines and incoming stock per location, largest shortfall first, with the shop's safety stock", async () => {
    const planning = await page();
    expect(planning.view).toBe("sku");
    expect(planning.safetyStock).toBe(2);
    if (planning.view !== "sku") throw new Error("not the variant view");
    expect(planning.rows.map((r) => [r.sku, r.location, ...figures(r), r.oldestWaiting])).toEqual([
      ["MUG-GREEN", "Shop floor", 9, 0, 0, 9, 11, "2026-11-09"],
      // 6 waiting, 4 coming: all 4 promised, 2 short.
      ["MUG-RED", "Warehouse", 6, 4, 0, 2, 4, "2026-11-02"],
      ["MUG-BLUE", "Warehouse", 2, 0, 0, 2, 4, "2026-11-08"],
      // 1 waiting, 10 coming: 9 not yet promised, more than the safety stock.
      ["MUG-RED", "Shop floor", 1, 10, 9, 0, 0, "2026-11-10"],
      // Nobody waiting, 1 coming: 1 more for the safety stock.
      ["MUG-GREY", "Warehouse", 0, 1, 1, 0, 1, null],
    ]);
    expect(planning.rows[1]).toMatchObject({ name: "Mug — Red", vendor: "Acme", inventoryItemId: item(1), locationId: WAREHOUSE });
    expect(planning.vendors).toEqual(["Acme", "Globex"]);
    expect(planning.locations.map((l) => l.name)).toEqual(["Shop floor", "Warehouse"]);
    expect(planning.total).toBe(5);
  });

  it("filters by vendor and by location, and sorts smallest shortfall first on request", async () => {
    const acme = await page({ vendor: "Acme" });
    expect(acme.rows.map((r) => ("sku" in r ? `${r.sku}@${r.location}` : r.key))).toEqual([
      "MUG-RED@Warehouse",
      "MUG-BLUE@Warehouse",
      "MUG-RED@Shop floor",
    ]);
    const floor = await page({ location: STORE, sort: "shortfall-asc" });
    expect(floor.rows.map((r) => ("sku" in r ? r.sku : r.key))).toEqual(["MUG-RED", "MUG-GREEN"]);
    expect((await page({ vendor: "Nobody" })).rows).toEqual([]);
    expect(planningFilters.safeParse({ location: "warehouse" }).success).toBe(false);
    expect(planningFilters.safeParse({ page: "0" }).success).toBe(false);
  });

  it("sums per vendor from the per-location figures, never netting one location's stock against another's shortfall", async () => {
    const planning = await page({ view: "vendor" });
    if (planning.view !== "vendor") throw new Error("not the vendor view");
    expect(planning.rows.map((r) => [r.vendor, r.items, ...figures(r), r.oldestWaiting])).toEqual([
      ["Globex", 1, 9, 0, 0, 9, 11, "2026-11-09"],
      // Red warehouse (2 short) + Blue warehouse (2 short) + Red shop floor (9 free): still 4 short.
      ["Acme", 3, 9, 14, 9, 4, 8, "2026-11-02"],
      [null, 1, 0, 1, 1, 0, 1, null],
    ]);
  });

  it("reads a page at a time, every row once", async () => {
    const shop = "planning-pages.myshopify.com";
    await fresh.db.shop.create({ data: { shop } });
    await fresh.db.backorderLine.createMany({
      data: Array.from({ length: 120 }, (_, i) => waiting(shop, item(100 + i), WAREHOUSE, 1 + (i % 7), "2026-11-01T12:00:00Z")),
    });
    const first = await planningPage(fresh.db, shop, planningFilters.parse({}));
    const third = await planningPage(fresh.db, shop, planningFilters.parse({ page: "3" }));
    expect([first.total, first.pages, first.rows.length, third.rows.length]).toEqual([120, 3, PLANNING_PAGE_SIZE, 20]);
    const all = [];
    for (let p = 1; p <= 3; p++) all.push(...(await planningPage(fresh.db, shop, planningFilters.parse({ page: String(p) }))).rows);
    expect(new Set(all.map((r) => r.key)).size).toBe(120);
    expect(all.map((r) => r.shortfall)).toEqual([...all.map((r) => r.shortfall)].sort((a, b) => b - a));
    // Unnamed items and locations still read as something.
    expect(first.rows[0]).toMatchObject({ name: expect.stringContaining("gid://shopify/InventoryItem/"), location: "Location 1" });
  });

  it("exports every row of the filtered view, in the page's order", async () => {
    const rows = [];
    for await (const row of planningExport(fresh.db, SHOP, planningFilters.omit({ page: true }).parse({ vendor: "Acme" }))) rows.push(row);
    expect(rows.map((r) => ("sku" in r ? [r.sku, r.shortfall, r.suggested] : r.key))).toEqual([
      ["MUG-RED", 2, 4],
      ["MUG-BLUE", 2, 4],
      ["MUG-RED", 0, 0],
    ]);
  });

  it("never shows another shop's lines, stock or vendors", async () => {
    const other = await planningPage(fresh.db, OTHER, planningFilters.parse({}));
    expect(other.rows.map((r) => figures(r))).toEqual([[50, 100, 50, 0, 0]]);
    expect(other.locations).toEqual([]);
    const mine = await page({ vendor: "Acme", location: WAREHOUSE });
    expect(mine.rows.map((r) => r.waiting)).toEqual([6, 2]);
  });
});

describe("the waiting stock the database keeps", () => {
  it("equals the waiting lines summed, through inserts, updates of any counted column, and deletes", async () => {
    const shop = "planning-triggers.myshopify.com";
    const { db } = fresh;
    const summed = async () =>
      (
        await db.backorderLine.groupBy({
          by: ["inventoryItemId", "locationId"],
          where: { shop, state: "backordered" },
          _sum: { backordered: true },
          _count: { _all: true },
          _min: { createdAt: true },
          orderBy: [{ inventoryItemId: "asc" }, { locationId: "asc" }],
        })
      ).map((g) => [g.inventoryItemId, g.locationId, g._sum.backordered, g._count._all, g._min.createdAt?.toISOString()]);
    const kept = async () =>
      (await db.waitingStock.findMany({ where: { shop }, orderBy: [{ inventoryItemId: "asc" }, { locationId: "asc" }] })).map((w) => [
        w.inventoryItemId,
        w.locationId,
        w.units,
        w.lines,
        w.oldest.toISOString(),
      ]);
    const a = waiting(shop, item(900), WAREHOUSE, 2, "2026-11-01T00:00:00Z");
    const b = waiting(shop, item(900), WAREHOUSE, 3, "2026-11-02T00:00:00Z");
    const c = waiting(shop, item(901), STORE, 1, "2026-11-03T00:00:00Z");
    await db.backorderLine.createMany({ data: [a, b, c] });
    expect(await kept()).toEqual(await summed());
    expect((await kept())[0]).toEqual([item(900), WAREHOUSE, 5, 2, "2026-11-01T00:00:00.000Z"]);

    const where = (line: { lineItemId: string }) => ({ shop, lineItemId: line.lineItemId });
    // The oldest line is released: the next one is the oldest; a quantity changes; a line moves location.
    await db.backorderLine.updateMany({ where: where(a), data: { state: "released", backordered: 0, allocated: 2 } });
    await db.backorderLine.updateMany({ where: where(b), data: { backordered: 1 } });
    await db.backorderLine.updateMany({ where: where(c), data: { locationId: WAREHOUSE } });
    // A change to no counted column changes nothing.
    await db.backorderLine.updateMany({ where: where(b), data: { currentEta: "2026-12-01", queuePosition: 1 } });
    expect(await kept()).toEqual(await summed());
    expect(await kept()).toEqual([
      [item(900), WAREHOUSE, 1, 1, "2026-11-02T00:00:00.000Z"],
      [item(901), WAREHOUSE, 1, 1, "2026-11-03T00:00:00.000Z"],
    ]);
    // Waiting again, then gone: the row goes with its last line.
    await db.backorderLine.updateMany({ where: where(a), data: { state: "backordered", backordered: 2 } });
    expect(await kept()).toEqual(await summed());
    await db.backorderLine.deleteMany({ where: { shop, inventoryItemId: item(901) } });
    await db.backorderLine.updateMany({ where: { shop, inventoryItemId: item(900) }, data: { state: "fulfilled" } });
    expect(await kept()).toEqual([]);
  });
});

describe("the statement against the pure definition", () => {
  it("gives every row and every vendor the figures planningRows and vendorRows give, sorted by shortfall", async () => {
    const shop = "planning-random.myshopify.com";
    const { db } = fresh;
    await db.shop.create({ data: { shop, safetyStockUnits: 3 } });
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const items = Array.from({ length: 12 }, (_, n) => item(500 + n));
    const locations = [WAREHOUSE, STORE];
    await db.variantSetting.createMany({
      data: items.map((inventoryItemId, n) => ({
        shop,
        variantId: `gid://shopify/ProductVariant/${500 + n}`,
        productId: "gid://shopify/Product/5",
        inventoryItemId,
        vendor: n % 4 === 3 ? null : `Vendor ${n % 3}`,
        inventoryPolicy: "CONTINUE",
      })),
    });
    const lines = Array.from({ length: 80 }, () =>
      waiting(shop, items[random(12)], locations[random(2)], 1 + random(4), new Date(Date.UTC(2026, 10, 1 + random(20))).toISOString()),
    );
    const supply = Array.from({ length: 15 }, () => ({
      shop,
      inventoryItemId: items[random(12)],
      locationId: locations[random(2)],
      quantity: 1 + random(12),
      expectedOn: "2026-12-01",
    }));
    await db.backorderLine.createMany({ data: lines });
    await db.inboundSupply.createMany({ data: supply });

    const expected = planningRows(
      {
        waiting: lines.map((l) => ({ ...l, units: l.backordered, oldest: l.createdAt.toISOString() })),
        incoming: supply.map((s) => ({ ...s, units: s.quantity })),
      },
      3,
    );
    const exported = [];
    for await (const row of planningExport(db, shop, planningFilters.omit({ page: true }).parse({}))) exported.push(row);
    const byKey = <T extends { inventoryItemId: string; locationId: string }>(rows: T[]) =>
      [...rows].sort((a, b) => `${a.inventoryItemId}@${a.locationId}`.localeCompare(`${b.inventoryItemId}@${b.locationId}`));
    const figuresOf = (rows: { inventoryItemId: string; locationId: string; oldestWaiting: string | null }[]) =>
      byKey(rows).map((r) => [r.inventoryItemId, r.locationId, ...figures(r as never), r.oldestWaiting?.slice(0, 10) ?? null]);
    expect(figuresOf(exported as never)).toEqual(figuresOf(expected));
    const shortfalls = exported.map((r) => r.shortfall);
    expect(shortfalls).toEqual([...shortfalls].sort((a, b) => b - a));

    const vendorOf = new Map(items.map((inventoryItemId, n) => [inventoryItemId, n % 4 === 3 ? null : `Vendor ${n % 3}`]));
    const vendors = await planningPage(db, shop, planningFilters.parse({ view: "vendor" }));
    const sums = (
      rows: { key: string; items: number; waiting: number; incoming: number; unpromised: number; shortfall: number; suggested: number }[],
    ) => [...rows].sort((a, b) => a.key.localeCompare(b.key)).map((r) => [r.key, r.items, ...figures(r)]);
    expect(sums(vendors.rows as never)).toEqual(sums(vendorRows(expected, (i) => vendorOf.get(i) ?? null)));
  });
});

describe("creating incoming stock from a planning row", () => {
  const input = {
    inventoryItemId: item(2),
    locationId: WAREHOUSE,
    quantity: 4,
    expectedOn: "2026-12-24",
    reference: "PO-77",
    vendor: "Acme",
  };

  it("records the stock for this shop's variant, asks for a reconcile at once, and the row's shortfall drops", async () => {
    notified.length = 0;
    const row = await createSupplyFromPlan({ db: fresh.db, jobs }, SHOP, input);
    expect(row).toMatchObject({ shop: SHOP, quantity: 4, reference: "PO-77", vendor: "Acme", status: "EXPECTED" });
    expect(notified).toEqual([SHOP]);
    expect(await fresh.db.job.count({ where: { shop: SHOP, name: RECONCILE_JOB } })).toBeGreaterThan(0);
    const audit = await fresh.db.auditEvent.findFirstOrThrow({ where: { shop: SHOP, type: "supply.recorded" } });
    expect(JSON.parse(audit.trigger ?? "null")).toEqual({ kind: "merchant" });
    const blue = (await page({ vendor: "Acme", location: WAREHOUSE })).rows.find((r) => "sku" in r && r.sku === "MUG-BLUE");
    expect(blue && figures(blue)).toEqual([2, 4, 2, 0, 0]);
  });

  it("refuses another shop's item or an unknown location, and writes nothing", async () => {
    const before = await fresh.db.inboundSupply.count();
    await expect(createSupplyFromPlan({ db: fresh.db, jobs }, OTHER, { ...input, inventoryItemId: item(3) })).rejects.toBeInstanceOf(
      PlanningItemNotFoundError,
    );
    await expect(
      createSupplyFromPlan({ db: fresh.db, jobs }, SHOP, { ...input, locationId: "gid://shopify/Location/99" }),
    ).rejects.toBeInstanceOf(PlanningItemNotFoundError);
    await expect(createSupplyFromPlan({ db: fresh.db, jobs }, SHOP, { ...input, quantity: 0 })).rejects.toBeInstanceOf(ZodError);
    await expect(createSupplyFromPlan({ db: fresh.db, jobs }, SHOP, { ...input, reference: " " })).rejects.toBeInstanceOf(ZodError);
    expect(await fresh.db.inboundSupply.count()).toBe(before);
  });
});

// Incoming stock on both databases: the CSV import (all rows or none, each
// problem named by line and column, the same file twice changes nothing),
// receiving (by the merchant, or told from a rise of the store's stock, after
// which the row no longer counts for the plan), and rows of another shop.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { plan } from "~/backorders";
import { saveLevels } from "~/engine/ingest.server";
import { loadFacts } from "~/engine/load.server";
import {
  changeIncomingStock,
  createIncomingStock,
  deleteIncomingStock,
  importIncomingStock,
  incomingFilters,
  incomingStockPage,
  receiveIncomingStock,
  SupplyNotFoundError,
} from "~/engine/supply.server";
import { loadSettings } from "~/shops/settings.server";
import { useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();
const SHOP = "incoming.myshopify.com";
const OTHER = "incoming-other.myshopify.com";
const ITEM = "gid://shopify/InventoryItem/11";
const VASE_ITEM = "gid://shopify/InventoryItem/12";
const WAREHOUSE = "gid://shopify/Location/1";
const STORE = "gid://shopify/Location/2";
const notified: string[] = [];
const context = () => ({ db: fresh.db, jobs: { notify: async (shop: string) => void notified.push(shop) } });
const HEADER = "reference,vendor,sku,variant_id,location,quantity,expected_on";
const rows = (shop = SHOP) =>
  fresh.db.inboundSupply.findMany({ where: { shop }, orderBy: { id: "asc" } }).then((found) =>
    found.map((r) => ({
      reference: r.reference,
      vendor: r.vendor,
      item: r.inventoryItemId,
      location: r.locationId,
      quantity: r.quantity,
      on: r.expectedOn,
      status: r.status,
    })),
  );

beforeAll(async () => {
  const { db } = fresh;
  for (const shop of [SHOP, OTHER]) {
    await db.shop.create({ data: { shop, ianaTimezone: "UTC" } });
    await db.location.createMany({
      data: [
        { shop, locationId: WAREHOUSE, name: "Warehouse" },
        { shop, locationId: STORE, name: "Store" },
      ],
    });
  }
  await db.variantSetting.createMany({
    data: [
      {
        shop: SHOP,
        variantId: "gid://shopify/ProductVariant/21",
        productId: "gid://shopify/Product/1",
        inventoryItemId: ITEM,
        sku: "MUG",
        title: "Mug",
        vendor: "Clayworks",
        inventoryPolicy: "CONTINUE",
      },
      {
        shop: SHOP,
        variantId: "gid://shopify/ProductVariant/22",
        productId: "gid://shopify/Product/2",
        inventoryItemId: VASE_ITEM,
        sku: "VASE",
        title: "Vase",
        inventoryPolicy: "CONTINUE",
      },
    ],
  });
});

beforeEach(async () => {
  await fresh.db.inboundSupply.deleteMany({});
  await fresh.db.inventoryLevel.deleteMany({});
  notified.length = 0;
});

describe("CSV import", () => {
  it("imports nothing when any row is invalid, and names each problem by line and column", async () => {
    const csv = [
      HEADER,
      "PO-1,,MUG,,Warehouse,4,2030-01-10",
      "PO-1,,NOPE,,Warehouse,4,2030-01-10",
      "PO-2,,,22,Attic,4,2030-01-10",
      "PO-3,,VASE,,Store,-1,2030-02-30",
      ",,VASE,,Store,1,2030-01-10",
      "PO-1,,MUG,,warehouse,5,2030-01-11",
    ].join("\n");
    const result = await importIncomingStock(context(), SHOP, csv);
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 3, field: "sku", message: "no variant NOPE followed by the app (set it up under Products first)" },
        { line: 4, field: "location", message: "no location named Attic in the store" },
        { line: 5, field: "quantity", message: "must be a whole number" },
        { line: 5, field: "expected_on", message: "must be a real date" },
        { line: 6, field: "reference", message: "is required" },
        { line: 7, field: "reference", message: "repeats line 2 (same reference, variant and location)" },
      ],
    });
    expect(await rows()).toEqual([]);
    expect(await fresh.db.auditEvent.count({ where: { shop: SHOP, type: { startsWith: "supply." } } })).toBe(0);
    expect(notified).toEqual([]);
  });

  it("names a missing or unknown column on line 1", async () => {
    expect(await importIncomingStock(context(), SHOP, "reference,sku,qty\nPO-1,MUG,1\n")).toEqual({
      ok: false,
      problems: [
        { line: 1, field: "qty", message: `is not a column this import knows (${HEADER.split(",").join(", ")})` },
        { line: 1, field: "quantity", message: "column is missing" },
        { line: 1, field: "expected_on", message: "column is missing" },
      ],
    });
  });

  it("imports every row of a valid file, by SKU or variant ID, and importing it again changes nothing", async () => {
    const csv = `${HEADER}\nPO-1,,MUG,,Warehouse,4,2030-01-10\nPO-1,Potters,,22,gid://shopify/Location/2,2,2030-01-12\n`;
    expect(await importIncomingStock(context(), SHOP, csv)).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0 });
    const imported = await rows();
    expect(imported).toEqual([
      { reference: "PO-1", vendor: "Clayworks", item: ITEM, location: WAREHOUSE, quantity: 4, on: "2030-01-10", status: "EXPECTED" },
      { reference: "PO-1", vendor: "Potters", item: VASE_ITEM, location: STORE, quantity: 2, on: "2030-01-12", status: "EXPECTED" },
    ]);
    expect(notified).toEqual([SHOP]);
    const events = await fresh.db.auditEvent.count({ where: { shop: SHOP } });

    expect(await importIncomingStock(context(), SHOP, csv)).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2 });
    expect(await rows()).toEqual(imported);
    expect(await fresh.db.auditEvent.count({ where: { shop: SHOP } })).toBe(events);

    // A changed date updates its row, audited as a move.
    const moved = csv.replace("2030-01-10", "2030-01-20");
    expect(await importIncomingStock(context(), SHOP, moved)).toEqual({ ok: true, created: 0, updated: 1, unchanged: 1 });
    expect((await rows())[0].on).toBe("2030-01-20");
    const audit = await fresh.db.auditEvent.findFirstOrThrow({ where: { shop: SHOP, type: "supply.moved" } });
    expect(JSON.parse(audit.data)).toMatchObject({ from: "2030-01-10", to: "2030-01-20" });
    expect(JSON.parse(audit.trigger ?? "null")).toEqual({ kind: "merchant" });
  });
});

describe("receiving", () => {
  const seed = () =>
    createIncomingStock(context(), SHOP, {
      reference: "PO-9",
      variant: "MUG",
      locationId: WAREHOUSE,
      quantity: 3,
      expectedOn: todayPlus(2),
    });
  const todayPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const level = (available: number, committed = 0) => ({
    inventoryItemId: ITEM,
    locationId: WAREHOUSE,
    available,
    committed,
    onHand: available + committed,
    incoming: 0,
  });

  it("receives a row when a read shows the stock at its item and location rose by its quantity", async () => {
    const row = await seed();
    await saveLevels(fresh.db, SHOP, [level(-2, 2)], new Date());
    // An order moving units from available to committed is no arrival; a part delivery is not this row.
    await saveLevels(fresh.db, SHOP, [level(-3, 3)], new Date());
    await saveLevels(fresh.db, SHOP, [level(-1, 3)], new Date());
    expect((await rows())[0].status).toBe("EXPECTED");
    // Three units came in at once: received.
    await saveLevels(fresh.db, SHOP, [level(2, 3)], new Date());
    const received = await fresh.db.inboundSupply.findUniqueOrThrow({ where: { id: row.id } });
    expect(received.status).toBe("RECEIVED");
    expect(received.receivedAt).not.toBeNull();
    const audit = await fresh.db.auditEvent.findFirstOrThrow({ where: { shop: SHOP, type: "supply.received", subject: String(row.id) } });
    expect(JSON.parse(audit.data)).toMatchObject({ by: "stock", quantity: 3, rise: 3 });
    expect(await fresh.db.dirtyKey.count({ where: { shop: SHOP, inventoryItemId: ITEM, locationId: WAREHOUSE } })).toBe(1);
  });

  it("no longer dates a later order from a received shipment", async () => {
    const row = await seed();
    const facts = async () => (await loadFacts(fresh.db, SHOP)).facts;
    expect((await facts()).supply.map((s) => s.id)).toEqual([String(row.id)]);
    const settings = await loadSettings(fresh.db, SHOP);
    // One unit waiting at the warehouse for the mug: dated from the shipment while it is expected.
    const waiting = {
      id: "gid://shopify/Order/1",
      createdAt: "2030-01-01T00:00:00Z",
      cancelledAt: null,
      customerTags: [],
      fulfillmentOrders: [
        {
          id: "gid://shopify/FulfillmentOrder/1",
          status: "OPEN" as const,
          assignedLocationId: WAREHOUSE,
          holds: [],
          lineItems: [
            {
              id: "gid://shopify/FulfillmentOrderLineItem/1",
              lineItemId: "gid://shopify/LineItem/1",
              inventoryItemId: ITEM,
              totalQuantity: 1,
              remainingQuantity: 1,
            },
          ],
        },
      ],
    };
    const etaOfLater = async () => {
      const current = await facts();
      const planned = plan(
        { ...current, orders: [waiting], inventoryLevels: [{ inventoryItemId: ITEM, locationId: WAREHOUSE, available: 0, committed: 0 }] },
        settings,
        new Date(),
      );
      return planned.lines.find((l) => l.orderId === waiting.id)?.eta ?? null;
    };
    expect(await etaOfLater()).toBe(todayPlus(2));
    // With a dynamic cap, the mug sells on against the shipment's units nobody is promised yet.
    await fresh.db.variantSetting.updateMany({ where: { shop: SHOP, sku: "MUG" }, data: { backordersEnabled: true, capKind: "DYNAMIC" } });
    const policies = async () =>
      plan({ ...(await facts()), orders: [waiting], inventoryLevels: [] }, settings, new Date()).policyCommands.map(
        (c) => c.inventoryPolicy,
      );
    expect(await policies()).toEqual([]);

    await receiveIncomingStock(context(), SHOP, row.id);
    expect((await facts()).supply).toEqual([]);
    expect(await etaOfLater()).toBeNull();
    // Received, its units no longer count as incoming: the cap is reached and selling stops.
    expect(await policies()).toEqual(["DENY"]);
    const audit = await fresh.db.auditEvent.findFirstOrThrow({ where: { shop: SHOP, type: "supply.received", subject: String(row.id) } });
    expect(JSON.parse(audit.data)).toMatchObject({ by: "merchant" });
    expect(JSON.parse(audit.trigger ?? "null")).toEqual({ kind: "merchant" });
    // Received stock no longer changes.
    await expect(changeIncomingStock(context(), SHOP, row.id, { quantity: 5 })).rejects.toThrow("received already");
  });
});

describe("another shop's rows", () => {
  it("are not found by any change, and not listed", async () => {
    const theirs = await createIncomingStock(context(), SHOP, {
      reference: "PO-7",
      variant: "21",
      locationId: WAREHOUSE,
      quantity: 1,
      expectedOn: "2030-05-01",
    });
    await expect(changeIncomingStock(context(), OTHER, theirs.id, { expectedOn: "2030-06-01" })).rejects.toBeInstanceOf(
      SupplyNotFoundError,
    );
    await expect(receiveIncomingStock(context(), OTHER, theirs.id)).rejects.toBeInstanceOf(SupplyNotFoundError);
    await expect(deleteIncomingStock(context(), OTHER, theirs.id)).rejects.toBeInstanceOf(SupplyNotFoundError);
    expect((await incomingStockPage(fresh.db, OTHER, incomingFilters.parse({}))).rows).toEqual([]);
    expect((await rows())[0]).toMatchObject({ on: "2030-05-01", status: "EXPECTED" });
    // A variant of another shop is not one of this shop's.
    await expect(
      createIncomingStock(context(), OTHER, {
        reference: "PO-8",
        variant: "MUG",
        locationId: WAREHOUSE,
        quantity: 1,
        expectedOn: "2030-05-01",
      }),
    ).rejects.toThrow("no variant with SKU or ID MUG followed by the app");
  });
});

describe("the list", () => {
  it("pages by expected date, forwards and back, filtered by status", async () => {
    for (let i = 0; i < 120; i++)
      await fresh.db.inboundSupply.create({
        data: {
          shop: SHOP,
          inventoryItemId: ITEM,
          locationId: WAREHOUSE,
          quantity: 1,
          expectedOn: `2030-01-${String((i % 28) + 1).padStart(2, "0")}`,
          reference: `PO-${i}`,
          status: i % 10 === 0 ? "RECEIVED" : "EXPECTED",
        },
      });
    const seen: number[] = [];
    let page = await incomingStockPage(fresh.db, SHOP, incomingFilters.parse({}));
    const pages = [page];
    while (page.next) {
      seen.push(...page.rows.map((r) => r.id));
      page = await incomingStockPage(fresh.db, SHOP, incomingFilters.parse({ after: page.next }));
      pages.push(page);
    }
    seen.push(...page.rows.map((r) => r.id));
    expect(seen).toHaveLength(108);
    expect(new Set(seen).size).toBe(108);
    expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 8]);
    expect(pages[0].rows.every((r) => r.status === "EXPECTED" && r.variant.sku === "MUG" && r.location === "Warehouse")).toBe(true);
    const dates = pages.flatMap((p) => p.rows.map((r) => r.expectedOn));
    expect(dates).toEqual([...dates].sort());
    const back = await incomingStockPage(fresh.db, SHOP, incomingFilters.parse({ before: pages[2].previous }));
    expect(back.rows.map((r) => r.id)).toEqual(pages[1].rows.map((r) => r.id));
    expect((await incomingStockPage(fresh.db, SHOP, incomingFilters.parse({ status: "RECEIVED" }))).rows).toHaveLength(12);
    expect(incomingFilters.safeParse({ status: "LOST" }).success).toBe(false);
  });
});

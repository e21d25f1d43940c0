// The Products page's use cases on a real database (both providers), with the
// simulator as the store: adding variants reads them through the Admin API;
// an edit of one or many variants is validated, scoped to the shop, audited
// and acted on at once; the list pages by product title and searches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { addProducts, editVariants, listProducts, productsFilters, PRODUCTS_PAGE_SIZE } from "~/engine/products.server";
import { RECONCILE_JOB } from "~/engine/requests.server";
import { VariantNotFoundError } from "~/engine/settings.server";
import { shopifyFetch } from "~/shopify/client.server";
import { createGateway } from "~/shopify/gateway.server";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";
import { startKit, type Kit } from "../support/sim-kit";

const fresh = useFreshDatabase();
const OTHER_SHOP = "products-other.myshopify.com";
let kit: Kit;
const notified: string[] = [];
const context = () => ({
  db: fresh.db,
  jobs: { notify: async (shop: string) => void notified.push(shop) },
  gateway: createGateway({ shop: TEST_SHOP, accessToken: kit.token, fetch: shopifyFetch(kit.sim.url), throttleStates: new Map() }),
});
const variantGid = (n: number) => `gid://shopify/ProductVariant/${n}`;

beforeAll(async () => {
  kit = await startKit();
  await fresh.db.shop.createMany({ data: [{ shop: TEST_SHOP, handlingDays: 2 }, { shop: OTHER_SHOP }] });
});
afterAll(() => kit?.sim.close());

const settingsOf = (shop: string, variantId: string) =>
  fresh.db.variantSetting.findUniqueOrThrow({
    where: { shop_variantId: { shop, variantId } },
    select: { backordersEnabled: true, capKind: true, capUnits: true, leadTimeDays: true, message: true },
  });

describe("adding variants from the store", () => {
  it("records each with its product's title, vendor and image, its item and policy, and its stock", async () => {
    const teapot = kit.variant("TEAPOT");
    const redMug = kit.variant("MUG-RED");
    expect(await addProducts(context(), TEST_SHOP, { variantIds: [teapot.id, redMug.id] })).toEqual({ added: 2, refreshed: 0 });
    const row = await fresh.db.variantSetting.findUniqueOrThrow({ where: { shop_variantId: { shop: TEST_SHOP, variantId: teapot.id } } });
    expect(row).toMatchObject({
      productTitle: "Teapot",
      sku: "TEAPOT",
      inventoryItemId: teapot.inventoryItemId,
      inventoryPolicy: "CONTINUE",
      backordersEnabled: null,
    });
    expect(row.vendor).toBeTruthy();
    expect(row.imageUrl).toMatch(/teapot/);
    expect(await fresh.db.inventoryLevel.count({ where: { shop: TEST_SHOP, inventoryItemId: teapot.inventoryItemId } })).toBe(2);
    const audit = await fresh.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "variant.followed", subject: teapot.id } });
    expect(JSON.parse(audit.trigger!)).toEqual({ kind: "merchant" });

    // Adding again refreshes, and records nothing new.
    expect(await addProducts(context(), TEST_SHOP, { variantIds: [teapot.id] })).toEqual({ added: 0, refreshed: 1 });
    expect(await fresh.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "variant.followed" } })).toBe(2);
  });

  it("adds nothing when one variant is not in the store, or an id is not a variant's", async () => {
    const before = await fresh.db.variantSetting.count();
    await expect(
      addProducts(context(), TEST_SHOP, { variantIds: [kit.variant("MUG-BLUE").id, variantGid(999_999)] }),
    ).rejects.toBeInstanceOf(VariantNotFoundError);
    const invalid = await addProducts(context(), TEST_SHOP, { variantIds: ["gid://shopify/Product/1"] }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(z.ZodError);
    expect((invalid as z.ZodError).issues[0].path).toEqual(["variantIds", 0]);
    expect(await fresh.db.variantSetting.count()).toBe(before);
  });
});

describe("editing variants", () => {
  beforeAll(async () => {
    await fresh.db.variantSetting.createMany({
      data: [1, 2, 3].map((n) => ({
        shop: n === 3 ? OTHER_SHOP : TEST_SHOP,
        variantId: variantGid(1000 + n),
        productId: `gid://shopify/Product/${1000 + n}`,
        inventoryItemId: `gid://shopify/InventoryItem/${1000 + n}`,
        productTitle: `Bowl ${n}`,
        inventoryPolicy: "DENY",
      })),
    });
    await fresh.db.inventoryLevel.createMany({
      data: [1, 2].map((n) => ({
        shop: TEST_SHOP,
        inventoryItemId: `gid://shopify/InventoryItem/${1000 + n}`,
        locationId: "gid://shopify/Location/1",
        available: 0,
        committed: 0,
      })),
    });
  });

  it.each([
    ["leadTimeDays", { leadTimeDays: -1 }, "must be 0 or more"],
    ["leadTimeDays", { leadTimeDays: 2.5 }, "must be a whole number of days"],
    ["message", { message: "x".repeat(201) }, "must be 200 characters or fewer"],
    ["capUnits", { capKind: "FIXED" as const }, "a fixed cap needs a number of units"],
    ["capKind", { capKind: "SOME" as "NONE" }, undefined],
  ])("refuses a bad %s, naming it, and changes nothing", async (field, change, message) => {
    const before = await settingsOf(TEST_SHOP, variantGid(1001));
    const events = await fresh.db.auditEvent.count();
    const error = await editVariants(context(), TEST_SHOP, { variantIds: [variantGid(1001)], backordersEnabled: true, ...change }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(z.ZodError);
    const issue = (error as z.ZodError).issues[0];
    expect(issue.path).toEqual([field]);
    if (message) expect(issue.message).toBe(message);
    expect(await settingsOf(TEST_SHOP, variantGid(1001))).toEqual(before);
    expect(await fresh.db.auditEvent.count()).toBe(events);
  });

  it("answers another shop's variant as not found, and changes none of the others", async () => {
    const before = await settingsOf(TEST_SHOP, variantGid(1001));
    await expect(
      editVariants(context(), TEST_SHOP, { variantIds: [variantGid(1001), variantGid(1003)], backordersEnabled: true }),
    ).rejects.toMatchObject({ name: "VariantNotFoundError", variantId: variantGid(1003) });
    expect(await settingsOf(TEST_SHOP, variantGid(1001))).toEqual(before);
    expect((await settingsOf(OTHER_SHOP, variantGid(1003))).backordersEnabled).toBeNull();
  });

  it("sets the given fields on every variant at once, keeps the others, audits each and asks for one reconcile", async () => {
    await editVariants(context(), TEST_SHOP, {
      variantIds: [variantGid(1001)],
      backordersEnabled: false,
      message: "Kiln fired weekly",
      capKind: "FIXED",
      capUnits: 4,
    });
    notified.length = 0;
    await fresh.db.job.deleteMany({ where: { shop: TEST_SHOP, name: RECONCILE_JOB } });
    await fresh.db.dirtyKey.deleteMany({ where: { shop: TEST_SHOP } });

    expect(
      await editVariants(context(), TEST_SHOP, {
        variantIds: [variantGid(1001), variantGid(1002)],
        backordersEnabled: true,
        leadTimeDays: 14,
      }),
    ).toEqual({ changed: 2 });
    expect(await settingsOf(TEST_SHOP, variantGid(1001))).toEqual({
      backordersEnabled: true,
      capKind: "FIXED",
      capUnits: 4,
      leadTimeDays: 14,
      message: "Kiln fired weekly",
    });
    expect(await settingsOf(TEST_SHOP, variantGid(1002))).toEqual({
      backordersEnabled: true,
      capKind: null,
      capUnits: null,
      leadTimeDays: 14,
      message: null,
    });
    const audits = await fresh.db.auditEvent.findMany({
      where: { shop: TEST_SHOP, type: "variant.settings_changed", subject: { in: [variantGid(1001), variantGid(1002)] } },
      orderBy: { id: "desc" },
      take: 2,
    });
    expect(audits.map((a) => [a.subject, JSON.parse(a.data).bulk, JSON.parse(a.data).leadTimeDays]).sort()).toEqual([
      [variantGid(1001), 2, 14],
      [variantGid(1002), 2, 14],
    ]);
    expect(await fresh.db.dirtyKey.count({ where: { shop: TEST_SHOP } })).toBe(2);
    expect(await fresh.db.job.count({ where: { shop: TEST_SHOP, name: RECONCILE_JOB } })).toBe(1);
    expect(notified).toEqual([TEST_SHOP]);

    // NONE removes the cap; an empty message clears it.
    await editVariants(context(), TEST_SHOP, { variantIds: [variantGid(1001)], capKind: "NONE", message: "  " });
    expect(await settingsOf(TEST_SHOP, variantGid(1001))).toMatchObject({ capKind: null, capUnits: null, message: null });
  });
});

describe("the list", () => {
  const LISTED = 120;
  beforeAll(async () => {
    await fresh.db.variantSetting.deleteMany({});
    await fresh.db.variantSetting.createMany({
      data: [
        ...Array.from({ length: LISTED }, (_, i) => ({
          shop: TEST_SHOP,
          variantId: variantGid(5000 + i),
          productId: `gid://shopify/Product/${5000 + Math.floor(i / 2)}`,
          inventoryItemId: `gid://shopify/InventoryItem/${5000 + i}`,
          // Two variants a product; products named out of id order.
          productTitle: i < 2 ? null : `Plate ${String(LISTED - Math.floor(i / 2)).padStart(3, "0")}`,
          title: i % 2 ? "Large" : "Small",
          sku: `PLATE-${i}`,
          vendor: i % 3 === 0 ? "Kiln & Co" : "Clayworks",
          inventoryPolicy: "DENY",
        })),
        {
          shop: OTHER_SHOP,
          variantId: variantGid(9000),
          productId: "p",
          inventoryItemId: "i",
          productTitle: "Plate 000",
          inventoryPolicy: "DENY",
        },
      ],
    });
  });

  it("pages through every variant of the shop by product title, those without one first, forwards and back", async () => {
    const seen: string[] = [];
    let page = await listProducts(fresh.db, TEST_SHOP);
    expect(page.previous).toBeNull();
    const pages = [page];
    seen.push(...page.rows.map((r) => r.variantId));
    while (page.next) {
      page = await listProducts(fresh.db, TEST_SHOP, productsFilters.parse({ after: page.next }));
      pages.push(page);
      seen.push(...page.rows.map((r) => r.variantId));
    }
    expect(pages.map((p) => p.rows.length)).toEqual([PRODUCTS_PAGE_SIZE, PRODUCTS_PAGE_SIZE, LISTED - 2 * PRODUCTS_PAGE_SIZE]);
    expect(new Set(seen).size).toBe(LISTED);
    expect(seen).not.toContain(variantGid(9000));
    const rows = pages.flatMap((p) => p.rows);
    expect(rows.slice(0, 2).map((r) => r.productTitle)).toEqual([null, null]);
    const titles = rows.slice(2).map((r) => r.productTitle!);
    expect(titles).toEqual([...titles].sort());
    expect(rows[2]).toMatchObject({ productTitle: "Plate 061", title: "Small" });

    // Back from the last page gives the middle one again.
    const back = await listProducts(fresh.db, TEST_SHOP, productsFilters.parse({ before: pages[2].previous }));
    expect(back.rows.map((r) => r.variantId)).toEqual(pages[1].rows.map((r) => r.variantId));
    expect(back.next).not.toBeNull();
    const first = await listProducts(fresh.db, TEST_SHOP, productsFilters.parse({ before: back.previous }));
    expect(first.rows.map((r) => r.variantId)).toEqual(pages[0].rows.map((r) => r.variantId));
    expect(first.previous).toBeNull();
  });

  it("searches product title, variant title, SKU and vendor, within the shop", async () => {
    const bySku = await listProducts(fresh.db, TEST_SHOP, { query: "PLATE-11" });
    expect(bySku.rows.map((r) => r.sku).sort()).toEqual([
      "PLATE-11",
      "PLATE-110",
      "PLATE-111",
      "PLATE-112",
      "PLATE-113",
      "PLATE-114",
      "PLATE-115",
      "PLATE-116",
      "PLATE-117",
      "PLATE-118",
      "PLATE-119",
    ]);
    expect((await listProducts(fresh.db, TEST_SHOP, { query: "Plate 000" })).rows).toEqual([]);
    expect((await listProducts(fresh.db, TEST_SHOP, { query: "Kiln" })).rows).toHaveLength(40);
    expect(productsFilters.safeParse({ after: "not-a-cursor" }).error?.issues[0]).toMatchObject({
      path: ["after"],
      message: "is not a page of this list",
    });
  });
});

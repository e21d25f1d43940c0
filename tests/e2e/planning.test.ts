// The Purchase planning page in Chromium, in the simulated admin, on a store
// whose orders went on backorder: the rows and their figures per variant and
// per vendor, the CSV export with the page's filter, and "create incoming
// stock" from a row, after which the row's shortfall is gone and the waiting
// order is promised a date by the engine.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addDays, shopToday } from "~/backorders";
import { recordSupply } from "~/engine/supply.server";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { signSessionToken } from "../../sim/auth";
import { launchChromium } from "../support/browser";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

const artifacts = join(root, "test-results", "e2e");
let stack: TestStack;
let browser: Browser;
let page: Page;
let later: { id: string; name: string };
const browserErrors: string[] = [];
/** The shop's calendar day, and two days to come. */
let today: string;
let soon: string;
let ordered: string;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [
      {
        title: "Mug",
        vendor: "Acme Ceramics",
        variants: [{ title: "Blue", sku: "MUG-BLUE", inventoryPolicy: "CONTINUE", stock: { Warehouse: 1 } }],
      },
      {
        title: "Teapot",
        vendor: "Brew Co",
        variants: [{ title: "Black", sku: "TEAPOT", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }],
      },
    ],
  });
  const warehouse = stack.location("Warehouse");
  // 2 mugs with 1 in stock, then 3 more, then a teapot with none: 4 mugs and 1 teapot wait.
  stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 2 }], locationId: warehouse });
  later = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 3 }], locationId: warehouse });
  stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "TEAPOT", quantity: 1 }], locationId: warehouse });
  await stack.settle();
  const { ianaTimezone } = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  today = shopToday(new Date(), ianaTimezone ?? "UTC");
  [soon, ordered] = [addDays(today, 10), addDays(today, 20)];
  // The product names and vendors as adding the products on the Products page stores them (variants
  // first seen in orders are known by their own titles only); the location is named by its stock reads.
  const state = stack.sim.state.shop(TEST_SHOP);
  for (const variant of state.variants.values()) {
    const product = state.products.get(variant.productId)!;
    await stack.db.variantSetting.updateMany({
      where: { shop: TEST_SHOP, variantId: variant.id },
      data: { productTitle: product.title, vendor: product.vendor, title: variant.title },
    });
  }
  await stack.db.shop.update({ where: { shop: TEST_SHOP }, data: { safetyStockUnits: 2 } });
  // One mug is already coming: it is promised to the first order in line.
  await recordSupply(stack.changes, TEST_SHOP, {
    inventoryItemId: stack.variant("MUG-BLUE").inventoryItemId,
    locationId: warehouse,
    quantity: 1,
    expectedOn: soon,
    reference: "PO-1000",
  });
  await stack.settle();
  browser = await launchChromium();
  const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openPlanning(query = "") {
  await page.goto(`${stack.adminUrl}&path=${encodeURIComponent(`/app/planning${query}`)}`);
  await page.getByRole("heading", { name: "Purchase planning", level: 1 }).waitFor();
}

/** The table's rows as the page shows them, cell by cell (the row action left out). */
const tableRows = () =>
  page
    .locator(".Polaris-IndexTable__TableRow")
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll("td")].map((cell) => (cell.textContent ?? "").trim()).filter((text) => text !== "Create incoming stock"),
      ),
    );

/** The waiting line of the later mug order, as the engine stored it. */
const laterLine = () => stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: later.id } });

it("lists each backordered variant with what waits, what comes and what to order, largest shortfall first", async () => {
  await openPlanning();
  await page.getByRole("columnheader", { name: "Incoming not yet promised" }).waitFor();
  expect(await tableRows()).toEqual([
    // 4 waiting, 1 coming (promised to the first order), 3 short; safety stock 2: order 5.
    ["Mug — BlueSKU MUG-BLUE", "Warehouse", "Acme Ceramics", "4", "1", "0", "3", "5", today],
    ["Teapot — BlackSKU TEAPOT", "Warehouse", "Brew Co", "1", "0", "0", "1", "3", today],
  ]);
  expect(await page.getByText("your safety stock of 2 units").isVisible()).toBe(true);

  await page.getByRole("tab", { name: "By vendor" }).click();
  await page.getByRole("columnheader", { name: "Variants and locations" }).waitFor();
  expect(await tableRows()).toEqual([
    ["Acme Ceramics", "1", "4", "1", "0", "3", "5", today],
    ["Brew Co", "1", "1", "0", "0", "1", "3", today],
  ]);
  expect(page.url()).toContain("view=vendor");
  await page.screenshot({ path: join(artifacts, "planning-vendors.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("filters by vendor and exports the filtered rows as CSV", async () => {
  await openPlanning();
  await page.getByRole("combobox", { name: "Vendor" }).selectOption("Acme Ceramics");
  await page.waitForURL(/vendor=Acme/);
  await expect.poll(() => tableRows()).toEqual([["Mug — BlueSKU MUG-BLUE", "Warehouse", "Acme Ceramics", "4", "1", "0", "3", "5", today]]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("purchase-planning-variants.csv");
  const csv = readFileSync(await download.path(), "utf8");
  expect(parse(csv, { columns: true })).toEqual([
    {
      SKU: "MUG-BLUE",
      Variant: "Mug — Blue",
      Vendor: "Acme Ceramics",
      Location: "Warehouse",
      "Units waiting": "4",
      Incoming: "1",
      "Incoming not yet promised": "0",
      Shortfall: "3",
      "Suggested order": "5",
      "Oldest waiting since": today,
      "Inventory item ID": stack.variant("MUG-BLUE").inventoryItemId,
      "Location ID": stack.location("Warehouse"),
    },
  ]);
  expect(browserErrors).toEqual([]);
});

it("creates incoming stock from a row: a bad field is named, then the shortfall is gone and the waiting order gets a date", async () => {
  expect((await laterLine()).currentEta).toBeNull();
  await openPlanning();
  await page.getByRole("button", { name: "Create incoming stock for Mug — Blue at Warehouse" }).click();
  const modal = page.getByRole("dialog");
  await modal.getByRole("heading", { name: "Create incoming stock" }).waitFor();
  expect(await modal.getByLabel("Quantity").inputValue()).toBe("5");
  expect(await modal.getByLabel("Vendor").inputValue()).toBe("Acme Ceramics");

  // No reference, no date: both named beside their field, nothing recorded.
  await modal.getByRole("button", { name: "Create incoming stock" }).click();
  await modal.getByText("reference: is required: the purchase order or shipment number").waitFor();
  expect(await modal.getByText("expectedOn: must be a date, YYYY-MM-DD").isVisible()).toBe(true);
  expect(await stack.db.inboundSupply.count({ where: { shop: TEST_SHOP } })).toBe(1);
  await page.screenshot({ path: join(artifacts, "planning-create-incoming.png") });

  await modal.getByLabel("Reference").fill("PO-2001");
  await modal.getByLabel("Expected date").fill(ordered);
  await modal.getByRole("button", { name: "Create incoming stock" }).click();
  await page.getByText(`Incoming stock PO-2001 recorded: 5 units on ${ordered}`).waitFor();
  await modal.waitFor({ state: "detached" });
  // 6 coming for 4 waiting: nothing short, 2 spare (the safety stock), nothing more to order.
  await expect
    .poll(() => tableRows())
    .toEqual([
      ["Teapot — BlackSKU TEAPOT", "Warehouse", "Brew Co", "1", "0", "0", "1", "3", today],
      ["Mug — BlueSKU MUG-BLUE", "Warehouse", "Acme Ceramics", "4", "6", "2", "0", "0", today],
    ]);
  await page.screenshot({ path: join(artifacts, "planning.png"), fullPage: true });
  const supply = await stack.db.inboundSupply.findFirstOrThrow({ where: { shop: TEST_SHOP, reference: "PO-2001" } });
  expect(supply).toMatchObject({ quantity: 5, vendor: "Acme Ceramics", expectedOn: ordered, status: "EXPECTED" });
  // The engine re-plans at once: the later order's 3 mugs come with the new shipment.
  await expect.poll(async () => (await laterLine()).currentEta, { timeout: 10_000 }).toBe(ordered);
  expect((await laterLine()).promisedEta).toBe(ordered);
  expect(browserErrors).toEqual([]);
});

/** A request as App Bridge sends it from the embedded admin: with a fresh session token. */
const request = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.app.url}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET })}`,
      "User-Agent": BROWSER_USER_AGENT,
    },
  });

it("answers a bad field 400 and an item of no variant of this store 404, recording nothing", async () => {
  const before = await stack.db.inboundSupply.count();
  const form = (fields: Record<string, string>) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return request("/app/planning.data", { method: "POST", body });
  };
  const fields = {
    inventoryItemId: stack.variant("TEAPOT").inventoryItemId,
    locationId: stack.location("Warehouse"),
    quantity: "2",
    expectedOn: ordered,
    reference: "PO-3001",
  };
  const bad = await form({ ...fields, quantity: "-1" });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain("quantity: must be at least 1");
  expect((await form({ ...fields, inventoryItemId: "gid://shopify/InventoryItem/999999" })).status).toBe(404);
  expect(await stack.db.inboundSupply.count()).toBe(before);
});

it("exports the vendor view as CSV over HTTP, and refuses a bad filter", async () => {
  const response = await request("/app/planning/csv?view=vendor");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  const exported: Record<string, string>[] = parse(await response.text(), { columns: true });
  expect(exported.map((row) => [row.Vendor, row.Shortfall])).toEqual([
    ["Brew Co", "1"],
    ["Acme Ceramics", "0"],
  ]);
  const bad = await request("/app/planning/csv?view=everything");
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain("view:");
});

it("has no serious or critical accessibility violation in either view", async () => {
  for (const view of ["sku", "vendor"]) {
    await openPlanning(`?view=${view}`);
    await page.getByRole("columnheader", { name: "Shortfall" }).waitFor();
    const { violations } = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .exclude("ui-nav-menu")
      .exclude(".app-bridge-loading")
      .exclude(".app-bridge-toasts")
      .analyze();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  }
});

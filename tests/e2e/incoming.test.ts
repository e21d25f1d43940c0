import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addDays, shopToday } from "~/backorders";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { launchChromium } from "../support/browser";
import { TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

// The Incoming stock page in Chromium, in the simulated admin: the merchant
// records a purchase order for a backordered mug and its waiting order is
// promised the date; moves the date, seeing the order named before saving;
// imports a CSV (one bad row: nothing imported, the row named); marks the
// shipment received, after which a later order is no longer dated from it.
// A shipment the store's stock shows arrived is received by itself.
const artifacts = join(root, "test-results", "e2e");
let stack: TestStack;
let browser: Browser;
let page: Page;
let first: { id: string; name: string };
let warehouse: string;
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] }],
  });
  warehouse = stack.location("Warehouse");
  first = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
  await stack.settle();
  browser = await launchChromium();
  // A page of its own context: axe-core's analysis opens a second page in it.
  const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const lineOf = (orderId: string) => stack.db.backorderLine.findFirst({ where: { shop: TEST_SHOP, orderId } });
const etaOf = async (orderId: string) => (await lineOf(orderId))?.currentEta ?? null;
const supplyRows = () => stack.db.inboundSupply.findMany({ where: { shop: TEST_SHOP }, orderBy: { id: "asc" } });

async function openIncoming(query = "") {
  await page.goto(`${stack.adminUrl}&path=${encodeURIComponent(`/app/incoming${query}`)}`);
  await page.getByRole("heading", { name: "Incoming stock", level: 1 }).waitFor();
}

/** Serious or critical accessibility violations on the page as it is, leaving out the admin stand-in around the app. */
async function seriousViolations() {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of ["ui-nav-menu", "ui-save-bar", ".app-bridge-loading", ".app-bridge-toasts"]) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The table's rows as the page shows them, each as its cells' text. */
const tableRows = () =>
  page.locator(".Polaris-IndexTable__TableRow").evaluateAll((rows) =>
    rows.map((row) =>
      // A badge's tone is spoken before its text ("Info", "Success"), not shown.
      [...row.querySelectorAll("td")].map((cell) => (cell.textContent ?? "").trim().replace(/^(Info|Success)(?=Expected|Received)/, "")),
    ),
  );

it("records incoming stock for a backordered variant, and the waiting order is promised its date", async () => {
  expect(await etaOf(first.id)).toBeNull();
  await openIncoming();
  await page.getByRole("heading", { name: "No incoming stock expected" }).waitFor();

  await page.getByRole("button", { name: "Add incoming stock" }).first().click();
  await page.getByLabel("Reference").fill("PO-100");
  await page.getByLabel("Vendor").fill("Clayworks");
  await page.getByLabel("Variant (SKU or variant ID)").fill("MUG");
  expect(await page.getByLabel("Location").inputValue()).toBe(warehouse);
  await page.getByLabel("Quantity").fill("2");
  await page.getByLabel("Expected date").fill("2030-01-10");
  await page.getByRole("button", { name: "Save incoming stock" }).click();
  await page.getByRole("status").getByText("Recorded 2 incoming for 2030-01-10").waitFor();

  await expect.poll(tableRows).toEqual([["PO-100", "Clayworks", "MugSKU MUG", "2", "Warehouse", "2030-01-10", "Expected", "Change"]]);
  await expect.poll(() => etaOf(first.id), { timeout: 10_000 }).toBe("2030-01-10");
  await page.screenshot({ path: join(artifacts, "incoming-list.png"), fullPage: true });
  const audit = await stack.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "supply.recorded" } });
  expect(JSON.parse(audit.trigger ?? "null")).toEqual({ kind: "merchant" });
  expect(browserErrors).toEqual([]);
});

it("shows a bad value beside its field and records nothing", async () => {
  await openIncoming();
  await page.getByRole("button", { name: "Add incoming stock" }).first().click();
  await page.getByLabel("Reference").fill("PO-101");
  await page.getByLabel("Variant (SKU or variant ID)").fill("NO-SUCH-SKU");
  await page.getByLabel("Quantity").fill("0");
  await page.getByLabel("Expected date").fill("2030-01-12");
  await page.getByRole("button", { name: "Save incoming stock" }).click();
  await page.getByText("must be at least 1").waitFor();
  expect(await supplyRows()).toHaveLength(1);

  // A well-formed value the store does not bear out is named too.
  await page.getByLabel("Quantity").fill("1");
  await page.getByRole("button", { name: "Save incoming stock" }).click();
  await page.getByText("no variant with SKU or ID NO-SUCH-SKU followed by the app").waitFor();
  expect(await supplyRows()).toHaveLength(1);
  expect(browserErrors).toEqual([]);
});

it("moves the date, naming the order whose date moves before saving, and the promise moves", async () => {
  await openIncoming();
  await page.getByRole("button", { name: "Change PO-100 (MUG)" }).click();
  await page.getByRole("heading", { name: "PO-100 · MUG" }).waitFor();
  await page.getByLabel("Expected date").fill("2030-01-24");
  await page.getByRole("heading", { name: "Dates that move if you save" }).waitFor();
  await page.getByRole("listitem").getByText(`${first.name}: 2030-01-10 → 2030-01-24`).waitFor();
  await page.screenshot({ path: join(artifacts, "incoming-move-preview.png"), fullPage: true });
  expect(await seriousViolations()).toEqual([]);
  // A preview changes nothing.
  expect((await supplyRows())[0].expectedOn).toBe("2030-01-10");
  expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "supply.moved" } })).toBe(0);

  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").getByText("Incoming stock changed").waitFor();
  await expect.poll(() => etaOf(first.id), { timeout: 10_000 }).toBe("2030-01-24");
  expect((await supplyRows())[0].expectedOn).toBe("2030-01-24");
  await expect.poll(() => stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "line.promise_moved" } })).toBe(1);
  const moved = await stack.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "supply.moved" } });
  expect(JSON.parse(moved.data)).toEqual({ from: "2030-01-10", to: "2030-01-24" });
  await expect.poll(tableRows).toEqual([["PO-100", "Clayworks", "MugSKU MUG", "2", "Warehouse", "2030-01-24", "Expected", "Change"]]);
  expect(browserErrors).toEqual([]);
});

async function importCsv(name: string, text: string) {
  await openIncoming();
  await page.getByRole("button", { name: "Import CSV" }).first().click();
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
}

it("imports a CSV with one bad row: nothing is imported and the row is named; the corrected file imports once", async () => {
  const good = "PO-200,Clayworks,MUG,Warehouse,3,2030-02-01";
  await importCsv(
    "bad.csv",
    `reference,vendor,sku,location,quantity,expected_on\n${good}\nPO-201,Clayworks,MUG,Warehouse,three,2030-02-02\n`,
  );
  await page.getByText("Nothing was imported").waitFor();
  const report = await page
    .locator(".Polaris-DataTable tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("th, td")].map((cell) => (cell.textContent ?? "").trim())));
  expect(report).toEqual([["3", "quantity", "must be a whole number"]]);
  await page.screenshot({ path: join(artifacts, "incoming-import-report.png"), fullPage: true });
  expect(await seriousViolations()).toEqual([]);
  expect(await supplyRows()).toHaveLength(1);

  const fixed = `reference,vendor,sku,location,quantity,expected_on\n${good}\n`;
  await importCsv("fixed.csv", fixed);
  await page.getByText("1 new, 0 updated, 0 unchanged.").waitFor();
  await importCsv("fixed.csv", fixed);
  await page.getByText("0 new, 0 updated, 1 unchanged.").waitFor();
  expect((await supplyRows()).map((r) => [r.reference, r.quantity, r.expectedOn, r.status])).toEqual([
    ["PO-100", 2, "2030-01-24", "EXPECTED"],
    ["PO-200", 3, "2030-02-01", "EXPECTED"],
  ]);
  expect(browserErrors).toEqual([]);
});

it("marks a shipment received: it leaves the expected list, and a later order is no longer dated from it", async () => {
  await openIncoming();
  await page.getByRole("button", { name: "Change PO-100 (MUG)" }).click();
  await page.getByRole("button", { name: "Mark received" }).click();
  await page.getByRole("status").getByText("Marked received").waitFor();
  await expect.poll(async () => (await tableRows()).map((row) => row[0])).toEqual(["PO-200"]);
  expect((await supplyRows())[0]).toMatchObject({ reference: "PO-100", status: "RECEIVED" });

  await page.getByRole("tab", { name: "Received" }).click();
  await expect.poll(tableRows).toEqual([["PO-100", "Clayworks", "MugSKU MUG", "2", "Warehouse", "2030-01-24", "Received", "Details"]]);
  await page.screenshot({ path: join(artifacts, "incoming-received.png"), fullPage: true });

  // PO-100 no longer counts: both waiting orders take their units from PO-200.
  const later = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
  await stack.settle();
  await expect.poll(() => etaOf(later.id), { timeout: 10_000 }).toBe("2030-02-01");
  expect(await etaOf(first.id)).toBe("2030-02-01");
  const received = await stack.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "supply.received" } });
  expect(JSON.parse(received.data)).toMatchObject({ by: "merchant", quantity: 2 });
  expect(browserErrors).toEqual([]);
});

it("receives a shipment by itself when the store's stock at its location rises by its quantity", async () => {
  const shop = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  const today = shopToday(new Date(), shop.ianaTimezone ?? "UTC");
  await importCsv("today.csv", `reference,sku,quantity,expected_on\nPO-300,MUG,5,${addDays(today, 2)}\n`);
  await page.getByText("1 new, 0 updated, 0 unchanged.").waitFor();
  await stack.settle();

  stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 5 });
  await stack.settle();
  const po300 = async () => (await supplyRows()).find((r) => r.reference === "PO-300");
  await expect.poll(async () => (await po300())?.status, { timeout: 10_000 }).toBe("RECEIVED");
  // The stock came in: both waiting orders ship from it, none waits on a date.
  await expect.poll(async () => (await lineOf(first.id))?.state, { timeout: 10_000 }).not.toBe("backordered");
  const received = await stack.db.auditEvent.findMany({ where: { shop: TEST_SHOP, type: "supply.received" }, orderBy: { id: "asc" } });
  expect(JSON.parse(received.at(-1)!.data)).toMatchObject({ by: "stock", quantity: 5, rise: 5 });
  expect(JSON.parse(received.at(-1)!.trigger ?? "null")).toMatchObject({ kind: "webhook", topic: "inventory_levels/update" });
});

it("deletes incoming stock after asking, and records that the merchant did", async () => {
  const po200 = async () => (await supplyRows()).find((r) => r.reference === "PO-200");
  await openIncoming();
  await page.getByRole("button", { name: "Change PO-200 (MUG)" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByText("Delete PO-200?").waitFor();
  expect(await po200()).toBeDefined();
  await page.getByRole("button", { name: "Delete for good" }).click();
  await page.getByRole("status").getByText("Incoming stock deleted").waitFor();
  expect(await po200()).toBeUndefined();
  const deleted = await stack.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "supply.deleted" } });
  expect(JSON.parse(deleted.data)).toMatchObject({ reference: "PO-200", quantity: 3, expectedOn: "2030-02-01" });
  expect(JSON.parse(deleted.trigger ?? "null")).toEqual({ kind: "merchant" });
  expect(browserErrors).toEqual([]);
});

it("answers a row of another store, or none, with not found", async () => {
  const other = await stack.db.inboundSupply.create({
    data: {
      shop: "other-shop.myshopify.com",
      inventoryItemId: "gid://shopify/InventoryItem/1",
      locationId: warehouse,
      quantity: 1,
      expectedOn: "2030-01-01",
    },
  });
  await page.goto(`${stack.adminUrl}&path=${encodeURIComponent(`/app/incoming?edit=${other.id}`)}`);
  await page.getByRole("heading", { name: "Not found", level: 1 }).waitFor();
  expect(await page.getByText("It may have been deleted, or it belongs to another store.").isVisible()).toBe(true);
});

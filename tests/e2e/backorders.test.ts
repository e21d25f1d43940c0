import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { signSessionToken } from "../../sim/auth";
import { launchChromium } from "../support/browser";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

// The Backorders page in Chromium, in the simulated admin: the merchant sees
// the waiting lines in the order they will be served, filters and pages
// through them, pins a later order so that the next unit received goes to
// it, and releases a line to ship anyway; the store's holds follow.
const artifacts = join(root, "test-results", "e2e");
/** Enough other waiting lines, ordered after the mugs, for a second page. */
const SOCKS = 50;
let stack: TestStack;
let browser: Browser;
let page: Page;
type Placed = { id: string; name: string };
let ada: Placed;
let ben: Placed;
let cleo: Placed;
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const socks = Array.from({ length: SOCKS }, (_, i) => `SOCK-${String(i + 1).padStart(2, "0")}`);
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [
      { title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
      ...socks.map((sku, i) => ({
        title: `Sock ${i + 1}`,
        variants: [{ sku, inventoryPolicy: "CONTINUE" as const, stock: { Warehouse: 0 } }],
      })),
    ],
  });
  const warehouse = stack.location("Warehouse");
  const mugOrder = (firstName: string) =>
    stack.sim.state.placeOrder(TEST_SHOP, {
      customer: { firstName, lastName: "Shopper", email: `${firstName.toLowerCase()}@example.com` },
      lines: [{ sku: "MUG", quantity: 1 }],
      locationId: warehouse,
    });
  ada = mugOrder("Ada");
  await stack.settle(60_000);
  ben = mugOrder("Ben");
  await stack.settle(60_000);
  cleo = mugOrder("Cleo");
  await stack.settle(60_000);
  stack.sim.state.placeOrder(TEST_SHOP, {
    customer: { firstName: "Dora", lastName: "Socks", email: "dora@example.com" },
    lines: socks.map((sku) => ({ sku, quantity: 2 })),
    locationId: warehouse,
  });
  await stack.settle(60_000);
  browser = await launchChromium();
  page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1600, height: 1200 } });
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Whether the app's hold is on the order in the simulated store. */
const heldInStore = (orderId: string) =>
  stack.fulfillmentOrdersOf(orderId).some((fo) => fo.status !== "CLOSED" && fo.holds.some((hold) => hold.appKey === TEST_API_KEY));

/** The table's rows as the merchant reads them: order, customer, SKU, units waiting, place in line. */
async function rows() {
  const cells = await page
    .locator("table tbody tr")
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => (td.textContent ?? "").trim())));
  // Cells: selection box, product, SKU, location, order, customer, units, place, promised, current, days, hold, actions.
  // A badge's tone is read out before its label ("Attention"): the label is what the merchant sees.
  const label = (text: string) => text.replace(/^(Attention|Success|Info|Critical)/, "");
  return cells.map((c) => ({ order: c[4], customer: c[5], sku: c[2], units: c[6], place: c[7], hold: label(c[11]) }));
}

/** Opens the page from the admin's menu, or (with a query) as a bookmark would. */
async function openBackorders(query?: string, { rows = true } = {}) {
  if (query === undefined) {
    await page.goto(stack.adminUrl);
    await page.getByRole("link", { name: "Backorders" }).click();
  } else {
    await page.goto(`${stack.adminUrl}&path=${encodeURIComponent(`/app/backorders${query}`)}`);
  }
  await page.getByRole("heading", { name: "Backorders", level: 1 }).waitFor();
  if (rows) await page.locator("table tbody tr").first().waitFor();
}

it("lists the waiting lines oldest order first, 50 a page, with the next page behind a cursor", async () => {
  await openBackorders();
  const first = await rows();
  expect(first).toHaveLength(50);
  expect(first.slice(0, 3)).toEqual([
    { order: ada.name, customer: "Ada Shopper", sku: "MUG", units: "1", place: "1", hold: "On hold" },
    { order: ben.name, customer: "Ben Shopper", sku: "MUG", units: "1", place: "2", hold: "On hold" },
    { order: cleo.name, customer: "Cleo Shopper", sku: "MUG", units: "1", place: "3", hold: "On hold" },
  ]);
  expect(first[3]).toMatchObject({ customer: "Dora Socks", units: "2", place: "1" });
  const href = await page.locator("table tbody tr").first().getByRole("link", { name: ada.name }).getAttribute("href");
  expect(href).toBe(`shopify:admin/orders/${ada.id.split("/").pop()}`);
  await page.screenshot({ path: join(artifacts, "backorders-queue.png"), fullPage: true });

  await page.getByRole("button", { name: "Next" }).click();
  await expect.poll(async () => (await rows()).length).toBe(3 + SOCKS - 50);
  const second = await rows();
  expect(second.every((row) => row.customer === "Dora Socks")).toBe(true);
  expect(page.url()).toContain("after=");
  await page.getByRole("button", { name: "Previous" }).click();
  await expect.poll(async () => (await rows())[0]?.order).toBe(ada.name);
  expect(browserErrors).toEqual([]);
});

it("filters by product and searches by customer", async () => {
  await openBackorders("?sort=ordered-asc");
  await page.getByLabel("Product").fill("MUG");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect.poll(async () => (await rows()).map((row) => row.order)).toEqual([ada.name, ben.name, cleo.name]);
  expect(page.url()).toContain("product=MUG");

  await page.getByLabel("Search").fill("cleo");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect.poll(async () => (await rows()).map((row) => row.order)).toEqual([cleo.name]);

  // A product the app does not follow is named at its field, and lists nothing.
  await openBackorders("?product=NOPE", { rows: false });
  await page.getByText("product: no variant with SKU or ID NOPE followed by the app").waitFor();
  await page.getByRole("heading", { name: "No waiting lines match" }).waitFor();
  expect(browserErrors).toEqual([]);
});

it("pins a later order to the front: the next unit received goes to it, and its hold is released in the store", async () => {
  await openBackorders("?product=MUG");
  await page.getByRole("button", { name: `Pin ${cleo.name} Mug` }).click();
  await page.getByRole("status").getByText("Pinned 1 line to the front").waitFor();
  await stack.settle(60_000);
  const shop = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  expect(JSON.parse(shop.pins)).toHaveLength(1);
  expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "line.pinned" } })).toBe(1);

  await openBackorders("?product=MUG");
  await expect
    .poll(async () => (await rows()).map((row) => [row.order, row.place]))
    .toEqual([
      [ada.name, "2"],
      [ben.name, "3"],
      [cleo.name, "1"],
    ]);
  await page.locator("table tbody tr", { hasText: cleo.name }).getByText("Pinned").waitFor();

  // One mug arrives: it goes to the pinned order, ahead of the two older ones.
  stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: stack.location("Warehouse"), quantity: 1 });
  await stack.sim.webhooks.idle();
  await stack.settle(60_000);
  await expect
    .poll(() => [heldInStore(ada.id), heldInStore(ben.id), heldInStore(cleo.id)], { timeout: 10_000 })
    .toEqual([true, true, false]);
  await openBackorders("?product=MUG");
  await expect
    .poll(async () => (await rows()).map((row) => [row.order, row.place]))
    .toEqual([
      [ada.name, "1"],
      [ben.name, "2"],
    ]);
  expect(browserErrors).toEqual([]);
});

it("releases a line now after a confirmation, and the store's hold on it is lifted", async () => {
  await openBackorders("?product=MUG");
  await page.getByRole("button", { name: `Release now: ${ben.name} Mug` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("Release this line now?").waitFor();
  await page.screenshot({ path: join(artifacts, "backorders-release-confirm.png") });
  // Cancelling changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await stack.db.backorderLine.count({ where: { shop: TEST_SHOP, releasedByMerchant: true } })).toBe(0);

  await page.getByRole("button", { name: `Release now: ${ben.name} Mug` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Release now" }).click();
  await page.getByRole("status").getByText("Releasing 1 line to ship now").waitFor();
  await stack.settle(60_000);
  await expect.poll(() => [heldInStore(ada.id), heldInStore(ben.id)], { timeout: 10_000 }).toEqual([true, false]);
  await openBackorders("?product=MUG&hold=released");
  await expect.poll(async () => (await rows()).map((row) => [row.order, row.hold])).toEqual([[ben.name, "Released by you"]]);
  expect(browserErrors).toEqual([]);
});

it("shows a line's history from the audit trail, and another store's line is not found", async () => {
  const line = await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: cleo.id } });
  await page.goto(`${stack.adminUrl}&path=${encodeURIComponent(`/app/backorders/${line.id}`)}`);
  await page.getByRole("heading", { name: `${cleo.name}: Mug`, level: 1 }).waitFor();
  // Newest first: stock arrived after the pin, and the pinned line took it.
  const history = page.locator("table tbody tr");
  await expect.poll(() => history.count()).toBeGreaterThanOrEqual(5);
  const entries = (await history.allInnerTexts()).map((text) => text.replace(/\s+/g, " "));
  const at = (pattern: RegExp) => entries.findIndex((text) => pattern.test(text));
  const released = at(new RegExp(`Released the app's hold on order ${cleo.name}.*inventory_levels/update`));
  expect(released).toBeGreaterThanOrEqual(0);
  expect(at(new RegExp(`Pinned the line of Mug on ${cleo.name} .*to the front of the line.*You, in the app`))).toBeGreaterThan(released);
  expect(at(new RegExp(`Held the lines of order ${cleo.name} that cannot ship`))).toBe(entries.length - 1);
  expect(at(/is released to ship/)).toBe(0);
  await page.screenshot({ path: join(artifacts, "backorders-line.png"), fullPage: true });

  await page.goto(`${stack.adminUrl}&path=${encodeURIComponent("/app/backorders/999999")}`);
  await page.getByRole("heading", { name: "Not found", level: 1 }).waitFor();
});

/** Posts to the page's action as the embedded admin does: with a session token from App Bridge. */
function postAction(fields: Record<string, string>) {
  const sessionToken = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  const headers = { Authorization: `Bearer ${sessionToken}`, "User-Agent": BROWSER_USER_AGENT };
  return fetch(`${stack.app.url}/app/backorders.data?index`, { method: "POST", headers, body: new URLSearchParams(fields) });
}

it("refuses a bad action naming the field (400), and a line it does not have (404), changing nothing", async () => {
  const before = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  const audits = await stack.db.auditEvent.count({ where: { shop: TEST_SHOP } });
  const badIds = await postAction({ intent: "pin", ids: "1,abc" });
  expect(badIds.status).toBe(400);
  expect(await badIds.text()).toContain("ids:");
  const badIntent = await postAction({ intent: "explode", ids: "1" });
  expect(badIntent.status).toBe(400);
  expect(await badIntent.text()).toContain("intent: must be pin, unpin or release");
  const missing = await postAction({ intent: "release", ids: "999999" });
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain("ids: no waiting line 999999 in this store");
  expect((await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).pins).toBe(before.pins);
  expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP } })).toBe(audits);
});

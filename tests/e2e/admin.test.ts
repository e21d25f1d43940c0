// The admin's Dashboard in Chromium, against the demo store (`npm run demo`'s
// stack): its KPIs are the figures the store and the app's records imply,
// the period switch recomputes them, the alert follows the merchant's
// threshold, and a first install shows the store being read, then fills in
// without a reload.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addDays, shopToday } from "~/backorders";
import { createDb, type Db } from "~/db/client.server";
import { DEMO_SHOP, startDemo } from "../../scripts/demo-stack";
import { BROWSER_USER_AGENT, freePort } from "../../sim/app-process";
import type { Stack } from "../../sim/stack";
import { launchChromium } from "../support/browser";
import { root, testDataDir } from "../support/postgres";

const artifacts = join(root, "test-results", "e2e");
const MS_PER_DAY = 86_400_000;
let demo: Stack;
let browser: Browser;
let page: Page;
let db: Db;
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const appPort = await freePort();
  const databaseFile = join(testDataDir, `demo-${appPort}.db`);
  // The same stack `npm run demo` starts, on free ports, with the build the set-up made.
  demo = await startDemo({ appPort, simPort: await freePort(), databaseFile, build: false, quiet: true });
  db = createDb(`file:${databaseFile}`);
  browser = await launchChromium();
  page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop({ removeDatabase: true });
  await db?.$disconnect();
});

const openDashboard = async (shop = DEMO_SHOP, query = "") => {
  await page.goto(`${demo.adminUrl(shop)}&path=${encodeURIComponent(`/app${query}`)}`);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
};

/** A KPI's card, found by its name. */
const kpi = (name: string): Locator => page.locator(`#kpi-${name.toLowerCase().replaceAll(" ", "-")}`);
const kpiValue = (name: string) => kpi(name).locator("p").first().textContent();

/** The backorder rate the app's records imply for a period: lines backordered / lines ordered, in percent with one decimal. */
async function expectedBackorderRate(days: number) {
  const now = Date.now();
  const from = addDays(shopToday(new Date(now), "America/Toronto"), 1 - days);
  const ordered = await db.orderSnapshot.findMany({ where: { shop: DEMO_SHOP, orderedAt: { gte: new Date(now - days * MS_PER_DAY) } } });
  const lines = ordered.reduce((sum, o) => sum + o.lineCount, 0);
  const backordered = await db.backorderLine.count({ where: { shop: DEMO_SHOP, backorderedOn: { gte: from } } });
  return { lines, backordered, rate: Math.round((backordered / lines) * 1000) / 10 };
}

it("opens on the dashboard with the demo store's waiting lines, their value and the oldest one", async () => {
  await openDashboard();
  await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });
  await expect.poll(() => page.url()).toContain(`${demo.app.url}/app?`);
  // The demo store's open orders: Walnut board 1, planters 1 + 2, blue mugs 2 + 1, teapots 1 (one was in stock) + 1.
  const waiting = await db.backorderLine.findMany({ where: { shop: DEMO_SHOP, state: "backordered" }, orderBy: { createdAt: "asc" } });
  expect(waiting.map((l) => l.backordered).reduce((a, b) => a + b, 0)).toBe(9);
  expect(await kpiValue("Units waiting")).toBe("9");
  // At the orders' prices: 3 mugs at 18, a board at 85, 3 planters at 32, 2 teapots at 64 (CAD).
  expect(await kpi("Units waiting").textContent()).toContain("7 lines, worth CA$363.00");
  // The oldest open order was placed 16 days ago, and its board waits since.
  expect(await kpiValue("Oldest waiting line")).toBe("16 days");
  const oldestOrder = await db.orderSnapshot.findUniqueOrThrow({
    where: { shop_orderId: { shop: DEMO_SHOP, orderId: waiting[0]!.orderId } },
  });
  expect(await kpi("Oldest waiting line").textContent()).toContain(`Order ${oldestOrder.name}`);

  const { lines, backordered, rate } = await expectedBackorderRate(30);
  expect(backordered).toBeGreaterThan(0);
  expect(await kpiValue("Backorder rate")).toBe(`${rate}%`);
  expect(await kpi("Backorder rate").textContent()).toContain(`${backordered} of ${lines} order lines`);
  expect(await kpiValue("Fill rate")).toBe(`${Math.round(((lines - backordered) / lines) * 1000) / 10}%`);
  // The demo's history: 8 lines released in the last 30 days, 2 of them after their date, having waited
  // 1, 2, 2, 3, 3, 5, 8 and 12 days.
  expect(await kpiValue("Promise accuracy")).toBe("75%");
  expect(await kpi("Promise accuracy").textContent()).toContain("8 lines released");
  expect(await kpiValue("Backorder duration")).toBe("3 days median");
  expect(await kpi("Backorder duration").textContent()).toContain("12 days for 9 in 10 lines");

  // Each KPI says what it means.
  await kpi("Promise accuracy").getByRole("heading", { name: "Promise accuracy" }).hover();
  await page.getByText(/^Share of released lines released on or before the date the customer was promised/).waitFor();
  // The charts drew (after hydration), each in its card, in this order.
  for (const chart of ["units-waiting", "releases", "durations"]) await page.locator(`#chart-${chart} svg`).first().waitFor();
  const chartTitles = await page.getByRole("heading", { level: 3 }).allTextContents();
  expect(chartTitles.slice(-3)).toEqual(["Units waiting per day", "Lines released per day, against promised", "Backorder duration"]);
  await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("recomputes the KPIs for the period chosen, kept in the URL", async () => {
  await openDashboard();
  // The charts draw once the page is hydrated: from then on the buttons act.
  await page.locator("#chart-units-waiting svg").first().waitFor();
  await page.getByRole("button", { name: "7 days" }).click();
  await expect.poll(() => page.url()).toContain("period=7");
  await page.getByRole("heading", { name: "Last 7 days" }).waitFor();
  const week = await expectedBackorderRate(7);
  const month = await expectedBackorderRate(30);
  expect(week.lines).toBeLessThan(month.lines);
  await expect.poll(() => kpi("Backorder rate").textContent()).toContain(`${week.backordered} of ${week.lines} order lines`);
  expect(await kpiValue("Backorder rate")).toBe(`${week.rate}%`);
  // Waiting now does not depend on the period.
  expect(await kpiValue("Units waiting")).toBe("9");
  await page.screenshot({ path: join(artifacts, "dashboard-7-days.png"), fullPage: true });

  // A period the page does not offer is refused, naming the parameter.
  await page.goto(`${demo.adminUrl(DEMO_SHOP)}&path=${encodeURIComponent("/app?period=12")}`);
  await page.getByRole("heading", { name: "The request was refused (400)", level: 1 }).waitFor();
  await page.getByText("period: choose 7, 30 or 90 days").waitFor();
});

it("warns when the backorder rate passes the merchant's threshold, and links to Settings", async () => {
  const { rate } = await expectedBackorderRate(30);
  await db.shop.update({ where: { shop: DEMO_SHOP }, data: { backorderRateAlertPercent: Math.ceil(rate) } });
  await openDashboard();
  await kpi("Backorder rate").waitFor();
  expect(await page.getByText(/above your alert/).count()).toBe(0);

  await db.shop.update({ where: { shop: DEMO_SHOP }, data: { backorderRateAlertPercent: Math.floor(rate) - 1 } });
  await openDashboard();
  await page.getByText(`Backorder rate is ${rate}%, above your alert at ${Math.floor(rate) - 1}%`).waitFor();
  await page.getByRole("link", { name: "Change the alert in Settings" }).click();
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  expect(page.url()).toContain(`${demo.app.url}/app/settings`);
  expect(browserErrors).toEqual([]);
});

it("shows a first install reading the store, then its figures, without a reload", async () => {
  const shop = "first-install.myshopify.com";
  const orders = 40;
  demo.sim.state.seed(shop, {
    name: "First Install",
    email: "owner@first-install.example",
    currencyCode: "USD",
    locations: [{ name: "Warehouse" }],
    products: [{ title: "Lamp", variants: [{ sku: "LAMP", price: "40.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] }],
  });
  for (let i = 0; i < orders; i += 1) demo.sim.state.placeOrder(shop, { lines: [{ sku: "LAMP", quantity: 1 }] });
  await demo.sim.webhooks.idle();
  // A slow store: the first read takes seconds, as a big one's would, so the page is seen while it runs.
  demo.sim.state.shop(shop).apiLatency = { ms: 1500, operations: ["OpenOrdersCount", "OpenFulfillmentOrders"] };

  await openDashboard(shop);
  // Figures from a half-read store would mislead: the page shows how far the read got instead.
  // The install's webhooks are worked off first: on a busy machine that alone takes a while.
  await page.getByText(new RegExp(`Reading your store: \\d+ of ${orders} open orders`)).waitFor({ timeout: 30_000 });
  expect(await kpi("Units waiting").count()).toBe(0);
  expect(await page.getByText(/above your alert/).count()).toBe(0);
  await page.screenshot({ path: join(artifacts, "dashboard-first-install.png"), fullPage: true });
  // The page is the same document when the figures arrive: it was never reloaded.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await expect.poll(() => kpiValue("Units waiting").catch(() => null), { timeout: 30_000 }).toBe(String(orders));
  expect(await page.getByText(/Reading your store/).count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  const row = await db.shop.findUniqueOrThrow({ where: { shop } });
  expect(row).toMatchObject({ storeReadTotal: orders, storeReadDone: orders });
  expect(row.storeReadAt).not.toBeNull();
  expect(await kpiValue("Backorder rate")).toBe("100%");
  expect(browserErrors).toEqual([]);
}, 60_000);

it("installed the demo by token exchange and fetched the shop's details with it", async () => {
  const shop = await db.shop.findUniqueOrThrow({ where: { shop: DEMO_SHOP } });
  expect(shop).toMatchObject({ name: "Demo Homeware", currencyCode: "CAD", ianaTimezone: "America/Toronto", uninstalledAt: null });
  const session = await db.session.findFirstOrThrow({ where: { shop: DEMO_SHOP, isOnline: false } });
  expect(session.refreshToken).toBeTruthy();
});

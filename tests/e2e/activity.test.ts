// The Activity page in Chromium, against the demo stack: the audit trail says
// what was decided, why and what set it off, and its filters and pages work;
// a failed store event is replayed from the page and processed; a customer's
// data request downloads as JSON.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { DEMO_SHOP, startDemo } from "../../scripts/demo-stack";
import { BROWSER_USER_AGENT, freePort } from "../../sim/app-process";
import type { Stack } from "../../sim/stack";
import { launchChromium } from "../support/browser";
import { root, testDataDir } from "../support/postgres";

const artifacts = join(root, "test-results", "e2e");
let demo: Stack;
let browser: Browser;
let page: Page;
let db: Db;
const browserErrors: string[] = [];
/** The order this test places, and its name in the store ("#1004"). */
let orderName: string;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const appPort = await freePort();
  demo = await startDemo({
    appPort,
    simPort: await freePort(),
    databaseFile: join(testDataDir, `activity-${appPort}.db`),
    build: false,
    quiet: !process.env.DEBUG_ACTIVITY,
  });
  db = createDb(`file:${join(testDataDir, `activity-${appPort}.db`)}`);
  browser = await launchChromium();
  // A page of its own context: axe-core's analysis opens a second page in it.
  const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("pageerror", (error) => browserErrors.push(error.message));
  // A missing element fails its step with a message, well before the test's own time runs out.
  page.setDefaultTimeout(10_000);

  // Opening the app installs it: its full read of the store decides the demo's open orders.
  await page.goto(demo.adminUrl(DEMO_SHOP));
  await page.waitForURL((url) => url.href.startsWith(`${demo.app.url}/app`));
  await demo.settle(DEMO_SHOP);
  // Then a shopper orders a mug the warehouse has none of: its webhook's job puts the line on backorder.
  const warehouse = [...demo.sim.state.shop(DEMO_SHOP).locations.values()].find((l) => l.name === "Ottawa warehouse")!.id;
  orderName = demo.sim.state.placeOrder(DEMO_SHOP, { locationId: warehouse, lines: [{ sku: "MUG-BLUE", quantity: 1 }] }).name;
  await demo.sim.webhooks.idle();
  await demo.settle(DEMO_SHOP);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop({ removeDatabase: true });
  await db?.$disconnect();
});

/** Opens the page from the simulated admin, as a merchant would (App Bridge then signs the app's requests). */
const openActivity = async (query = "") => {
  await page.goto(`${demo.adminUrl(DEMO_SHOP)}&path=${encodeURIComponent(`/app/activity${query}`)}`);
  await page.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
};

/** The audit trail's rows as the page shows them: the instant, and the row's text. */
const trailRows = () =>
  page
    .locator(".Polaris-IndexTable__TableRow")
    .evaluateAll((rows) =>
      rows.map((row) => ({ at: row.querySelector("time")?.getAttribute("datetime") ?? "", text: row.textContent ?? "" })),
    );

it("replays a failed store event from the page, and the job runner processes it at once", async () => {
  // What an outage leaves: the order's delivery received, its job failed for good against an unreachable store.
  const delivery = await db.webhookEvent.findFirstOrThrow({ where: { shop: DEMO_SHOP, topic: "orders/create" }, orderBy: { id: "desc" } });
  const job = await db.job.findFirstOrThrow({
    where: { shop: DEMO_SHOP, name: "webhook", payload: JSON.stringify({ webhookId: delivery.webhookId }) },
  });
  const error = "ShopifyUnavailableError: the store did not answer (503) after 8 attempts";
  await db.webhookEvent.update({ where: { id: delivery.id }, data: { status: "RECEIVED", processedAt: null } });
  await db.job.update({ where: { id: job.id }, data: { status: "DEAD", attempts: 8, lastError: error, finishedAt: new Date() } });

  await openActivity();
  await page.getByRole("tab", { name: "Store events" }).click();
  await page.getByRole("heading", { name: "Failed events" }).waitFor();
  expect(page.url()).toContain("tab=events");
  expect(await page.locator("#count-received").textContent()).toBe("1");
  const row = page.locator(".Polaris-IndexTable__TableRow", { hasText: "orders/create" });
  expect(await row.textContent()).toContain(error);
  expect(await page.getByText("1 background job failed for good as well.").isVisible()).toBe(true);
  await page.screenshot({ path: join(artifacts, "activity-store-events.png"), fullPage: true });

  await row.getByRole("button", { name: "Replay orders/create (processing)" }).click();
  await page.getByRole("status").getByText("Replaying 1 failed event").waitFor();
  // Run at once (the runner was told), not at the next sweep: the delivery is processed, the job done.
  await expect.poll(async () => (await db.job.findUniqueOrThrow({ where: { id: job.id } })).status, { timeout: 10_000 }).toBe("DONE");
  await expect.poll(async () => (await db.webhookEvent.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("PROCESSED");
  await page.getByRole("heading", { name: "No failed events" }).waitFor();
  await openActivity("?tab=events");
  await page.getByRole("heading", { name: "No failed events" }).waitFor();
  expect(await page.locator("#count-received").textContent()).toBe("0");
  expect(browserErrors).toEqual([]);
});

it("answers 404 to a replay of another shop's failed event and 400 to a malformed one, changing nothing", async () => {
  const otherShop = "activity-other.myshopify.com";
  demo.sim.state.seed(otherShop, { locations: [{ name: "Depot" }], products: [] });
  const tokenOf = async (shop: string) => {
    const response = await fetch(`${demo.sim.url}/_sim/session-token`, { method: "POST", body: JSON.stringify({ shop }) });
    return ((await response.json()) as { token: string }).token;
  };
  const replay = async (shop: string, form: Record<string, string>) => {
    const response = await fetch(`${demo.app.url}/app/activity.data`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await tokenOf(shop)}`, "User-Agent": BROWSER_USER_AGENT },
      body: new URLSearchParams(form),
    });
    return { status: response.status, text: await response.text() };
  };
  const dead = await db.job.create({
    data: {
      shop: DEMO_SHOP,
      name: "engine.reconcile",
      payload: "{}",
      maxAttempts: 8,
      attempts: 8,
      status: "DEAD",
      lastError: "Error: boom",
    },
  });

  expect((await replay(otherShop, { intent: "replay", kind: "job", id: String(dead.id) })).status).toBe(404);
  const malformed = await replay(DEMO_SHOP, { intent: "replay", kind: "job", id: "first" });
  expect(malformed.status).toBe(400);
  expect(malformed.text).toContain("id:");
  expect((await db.job.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe("DEAD");
  expect(await db.auditEvent.count({ where: { type: "dead_letters.replayed" } })).toBe(1);

  expect((await replay(DEMO_SHOP, { intent: "replay-all" })).status).toBe(200);
  await expect.poll(async () => (await db.job.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe("DONE");
});

it("lists the audit trail newest first, each entry with what was decided, why and what set it off", async () => {
  await openActivity();
  await page.getByRole("columnheader", { name: "Triggered by" }).waitFor();
  const rows = await trailRows();
  const newest = await db.auditEvent.findMany({ where: { shop: DEMO_SHOP }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 50 });
  expect(rows.map((r) => r.at)).toEqual(newest.map((e) => e.createdAt.toISOString()));
  // The replays just made (from the page, then the replay-all) are the merchant's, and newest.
  expect(rows[0].text).toContain("Replayed 1 failed job");
  expect(rows[0].text).toContain("You, in the app");
  // The new order's line: decided by its webhook's job, named by product, order and location.
  // (Named by its product's title, or its SKU until the title is read, and its location's name once known.)
  const mugLine = rows.find(
    (r) =>
      /The line of (Stoneware Mug \(Blue\)|MUG-BLUE) on #\d+( at Ottawa warehouse)? is waiting for stock/.test(r.text) &&
      r.text.includes(orderName),
  );
  expect(mugLine?.text).toContain("There was not enough stock at its location to ship it");
  expect(mugLine?.text).toMatch(/Store event orders\/create \(webhook [^)]+\)/);
  // The demo's earlier orders were decided by the install's full read of the store.
  expect(rows.some((r) => r.text.includes("Installing the app (a full read of the store)"))).toBe(true);
  await page.screenshot({ path: join(artifacts, "activity-audit-trail.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("narrows the trail by kind and by order, and says when an order is not in the store", async () => {
  await openActivity();
  await page.getByLabel("Kind").selectOption({ label: "Hold placed" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect.poll(() => page.url()).toContain("kind=hold.placed");
  await page.getByRole("columnheader", { name: "Triggered by" }).waitFor();
  const holds = await db.auditEvent.count({ where: { shop: DEMO_SHOP, type: "hold.placed" } });
  expect(holds).toBeGreaterThan(0);
  let rows = await trailRows();
  expect(rows).toHaveLength(holds);
  for (const row of rows) expect(row.text).toContain("Hold placed");

  await page.getByLabel("Kind").selectOption({ label: "All kinds" });
  await page.getByLabel("Order").fill(orderName);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect.poll(() => page.url()).toContain(`order=${encodeURIComponent(orderName)}`);
  // The URL can change before the rows do: wait for the order's rows to replace the holds.
  await expect.poll(async () => (await trailRows()).every((row) => row.text.includes(orderName))).toBe(true);
  rows = await trailRows();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.some((r) => r.text.includes(`Held the lines of order ${orderName} that cannot ship`))).toBe(true);
  await page.screenshot({ path: join(artifacts, "activity-filtered.png"), fullPage: true });

  await page.getByLabel("Order").fill("#99999");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.getByText("order: no order #99999 in this store").waitFor();
  await page.getByRole("heading", { name: "No entries match these filters" }).waitFor();
  expect(browserErrors).toEqual([]);
});

it("filters a date range in the shop's days and pages through it, 50 at a time", async () => {
  // A busy day last January: 60 decisions of a kind this page has no words for yet (another feature's).
  const day = Date.parse("2026-01-15T15:00:00Z");
  await db.auditEvent.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      shop: DEMO_SHOP,
      type: "pin.added",
      subject: `gid://shopify/LineItem/${9000 + i}`,
      data: JSON.stringify({ position: i + 1 }),
      trigger: JSON.stringify({ kind: "merchant" }),
      createdAt: new Date(day + i * 60_000),
    })),
  });
  await openActivity("?tab=audit&from=2026-01-15&to=2026-01-15");
  await page.getByRole("columnheader", { name: "Triggered by" }).waitFor();
  const first = await trailRows();
  expect(first).toHaveLength(50);
  expect(first[0].text).toContain("Pin added (gid://shopify/LineItem/9059)");
  expect(first[0].text).toContain("position: 60");
  expect(first[0].at).toBe(new Date(day + 59 * 60_000).toISOString());

  await page.getByRole("button", { name: "Next" }).click();
  await expect.poll(async () => (await trailRows()).length).toBe(10);
  const second = await trailRows();
  expect(second.at(-1)?.text).toContain("Pin added (gid://shopify/LineItem/9000)");
  expect(new Set([...first, ...second].map((r) => r.at)).size).toBe(60);
  await page.screenshot({ path: join(artifacts, "activity-page-2.png"), fullPage: true });

  await page.getByRole("button", { name: "Previous" }).click();
  await expect.poll(async () => (await trailRows()).map((r) => r.at)).toEqual(first.map((r) => r.at));

  // A range that ends before it starts changes nothing and says which field is wrong.
  await openActivity("?tab=audit&from=2026-01-16&to=2026-01-15");
  await page.getByText("to: must be on or after the start date").waitFor();
  expect(browserErrors).toEqual([]);
});

it("lists customer data requests and downloads one as JSON from the admin", async () => {
  // What a customers/data_request leaves (tests/integration/compliance.test.ts delivers one).
  const report = { customer: { id: "7001" }, orders: ["6001"], records: [{ source: "webhook", fields: { email: "alice@example.com" } }] };
  const row = await db.dataRequest.create({
    data: { shop: DEMO_SHOP, customerId: "7001", dataRequestId: "9999", report: JSON.stringify(report) },
  });
  await openActivity();
  await page.getByRole("tab", { name: "Data requests" }).click();
  await page.getByRole("columnheader", { name: "Shopify request" }).waitFor();
  expect(page.url()).toContain("tab=requests");
  expect(await page.getByRole("cell", { name: "7001" }).isVisible()).toBe(true);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON" }).click()]);
  expect(download.suggestedFilename()).toBe(`data-request-${row.id}.json`);
  const path = await download.path();
  expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(report);
  await page.screenshot({ path: join(artifacts, "activity-data-requests.png") });
  expect(browserErrors).toEqual([]);
});

it("has no serious or critical accessibility violation on any tab", async () => {
  for (const [tab, ready] of [
    ["audit", page.getByRole("columnheader", { name: "Triggered by" })],
    ["events", page.getByRole("heading", { name: "Failed events", exact: true })],
    ["requests", page.getByRole("columnheader", { name: "Shopify request" })],
  ] as const) {
    await openActivity(`?tab=${tab}`);
    await ready.waitFor();
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${tab}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
});

import { mkdirSync } from "node:fs";
import { join } from "node:path";
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
let databaseFile: string;
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const appPort = await freePort();
  databaseFile = join(testDataDir, `demo-${appPort}.db`);
  // The same stack `npm run demo` starts, on free ports, with the build the set-up made.
  demo = await startDemo({ appPort, simPort: await freePort(), databaseFile, build: false, quiet: true });
  db = createDb(`file:${databaseFile}`);
  browser = await launchChromium();
  page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 800 } });
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop({ removeDatabase: true });
  await db?.$disconnect();
});

it("opens the app from the simulated admin and renders the overview with Polaris", async () => {
  // The demo store's orders came before the install: recorded, nothing to act on yet.
  await expect.poll(() => db.webhookEvent.count({ where: { shop: DEMO_SHOP, status: "RECEIVED" } })).toBe(0);
  await page.goto(demo.adminUrl(DEMO_SHOP));
  await expect.poll(() => page.url()).toContain(`${demo.app.url}/app?embedded=1`);
  await page.getByRole("heading", { name: "Backorder Manager" }).waitFor();
  await page.screenshot({ path: join(artifacts, "admin-overview.png"), fullPage: true });

  // Polaris laid the page out: its card and text styles are applied.
  const card = page.locator(".Polaris-ShadowBevel").first();
  expect(await card.count()).toBeGreaterThan(0);
  expect(await page.getByText("Store events").isVisible()).toBe(true);
  // The counts are the events the demo store's webhooks brought.
  const recorded = await db.webhookEvent.count({ where: { shop: DEMO_SHOP, status: "IGNORED" } });
  expect(recorded).toBeGreaterThan(0);
  const ignored = page.locator("p", { hasText: /^Ignored$/ }).locator("xpath=following-sibling::p[1]");
  expect(await ignored.textContent()).toBe(String(recorded));
  expect(browserErrors).toEqual([]);
});

it("lists the demo store's order lines waiting for stock, first in line first", async () => {
  // The install's full reconcile read the store's open orders and held what cannot ship.
  await expect
    .poll(() => db.backorderLine.count({ where: { shop: DEMO_SHOP, state: "backordered" } }), { timeout: 15_000 })
    .toBeGreaterThan(0);
  const waiting = await db.backorderLine.findMany({ where: { shop: DEMO_SHOP, state: "backordered" }, orderBy: { queuePosition: "asc" } });
  await page.reload();
  await page.getByRole("heading", { name: "Waiting for stock" }).waitFor();
  const units = waiting.reduce((sum, line) => sum + line.backordered, 0);
  expect(await page.getByText(`${waiting.length} order lines, ${units} units`).isVisible()).toBe(true);
  const rows = page.locator(".Polaris-DataTable").first().locator("tbody tr");
  expect(await rows.count()).toBe(waiting.length);
  await page.screenshot({ path: join(artifacts, "admin-waiting.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("installed the app by token exchange and fetched the shop's details with it", async () => {
  await expect.poll(async () => (await db.shop.findUnique({ where: { shop: DEMO_SHOP } }))?.name).toBe("Demo Homeware");
  const shop = await db.shop.findUniqueOrThrow({ where: { shop: DEMO_SHOP } });
  expect(shop).toMatchObject({ currencyCode: "CAD", ianaTimezone: "America/Toronto", uninstalledAt: null });
  const session = await db.session.findFirstOrThrow({ where: { shop: DEMO_SHOP, isOnline: false } });
  expect(session.refreshToken).toBeTruthy();
});

it("navigates inside the app with session tokens from the App Bridge stand-in", async () => {
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  expect(page.url()).toBe(`${demo.app.url}/app/settings`);
  await page.screenshot({ path: join(artifacts, "admin-settings.png") });
  expect(browserErrors).toEqual([]);
});

import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { DEMO_SHOP, startDemo } from "../../scripts/demo-stack";
import { BROWSER_USER_AGENT, freePort } from "../../sim/app-process";
import type { Stack } from "../../sim/stack";
import { eventually } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { root, testDataDir } from "../support/postgres";

// Every admin page, with the demo store's data, checked by axe-core in
// Chromium: no serious or critical violation. What the simulator draws in
// place of the Shopify admin (the nav menu, loading bar, toasts and save bar
// around the app) is Shopify's to get right, and left out. Each page's
// screenshot with the demo's data is kept in test-results/e2e/demo-*.png.
const PAGES = [
  { path: "/app", heading: "Dashboard" },
  { path: "/app/backorders", heading: "Backorders" },
  { path: "/app/products", heading: "Products" },
  { path: "/app/incoming", heading: "Incoming stock" },
  { path: "/app/planning", heading: "Purchase planning" },
  { path: "/app/activity", heading: "Activity" },
  { path: "/app/settings", heading: "Settings" },
  { path: "/app/notifications", heading: "Notifications" },
];
const artifacts = join(root, "test-results", "e2e");
const ADMIN_STAND_IN = ["ui-nav-menu", "ui-save-bar", ".app-bridge-loading", ".app-bridge-toasts"];

let demo: Stack;
let browser: Browser;
let page: Page;
let db: Db;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const appPort = await freePort();
  const databaseFile = join(testDataDir, `a11y-${appPort}.db`);
  demo = await startDemo({ appPort, simPort: await freePort(), databaseFile, build: false, quiet: true });
  db = createDb(`file:${databaseFile}`);
  browser = await launchChromium();
  const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // Opening the app installs it; its full reconcile reads the store, and then the pages have their data.
  await page.goto(demo.adminUrl(DEMO_SHOP));
  await eventually(async () => (await db.backorderLine.count({ where: { shop: DEMO_SHOP } })) > 0, 20_000);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop({ removeDatabase: true });
  await db?.$disconnect();
});

it.each(PAGES)("finds no serious or critical accessibility violation on $path", async ({ path, heading }) => {
  // Opened from the admin as a merchant's bookmark would: a full load with a fresh session token.
  await page.goto(`${demo.adminUrl(DEMO_SHOP)}&path=${encodeURIComponent(path)}`);
  await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of ADMIN_STAND_IN) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target.join(" ")) }));
  expect(serious).toEqual([]);
  const name = path === "/app" ? "dashboard" : path.slice("/app/".length);
  await page.screenshot({ path: join(artifacts, `demo-${name}.png`), fullPage: true });
});

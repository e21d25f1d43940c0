import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { launchChromium } from "../support/browser";
import { TEST_API_KEY, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

// The Settings page in Chromium, in the simulated admin: the merchant changes
// the rule, sees what it would do before saving, saves from the save bar,
// and the store's holds follow.
const artifacts = join(root, "test-results", "e2e");
let stack: TestStack;
let browser: Browser;
let page: Page;
let older: { id: string; name: string };
let newer: { id: string; name: string };
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 1 } }] }],
    customers: [{ firstName: "Vera", lastName: "Vip", email: "vera@example.com", tags: ["priority"] }],
  });
  const warehouse = stack.location("Warehouse");
  const vera = [...stack.sim.state.shop(TEST_SHOP).customers.values()][0];
  older = stack.sim.state.placeOrder(TEST_SHOP, {
    customer: { firstName: "Otto", email: "otto@example.com" },
    lines: [{ sku: "MUG", quantity: 1 }],
    locationId: warehouse,
  });
  newer = stack.sim.state.placeOrder(TEST_SHOP, { customerId: vera.id, lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
  await stack.settle();
  browser = await launchChromium();
  page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Whether the app's hold is on the order in the simulated store. */
const heldInStore = (orderId: string) =>
  stack.fulfillmentOrdersOf(orderId).some((fo) => fo.holds.some((hold) => hold.appKey === TEST_API_KEY));

async function openSettings() {
  await page.goto(stack.adminUrl);
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
}

it("previews what a new priority rule would do, saves it from the save bar, and the store's holds follow", async () => {
  // Oldest first: the older order ships, the newer waits.
  expect([heldInStore(older.id), heldInStore(newer.id)]).toEqual([false, true]);
  await openSettings();
  expect(await page.locator("ui-save-bar[open]").count()).toBe(0);

  await page.getByLabel("Who gets restocked units first").selectOption("PRIORITY_TAG_FIRST");
  await page.getByRole("heading", { name: "What saving would change" }).waitFor();
  const preview = page.getByRole("list");
  await preview.getByText(`Released to ship now (1): ${newer.name}`).waitFor();
  expect(await preview.getByText(`Held (1): ${older.name}`).isVisible()).toBe(true);
  expect(await preview.getByText("2 waiting lines change place in the queue").isVisible()).toBe(true);
  await page.screenshot({ path: join(artifacts, "settings-preview.png"), fullPage: true });
  // A preview changes nothing.
  expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "settings.changed" } })).toBe(0);
  expect([heldInStore(older.id), heldInStore(newer.id)]).toEqual([false, true]);

  await page.locator("ui-save-bar[open]").getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("Settings saved").waitFor();
  await expect.poll(() => [heldInStore(older.id), heldInStore(newer.id)], { timeout: 10_000 }).toEqual([true, false]);
  const audit = await stack.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "settings.changed" } });
  expect(JSON.parse(audit.data)).toMatchObject({ priorityRule: "PRIORITY_TAG_FIRST" });
  // Saved: the form matches what is stored, so the save bar has gone.
  await expect.poll(() => page.locator("ui-save-bar[open]").count()).toBe(0);
  expect(browserErrors).toEqual([]);
});

it("shows a bad value beside its field and changes nothing", async () => {
  await openSettings();
  const before = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  await page.getByLabel("Backorder rate alert (%)").fill("250");
  await page.locator("ui-save-bar[open]").getByRole("button", { name: "Save" }).click();
  await page.getByText("Too big: expected number to be <=100").waitFor();
  await page.screenshot({ path: join(artifacts, "settings-error.png"), fullPage: true });
  const after = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  expect(after.backorderRateAlertPercent).toBe(before.backorderRateAlertPercent);
  expect(after.updatedAt).toEqual(before.updatedAt);

  // Discard puts the stored value back and closes the bar.
  await page.locator("ui-save-bar[open]").getByRole("button", { name: "Discard" }).click();
  expect(await page.getByLabel("Backorder rate alert (%)").inputValue()).toBe(String(before.backorderRateAlertPercent));
  expect(browserErrors).toEqual([]);
});

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { signSessionToken } from "../../sim/auth";
import { launchChromium } from "../support/browser";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

// The Products page in Chromium, in the simulated admin: the merchant adds
// products through App Bridge's resource picker, sets a variant's backorders,
// lead time and shopper message with the badge preview, and the store
// follows (inventoryPolicy CONTINUE, the badge metafield); a bulk edit sets
// two variants at once; a bad value is named at its field and changes nothing.
const artifacts = join(root, "test-results", "e2e");
let stack: TestStack;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

const swatch = (color: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="${color}"/></svg>`)}`;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [
      { title: "Mug", image: swatch("#2c6ecb"), variants: [{ sku: "MUG", stock: { Warehouse: 5 } }] },
      { title: "Teapot", vendor: "Kiln & Co", image: swatch("#b98900"), variants: [{ sku: "TEAPOT", stock: { Warehouse: 0 } }] },
      {
        title: "Vase",
        vendor: "Kiln & Co",
        image: null,
        variants: [
          { title: "Small", sku: "VASE-S", stock: { Warehouse: 0 } },
          { title: "Large", sku: "VASE-L", stock: { Warehouse: 0 } },
        ],
      },
    ],
  });
  browser = await launchChromium();
  // A page of its own context: axe-core's analysis opens a second page in it.
  const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const simVariant = (sku: string) => stack.sim.state.shop(TEST_SHOP).variants.get(stack.variant(sku).id)!;
/** The storefront badge metafield the app wrote on a variant; undefined when none. */
const badgeOf = (sku: string) => {
  const metafield = simVariant(sku).metafields.find((m) => m.namespace.startsWith("app--") && m.key === "backorder");
  return metafield && (JSON.parse(metafield.value) as { status: string; eta: string | null; message: string | null });
};
/** The table's rows as they read, cell by cell (the selection checkbox, the Edit button and text only for screen readers left out). */
const tableRows = () =>
  page.locator(".Polaris-IndexTable__TableRow").evaluateAll((rows) =>
    rows.map((row) =>
      [...row.querySelectorAll("td")].slice(1, -1).map((cell) => {
        const copy = cell.cloneNode(true) as Element;
        copy.querySelectorAll(".Polaris-Text--visuallyHidden").forEach((hidden) => hidden.remove());
        return (copy.textContent ?? "").trim();
      }),
    ),
  );

async function openProducts() {
  await page.goto(`${stack.adminUrl}&path=${encodeURIComponent("/app/products")}`);
  await page.getByRole("heading", { name: "Products", level: 1 }).waitFor();
}

it("adds products through the resource picker, sets a lead time and message, and the store's policy and badge follow", async () => {
  await openProducts();
  await page.getByText("No products followed yet").waitFor();

  await page.getByRole("button", { name: "Add products" }).first().click();
  const picker = page.getByRole("dialog", { name: "Add products" });
  await picker.getByLabel("Teapot").check();
  await picker.getByLabel("Vase").check();
  await picker.getByRole("button", { name: "Add" }).click();
  await page.getByRole("status").getByText("Added 3 variants").waitFor();
  await page.getByRole("cell", { name: "TEAPOT", exact: true }).waitFor();
  expect(await tableRows()).toEqual([
    ["Teapot", "TEAPOT", "Kiln & Co", "Stops at zero", "Not set up", "—", "—", "—", "None yet"],
    ["Vase - Small", "VASE-S", "Kiln & Co", "Stops at zero", "Not set up", "—", "—", "—", "None yet"],
    ["Vase - Large", "VASE-L", "Kiln & Co", "Stops at zero", "Not set up", "—", "—", "—", "None yet"],
  ]);
  const teapot = await stack.db.variantSetting.findUniqueOrThrow({
    where: { shop_variantId: { shop: TEST_SHOP, variantId: stack.variant("TEAPOT").id } },
  });
  expect(teapot).toMatchObject({ productTitle: "Teapot", vendor: "Kiln & Co", inventoryPolicy: "DENY", backordersEnabled: null });
  expect(teapot.imageUrl).toMatch(/^data:image\/svg/);
  expect(teapot.inventoryItemId).toBe(stack.variant("TEAPOT").inventoryItemId);

  await page.getByRole("button", { name: "Edit Teapot" }).click();
  const editor = page.getByRole("dialog", { name: "Backorders for Teapot" });
  await editor.getByLabel("Backorders").selectOption("on");
  await editor.getByLabel("Lead time (days)").fill("21");
  await editor.getByLabel("Message for shoppers").fill("Hand-thrown to order");
  const preview = editor.getByRole("group", { name: "Badge preview" });
  await preview.getByText("Backorder: ships in about 3 weeks").waitFor();
  expect(await preview.innerText()).toContain("Hand-thrown to order");
  await page.screenshot({ path: join(artifacts, "products-edit.png"), fullPage: true });
  // The editor, open over the page, as a screen reader meets it.
  const { violations } = await new AxeBuilder({ page })
    .include('[role="dialog"]')
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await editor.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("Backorder settings saved").waitFor();
  // The engine acts at once: the variant sells on, and the storefront says when it ships.
  await expect.poll(() => simVariant("TEAPOT").inventoryPolicy, { timeout: 10_000 }).toBe("CONTINUE");
  await expect
    .poll(() => badgeOf("TEAPOT"), { timeout: 10_000 })
    .toEqual({
      status: "BACKORDER",
      eta: null,
      leadTimeDays: 21,
      message: "Hand-thrown to order",
    });
  const audit = await stack.db.auditEvent.findFirstOrThrow({
    where: { shop: TEST_SHOP, type: "variant.settings_changed", subject: stack.variant("TEAPOT").id },
  });
  expect(JSON.parse(audit.data)).toMatchObject({ backordersEnabled: true, leadTimeDays: 21, message: "Hand-thrown to order" });

  // The page shows what the store now says, in the words of the preview.
  await stack.settle();
  await openProducts();
  await page.getByRole("cell", { name: "Backorder: ships in about 3 weeks" }).waitFor();
  expect((await tableRows())[0]).toEqual([
    "Teapot",
    "TEAPOT",
    "Kiln & Co",
    "Continues selling",
    "On",
    "No cap",
    "21 days",
    "Hand-thrown to order",
    "Backorder: ships in about 3 weeks",
  ]);
  await page.screenshot({ path: join(artifacts, "products.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("edits two variants at once: both sell on backorder with the same lead time, each audited", async () => {
  await openProducts();
  const row = (name: string) => page.locator(".Polaris-IndexTable__TableRow", { hasText: name });
  await row("Vase - Small").locator("input[type=checkbox]").check({ force: true });
  await row("Vase - Large").locator("input[type=checkbox]").check({ force: true });
  await page.getByRole("button", { name: "Edit backorder settings" }).click();
  const editor = page.getByRole("dialog", { name: "Edit 2 variants" });
  await editor.getByLabel("Backorders").selectOption("on");
  await editor.getByLabel("Lead time (days)").fill("10");
  await page.screenshot({ path: join(artifacts, "products-bulk.png"), fullPage: true });
  await editor.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("Backorder settings saved for 2 variants").waitFor();

  await expect
    .poll(() => [simVariant("VASE-S").inventoryPolicy, simVariant("VASE-L").inventoryPolicy], { timeout: 10_000 })
    .toEqual(["CONTINUE", "CONTINUE"]);
  const rows = await stack.db.variantSetting.findMany({
    where: { shop: TEST_SHOP, sku: { in: ["VASE-S", "VASE-L", "TEAPOT"] } },
    orderBy: { sku: "asc" },
    select: { sku: true, backordersEnabled: true, leadTimeDays: true, message: true },
  });
  expect(rows).toEqual([
    { sku: "TEAPOT", backordersEnabled: true, leadTimeDays: 21, message: "Hand-thrown to order" },
    { sku: "VASE-L", backordersEnabled: true, leadTimeDays: 10, message: null },
    { sku: "VASE-S", backordersEnabled: true, leadTimeDays: 10, message: null },
  ]);
  const audits = await stack.db.auditEvent.findMany({
    where: { shop: TEST_SHOP, type: "variant.settings_changed", subject: { in: [stack.variant("VASE-S").id, stack.variant("VASE-L").id] } },
  });
  expect(audits.map((a) => JSON.parse(a.data) as { bulk: number }).map((d) => d.bulk)).toEqual([2, 2]);
  expect(browserErrors).toEqual([]);
});

it("names a bad value at its field and changes nothing", async () => {
  await stack.settle();
  await openProducts();
  const before = await stack.db.variantSetting.findUniqueOrThrow({
    where: { shop_variantId: { shop: TEST_SHOP, variantId: stack.variant("TEAPOT").id } },
  });
  const audits = await stack.db.auditEvent.count({ where: { shop: TEST_SHOP } });
  await page.getByRole("button", { name: "Edit Teapot" }).click();
  const editor = page.getByRole("dialog", { name: "Backorders for Teapot" });
  await editor.getByLabel("Lead time (days)").fill("-5");
  await editor.getByLabel("Message for shoppers").fill("Never mind");
  await editor.getByRole("button", { name: "Save" }).click();
  await editor.getByText("must be 0 or more").waitFor();
  await page.screenshot({ path: join(artifacts, "products-error.png"), fullPage: true });
  const after = await stack.db.variantSetting.findUniqueOrThrow({
    where: { shop_variantId: { shop: TEST_SHOP, variantId: stack.variant("TEAPOT").id } },
  });
  expect(after).toEqual(before);
  expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP } })).toBe(audits);
  expect(browserErrors).toEqual([]);
});

it("adds a product by searching the store where App Bridge has no resource picker", async () => {
  await openProducts();
  // An admin without the picker (an older App Bridge, say): the page offers its own search.
  await page.evaluate(() => {
    delete (window as unknown as { shopify: { resourcePicker?: unknown } }).shopify.resourcePicker;
  });
  await page.getByRole("button", { name: "Add products" }).click();
  const search = page.getByRole("dialog", { name: "Add products" });
  await search.getByLabel("Product title").fill("mu");
  await search.getByRole("button", { name: "Search" }).click();
  await search.getByLabel("Mug (MUG)").check();
  await search.getByRole("button", { name: "Add" }).click();
  await page.getByRole("status").getByText("Added 1 variant").waitFor();
  await page.getByRole("cell", { name: "MUG", exact: true }).waitFor();
  expect((await tableRows()).map((row) => row[0])).toEqual(["Mug", "Teapot", "Vase - Small", "Vase - Large"]);
  expect(browserErrors).toEqual([]);
});

it("answers 404 to another shop's variant, 422 naming a bad field and 400 to a malformed request, changing nothing", async () => {
  await stack.settle();
  const otherShop = "products-other.myshopify.com";
  const foreign = "gid://shopify/ProductVariant/987654";
  await stack.db.variantSetting.create({
    data: {
      shop: otherShop,
      variantId: foreign,
      productId: "gid://shopify/Product/987654",
      inventoryItemId: "gid://shopify/InventoryItem/987654",
      inventoryPolicy: "DENY",
    },
  });
  const teapot = stack.variant("TEAPOT").id;
  const rowsBefore = await stack.db.variantSetting.findMany({ orderBy: [{ shop: "asc" }, { variantId: "asc" }] });
  const eventsBefore = await stack.db.auditEvent.count();
  // As the embedded admin sends it: with a session token from App Bridge.
  const headers = () => ({
    Authorization: `Bearer ${signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET })}`,
    "User-Agent": BROWSER_USER_AGENT,
  });
  const post = async (fields: [string, string][]) => {
    const response = await fetch(`${stack.app.url}/app/products.data`, {
      method: "POST",
      headers: headers(),
      body: new URLSearchParams(fields),
    });
    return { status: response.status, text: await response.text() };
  };

  expect(
    (
      await post([
        ["intent", "edit"],
        ["variantIds", teapot],
        ["variantIds", foreign],
        ["backordersEnabled", "off"],
      ])
    ).status,
  ).toBe(404);
  const bad = await post([
    ["intent", "edit"],
    ["variantIds", teapot],
    ["leadTimeDays", "soon"],
  ]);
  expect(bad.status).toBe(422);
  expect(bad.text).toContain("leadTimeDays");
  expect((await post([["intent", "delete-everything"]])).status).toBe(400);
  const page = await fetch(`${stack.app.url}/app/products.data?after=not-a-page`, { headers: headers() });
  expect(page.status).toBe(400);

  expect(await stack.db.variantSetting.findMany({ orderBy: [{ shop: "asc" }, { variantId: "asc" }] })).toEqual(rowsBefore);
  expect(await stack.db.auditEvent.count()).toBe(eventsBefore);
});

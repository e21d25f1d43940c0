import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateVariantSettings } from "~/engine/settings.server";
import { recordSupply } from "~/engine/supply.server";
import { legacyId } from "../../sim/state/ids";
import { launchChromium } from "../support/browser";
import { TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

// A shopper on the simulated storefront, in Chromium, with the real app
// installed: the app publishes the badges (from its settings and incoming
// stock) and the product page renders them with the theme block. The badge is
// in the first paint, switches with the variant without a request, travels to
// the cart as a line item property and reaches the order as a custom attribute.
const artifacts = join(root, "test-results", "e2e");
const MESSAGE = "Woven to order <b>in Lyon</b>";
const DATED = "Backorder: ships by 1 April";

let stack: TestStack;
let browser: Browser;
let storefront: string;
const browserErrors: string[] = [];

const swatch = (color: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="${color}"/></svg>`)}`;

/** The numeric id a product form and a `?variant=` carry. */
const numeric = (sku: string) => String(legacyId(stack.variant(sku).id));
const productUrl = (sku?: string) => `${storefront}/products/linen-shirt${sku ? `?variant=${numeric(sku)}` : ""}`;
const badgeOf = (sku: string) => {
  const metafield = stack.sim.state
    .shop(TEST_SHOP)
    .variants.get(stack.variant(sku).id)!
    .metafields.find((m) => m.namespace.startsWith("app--") && m.key === "backorder");
  return metafield && JSON.parse(metafield.value);
};

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [
      {
        title: "Linen Shirt",
        image: swatch("#c9b89a"),
        variants: [
          { title: "Small", sku: "SHIRT-S", price: "60.00", stock: { Warehouse: 5 } },
          { title: "Medium", sku: "SHIRT-M", price: "60.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } },
          { title: "Large", sku: "SHIRT-L", price: "60.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } },
        ],
      },
    ],
  });
  storefront = stack.sim.storefrontUrl(TEST_SHOP);
  // The merchant sets the variants up in the app: Medium waits for a dated shipment;
  // Large sold on backorder, then capped at what already waits (none): sold out.
  const context = { ...stack.changes, gateway: await stack.gateway() };
  const settings = { backordersEnabled: true, capKind: null, capUnits: null, leadTimeDays: null, message: null };
  await updateVariantSettings(context, TEST_SHOP, stack.variant("SHIRT-M").id, { ...settings, message: MESSAGE });
  await recordSupply(stack.changes, TEST_SHOP, {
    inventoryItemId: stack.variant("SHIRT-M").inventoryItemId,
    locationId: stack.location("Warehouse"),
    quantity: 10,
    expectedOn: "2030-04-01",
  });
  await updateVariantSettings(context, TEST_SHOP, stack.variant("SHIRT-L").id, settings);
  await stack.settle();
  await updateVariantSettings(context, TEST_SHOP, stack.variant("SHIRT-L").id, { ...settings, capKind: "FIXED", capUnits: 0 });
  await stack.settle();
  expect([badgeOf("SHIRT-S"), badgeOf("SHIRT-M"), badgeOf("SHIRT-L")]).toEqual([
    undefined,
    { status: "BACKORDER", eta: "2030-04-01", leadTimeDays: null, message: MESSAGE },
    { status: "SOLD_OUT", eta: null, leadTimeDays: null, message: null },
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function open(url: string): Promise<{ page: Page; html: string; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
  const response = await page.goto(url, { waitUntil: "load" });
  const html = (await response!.text()) ?? "";
  // From here on, every request the page makes.
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  return { page, html, requests };
}

const headline = (page: Page) => page.locator(".backorder-badge__headline").textContent();
const badge = (page: Page) => page.locator(".backorder-badge__badge");
/** The headline as the server wrote it, before any script ran. */
const servedHeadline = (html: string) => /<span class="backorder-badge__headline">([^<]*)<\/span>/.exec(html)?.[1];

describe("the storefront with the app's badge", () => {
  it("shows the selected variant's badge on first paint: in the server's HTML and in the browser", async () => {
    const dated = await open(productUrl("SHIRT-M"));
    expect(servedHeadline(dated.html)).toBe(DATED);
    expect(dated.html).toContain("Woven to order &lt;b&gt;in Lyon&lt;/b&gt;");
    expect(await headline(dated.page)).toBe(DATED);
    expect(await dated.page.locator(".backorder-badge__message").textContent()).toBe(MESSAGE);
    await dated.page.screenshot({ path: join(artifacts, "storefront-badge.png") });
    await dated.page.close();

    const soldOut = await open(productUrl("SHIRT-L"));
    expect(servedHeadline(soldOut.html)).toBe("Sold out");
    expect(soldOut.html).toMatch(/<button type="submit" name="add"\s+disabled\s*>Sold out<\/button>/);
    expect(await headline(soldOut.page)).toBe("Sold out");
    await soldOut.page.close();

    // No ?variant=: the first available one, Small, in stock: no badge to see.
    const inStock = await open(productUrl());
    expect(inStock.html).toMatch(/data-status="IN_STOCK"[^>]*hidden/);
    expect(await badge(inStock.page).isHidden()).toBe(true);
    await inStock.page.close();

    // In French, from the locale in the URL.
    const french = await open(`${productUrl("SHIRT-M")}&locale=fr`);
    expect(french.html).toContain('<html lang="fr">');
    expect(servedHeadline(french.html)).toBe("En réassort : expédié d’ici le 1 avril");
    await french.page.close();
  });

  it("switches the badge with the variant picker, with no network request after load", async () => {
    const { page, requests } = await open(productUrl("SHIRT-M"));
    await page.getByText("Large", { exact: true }).click();
    await expect.poll(() => headline(page)).toBe("Sold out");
    expect(page.url()).toBe(productUrl("SHIRT-L"));
    expect(await page.locator('form input[name="id"]').inputValue()).toBe(numeric("SHIRT-L"));
    expect(await page.locator('form input[name="properties[Backorder]"]').count()).toBe(0);

    await page.getByText("Small", { exact: true }).click();
    await expect.poll(() => badge(page).isHidden()).toBe(true);

    await page.getByText("Medium", { exact: true }).click();
    await expect.poll(() => headline(page)).toBe(DATED);
    expect(await page.locator('form input[name="properties[Backorder]"]').inputValue()).toBe(DATED);
    expect(page.url()).toBe(productUrl("SHIRT-M"));

    expect(requests).toEqual([]);
    expect(browserErrors).toEqual([]);
    await page.close();
  });

  it("carries the badge to the cart as a line item property, and checkout places the order with it", async () => {
    const { page } = await open(productUrl("SHIRT-S"));
    // The shopper picks the backordered size on the page, then adds it.
    await page.getByText("Medium", { exact: true }).click();
    await expect.poll(() => headline(page)).toBe(DATED);
    await Promise.all([page.waitForURL(`${storefront}/cart`), page.getByRole("button", { name: "Add to cart" }).click()]);
    const line = page.locator(".line");
    expect(await line.locator(".line__property").count()).toBe(1);
    expect(await line.locator("dt").textContent()).toBe("Backorder");
    expect(await line.locator("dd").textContent()).toBe(DATED);
    // The date for the app is there, hidden from the shopper as Shopify hides "_" properties.
    expect(await page.content()).not.toContain("_backorder_eta");

    await Promise.all([page.waitForURL(/\/orders\/\d+$/), page.getByRole("button", { name: "Check out" }).click()]);
    const placedOrderId = `gid://shopify/Order/${/\/orders\/(\d+)$/.exec(page.url())![1]}`;
    const order = stack.sim.state.order(stack.sim.state.shop(TEST_SHOP), placedOrderId);
    expect(await page.locator("[data-order-name]").textContent()).toBe(order.name);
    expect(await page.locator(".line dd").textContent()).toBe(DATED);
    await page.close();

    // What the Admin API says of the order's line, as the app reads it.
    const { access_token } = stack.sim.tokens.issue(TEST_SHOP, { expiring: true });
    const answer = await stack.sim.graphql(
      TEST_SHOP,
      String(access_token),
      `query Placed($id: ID!) { order(id: $id) { lineItems(first: 5) { nodes { sku customAttributes { key value } } } } }`,
      { id: placedOrderId },
    );
    expect(answer.body.data.order.lineItems.nodes).toEqual([
      {
        sku: "SHIRT-M",
        customAttributes: [
          { key: "Backorder", value: DATED },
          { key: "_backorder_eta", value: "2030-04-01" },
        ],
      },
    ]);
    // The app read the order and keeps the date the shopper was shown beside its own promise.
    await stack.settle();
    const waiting = await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: placedOrderId } });
    expect(waiting).toMatchObject({ state: "backordered", shownEta: "2030-04-01", promisedEta: "2030-04-01" });
  });

  it("does not shift the layout while the page loads", async () => {
    const { page } = await open(productUrl("SHIRT-M"));
    const shift = await page.evaluate(
      () =>
        new Promise<number | string>((resolve) => {
          if (!PerformanceObserver.supportedEntryTypes.includes("layout-shift")) return resolve("layout-shift is not observable");
          let total = 0;
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
              if (!entry.hadRecentInput) total += entry.value;
          });
          observer.observe({ type: "layout-shift", buffered: true });
          // Buffered entries arrive in a callback: read the sum two frames on.
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              for (const entry of observer.takeRecords() as (PerformanceEntry & { value: number })[]) total += entry.value;
              resolve(total);
            }),
          );
        }),
    );
    expect(shift).toBe(0);
    await page.close();
  });
});

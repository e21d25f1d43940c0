import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FULL_RECONCILE_JOB, requestReconcile } from "~/engine/requests.server";
import { signSessionToken } from "../../sim/auth";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { launchChromium } from "../support/browser";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";

// Backorders visible inside Shopify (issue 13): an order with a waiting line
// carries the shop's tag and the $app.backorder metafield in the store, and
// loses both when nothing of it waits; the merchant's own tags stay.
const seed = (mugs: number) => ({
  locations: [{ name: "Warehouse" }],
  products: [
    { title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE" as const, stock: { Warehouse: mugs } }] },
    { title: "Towel", variants: [{ sku: "TOWEL", inventoryPolicy: "DENY" as const, stock: { Warehouse: 10 } }] },
  ],
});

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const orderIn = (s: TestStack, orderId: string) => s.sim.state.shop(TEST_SHOP).orders.get(orderId)!;
const tagsOf = (s: TestStack, orderId: string) => orderIn(s, orderId).tags;
/** The app's order metafield as the store has it, parsed, with its type; undefined when there is none. */
function markOf(s: TestStack, orderId: string) {
  const metafield = orderIn(s, orderId).metafields.find((m) => m.namespace.startsWith("app--") && m.key === "backorder");
  return metafield && { type: metafield.type, ...(JSON.parse(metafield.value) as { lines: Array<Record<string, unknown>> }) };
}

/** One mug waiting beside two towels in stock, on an order the merchant tagged "gift". */
function placeWaitingOrder(s: TestStack) {
  return s.sim.state.placeOrder(TEST_SHOP, {
    tags: ["gift"],
    lines: [
      { sku: "MUG", quantity: 1 },
      { sku: "TOWEL", quantity: 2 },
    ],
    locationId: s.location("Warehouse"),
  });
}

/** The store's granted scopes less write_orders, as a shop that installed before the app asked for it has them. */
async function withoutWriteOrders(s: TestStack) {
  const scopes = s.sim.tokens
    .scopeOf(TEST_SHOP)
    .split(",")
    .filter((scope) => scope !== "write_orders");
  await s.sim.grantScopes(TEST_SHOP, scopes);
  await s.settle();
  return scopes;
}

function saveSettings(s: TestStack, fields: Record<string, string>) {
  const sessionToken = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  const headers = { Authorization: `Bearer ${sessionToken}`, "User-Agent": BROWSER_USER_AGENT };
  const form = { priorityRule: "OLDEST_FIRST", priorityTag: "priority", fulfillmentMode: "SHIP_AVAILABLE", handlingDays: "0", ...fields };
  return fetch(`${s.app.url}/app/settings.data`, { method: "POST", headers, body: new URLSearchParams(form) });
}

describe("backordered orders in Shopify's admin", () => {
  it("tags an order with a waiting line and lists the line in its metafield; both go when stock arrives, the merchant's tag stays", async () => {
    stack = await startTestStack(seed(0));
    stack.sim.resetUsage();
    const order = placeWaitingOrder(stack);
    await stack.settle();

    expect(tagsOf(stack, order.id)).toEqual(["backordered", "gift"]);
    const mug = orderIn(stack, order.id).lineItems.find((l) => l.sku === "MUG")!;
    expect(markOf(stack, order.id)).toEqual({
      type: "json",
      lines: [{ lineItemId: mug.id, title: "Mug", quantity: 1, location: "Warehouse", promisedOn: null, placeInLine: 1 }],
    });
    // The hold, the tag, and the variant's first badge with the order's metafield in one metafieldsSet.
    expect(stack.sim.usage(TEST_SHOP).mutations).toBe(3);
    // The order and its stock for orders/create, each item's stock for its inventory webhook and each
    // product's variants for its products/update; the orders/updated the tag sent is the app's own echo: no read.
    expect(stack.sim.usage(TEST_SHOP).queries).toBe(6);
    const echo = await stack.db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, topic: "orders/updated" } });
    const snapshot = await stack.db.orderSnapshot.findUniqueOrThrow({ where: { shop_orderId: { shop: TEST_SHOP, orderId: order.id } } });
    expect(snapshot.fetchedAt.getTime()).toBeLessThan(echo.receivedAt.getTime());

    // Planning again with nothing changed writes nothing.
    stack.sim.resetUsage();
    await requestReconcile(stack.db, TEST_SHOP, true);
    await stack.changes.jobs.notify(TEST_SHOP);
    await stack.settle();
    expect(await stack.db.job.count({ where: { shop: TEST_SHOP, name: FULL_RECONCILE_JOB, status: "DONE" } })).toBeGreaterThan(1);
    expect(stack.sim.usage(TEST_SHOP).mutations).toBe(0);

    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: stack.location("Warehouse"), quantity: 1 });
    await stack.settle();
    expect(tagsOf(stack, order.id)).toEqual(["gift"]);
    expect(markOf(stack, order.id)).toBeUndefined();
    expect(await stack.db.orderSnapshot.count({ where: { shop: TEST_SHOP, marked: true } })).toBe(0);
  });

  it("takes the tag and the metafield off an order whose waiting line is cancelled", async () => {
    stack = await startTestStack(seed(0));
    const order = placeWaitingOrder(stack);
    await stack.settle();
    expect(tagsOf(stack, order.id)).toContain("backordered");

    stack.sim.state.cancelOrder(TEST_SHOP, { orderId: order.id, restock: true });
    await stack.settle();
    expect(tagsOf(stack, order.id)).toEqual(["gift"]);
    expect(markOf(stack, order.id)).toBeUndefined();
  });

  it("moves the tag when the merchant renames it in Settings, and refuses a tag Shopify would not take, naming the field", async () => {
    stack = await startTestStack(seed(0));
    const order = placeWaitingOrder(stack);
    await stack.settle();

    const refused = await saveSettings(stack, { orderTag: "late, very" });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain("orderTag");
    expect(body).toContain("A tag cannot contain a comma");
    const tooLong = await saveSettings(stack, { orderTag: "x".repeat(41) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("A tag has at most 40 characters");
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "settings.changed" } })).toBe(0);

    expect((await saveSettings(stack, { orderTag: " Waiting-stock " })).status).toBe(200);
    await stack.settle();
    expect(tagsOf(stack, order.id)).toEqual(["gift", "Waiting-stock"]);
    expect(markOf(stack, order.id)?.lines).toHaveLength(1);
  });

  it("keeps holding orders in a shop without write_orders, tags nothing there, and tags them once the merchant grants it", async () => {
    stack = await startTestStack(seed(0));
    const scopes = await withoutWriteOrders(stack);

    const order = placeWaitingOrder(stack);
    await stack.settle();
    const held = stack.fulfillmentOrdersOf(order.id).filter((fo) => fo.status === "ON_HOLD");
    expect(held).toHaveLength(1);
    expect(tagsOf(stack, order.id)).toEqual(["gift"]);
    expect(markOf(stack, order.id)).toBeUndefined();
    // Skipped before asking: no refused write, no problem recorded, no dead letter.
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "sync.problem" } })).toBe(0);
    expect(await stack.db.job.count({ where: { shop: TEST_SHOP, status: "DEAD" } })).toBe(0);

    await stack.sim.grantScopes(TEST_SHOP, [...scopes, "write_orders"]);
    await stack.settle();
    expect(tagsOf(stack, order.id)).toEqual(["backordered", "gift"]);
    expect(markOf(stack, order.id)?.lines).toHaveLength(1);
  });

  it("asks the merchant of a shop without write_orders to grant it on the Settings page, and tags the waiting orders once granted", async () => {
    stack = await startTestStack(seed(0));
    await withoutWriteOrders(stack);
    const order = placeWaitingOrder(stack);
    await stack.settle();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 1000 } });
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(stack.adminUrl);
      await page.getByRole("link", { name: "Settings", exact: true }).click();
      const banner = page.getByText("Allow Backorder Manager to tag your orders");
      await banner.waitFor();
      const artifacts = join(root, "test-results", "e2e");
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, "settings-grant-write-orders.png"), fullPage: true });

      await page.getByRole("button", { name: "Grant access" }).click();
      const modal = page.getByRole("dialog", { name: "Grant access" });
      await modal.getByText("write_orders").waitFor();
      await modal.getByRole("button", { name: "Grant" }).click();
      await page.getByRole("status").getByText("your backordered orders are being tagged").waitFor();
      await stack.settle();
      expect(tagsOf(stack, order.id)).toEqual(["backordered", "gift"]);

      await page.goto(stack.adminUrl);
      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByLabel("Order tag").waitFor();
      expect(await banner.count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

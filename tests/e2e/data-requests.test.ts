// customers/data_request reaches the merchant: listed in the admin, downloadable
// as JSON, and only by the shop it belongs to. Over HTTP with App Bridge's
// session tokens, against the built app and the simulated store; with them,
// tenant isolation on the other routes a shop's data goes through: the
// Notifications page, the planning export and the app proxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { signSessionToken } from "../../sim/auth";
import { signedProxyQuery } from "../../sim/storefront/app-proxy";
import { linkKeyFor, signLink } from "~/notifications/links";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { alice, customersDataRequest, orderPayload } from "../support/payloads";
import { PASSWORD, startSmtpServer, USER } from "../support/smtp-server";
import { deliver } from "../support/webhooks";

const OTHER_SHOP = "other-stack.myshopify.com";
/** This shop's backordered item: on its planning export and its customer's status page. */
const SKU = "ISOLATED-MUG";
let stack: TestStack;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let requestId: number;
/** This shop's order waiting for the mug, and its number. */
let order: { id: string; name: string };
let orderNumber: string;

const tokenFor = (shop: string, apiKey = TEST_API_KEY, apiSecret = TEST_SECRET) => signSessionToken({ shop, apiKey, apiSecret });
const headers = (token: string) => ({ Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT });
const get = (path: string, token: string) => fetch(`${stack.app.url}${path}`, { headers: headers(token) });
const post = async (path: string, token: string, fields: Record<string, string>) => {
  const response = await fetch(`${stack.app.url}${path}`, { method: "POST", headers: headers(token), body: new URLSearchParams(fields) });
  return { status: response.status, text: await response.text() };
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: [{ title: "Mug", variants: [{ sku: SKU, inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] }],
  });
  stack.sim.state.seed(OTHER_SHOP, { locations: [{ name: "Depot" }], products: [] });
  order = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: SKU, quantity: 1 }], locationId: stack.location("Warehouse") });
  orderNumber = order.id.split("/").pop()!;
  await deliver(stack.app.url, { topic: "orders/create", body: orderPayload(6001, alice), webhookId: "alice-order" });
  await deliver(stack.app.url, { topic: "customers/data_request", body: customersDataRequest(alice, [6001]), webhookId: "alice-request" });
  await stack.settle();
  requestId = (await stack.db.dataRequest.findFirstOrThrow({ where: { shop: TEST_SHOP } })).id;
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

describe("customer data requests in the admin", () => {
  it("lists each request with when it arrived", async () => {
    const response = await get("/app/activity?tab=requests", tokenFor(TEST_SHOP));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("When a customer asks your store for their data");
    expect(html).toContain(String(alice.id));
    expect(html).toContain("Download JSON");
  });

  it("downloads a request's report as JSON", async () => {
    const response = await get(`/app/data-requests/${requestId}/download`, tokenFor(TEST_SHOP));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="data-request-${requestId}.json"`);
    const report = (await response.json()) as { customer: { id: string }; records: Array<{ fields: { email?: string } }> };
    expect(report.customer.id).toBe(String(alice.id));
    expect(report.records[0].fields.email).toBe(alice.email);
  });
});

describe("tenant isolation", () => {
  it("gives another shop's session token a 404 for this shop's report, and an empty list", async () => {
    const download = await get(`/app/data-requests/${requestId}/download`, tokenFor(OTHER_SHOP));
    expect(download.status).toBe(404);
    const list = await (await get("/app/activity?tab=requests", tokenFor(OTHER_SHOP))).text();
    expect(list).toContain("No data requests yet");
    const status = (await (await get("/status", tokenFor(OTHER_SHOP))).json()) as { shop: string };
    expect(status.shop).toBe(OTHER_SHOP);
  });

  it("lets no shop parameter point another shop's token at this shop's data", async () => {
    const other = tokenFor(OTHER_SHOP);
    const download = await get(`/app/data-requests/${requestId}/download?shop=${TEST_SHOP}`, other);
    expect([401, 404]).toContain(download.status);
    expect(await download.text()).not.toContain(alice.email);
    const before = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    await post(`/app/settings.data?shop=${TEST_SHOP}`, other, {
      shop: TEST_SHOP,
      priorityRule: "OLDEST_FIRST",
      priorityTag: "vip",
      fulfillmentMode: "SHIP_COMPLETE",
      handlingDays: "9",
    });
    const after = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    expect(after).toEqual(before);
    // The change went where the token said: the other shop's own settings.
    expect((await stack.db.shop.findUniqueOrThrow({ where: { shop: OTHER_SHOP } })).handlingDays).toBe(9);
  });

  it("keeps this shop's email server, test email and templates from another shop's token, whatever shop it names", async () => {
    const own = tokenFor(TEST_SHOP);
    const smtpSettings = { intent: "smtp-save", host: "127.0.0.1", port: String(smtp.port), secure: "false", user: USER };
    const ownServer = { ...smtpSettings, from: "orders@this-shop.example", passwordAction: "replace", password: PASSWORD };
    expect((await post("/app/notifications.data", own, ownServer)).status).toBe(200);
    const ownTemplate = { kind: "backorder_confirmation", language: "en", subject: "This shop only: {{ order.name }}", body: "Ours" };
    expect((await post("/app/notifications.data", own, { intent: "template-save", ...ownTemplate })).status).toBe(200);
    const storedServer = await stack.db.smtpSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    const storedTemplates = await stack.db.emailTemplate.findMany({ where: { shop: TEST_SHOP } });

    const other = tokenFor(OTHER_SHOP);
    const named = `/app/notifications.data?shop=${TEST_SHOP}`;
    const page = await (await get(`/app/notifications?shop=${TEST_SHOP}`, other)).text();
    expect(page).toContain("No email server is set up");
    for (const ours of ["orders@this-shop.example", USER, "This shop only"]) expect(page).not.toContain(ours);
    // The other shop has no server: its test email is not sent through this shop's.
    const test = await post(named, other, { shop: TEST_SHOP, intent: "smtp-test", to: "someone@example.com" });
    expect(test.text).toContain("No SMTP server is set up");
    expect(smtp.received).toEqual([]);
    // What the other shop's token changes is its own.
    const theirServer = { ...smtpSettings, user: "", from: "orders@other-shop.example", passwordAction: "clear" };
    expect((await post(named, other, { shop: TEST_SHOP, ...theirServer })).status).toBe(200);
    expect(await stack.db.smtpSettings.findUniqueOrThrow({ where: { shop: OTHER_SHOP } })).toMatchObject({ fromAddress: theirServer.from });
    const theirTemplate = { shop: TEST_SHOP, intent: "template-save", ...ownTemplate, subject: "Theirs: {{ order.name }}" };
    expect((await post(named, other, theirTemplate)).status).toBe(200);
    expect(await stack.db.emailTemplate.findMany({ where: { shop: OTHER_SHOP }, select: { subject: true } })).toEqual([
      { subject: theirTemplate.subject },
    ]);
    expect((await post(named, other, { shop: TEST_SHOP, intent: "smtp-remove" })).status).toBe(200);

    expect(await stack.db.smtpSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toEqual(storedServer);
    expect(await stack.db.emailTemplate.findMany({ where: { shop: TEST_SHOP } })).toEqual(storedTemplates);
  });

  it("exports only the token's shop's purchase planning, whatever shop it names", async () => {
    const own = await get("/app/planning/csv", tokenFor(TEST_SHOP));
    expect(await own.text()).toContain(SKU);
    const other = await get(`/app/planning/csv?shop=${TEST_SHOP}`, tokenFor(OTHER_SHOP));
    expect(other.status).toBe(200);
    const csv = await other.text();
    expect(csv.trim().split("\n")).toHaveLength(1); // the header, no row
    expect(csv).not.toContain(SKU);
  });

  it("refuses this shop's customer links through another shop's app proxy, and a proxy request whose shop was changed", async () => {
    const key = linkKeyFor(TEST_SECRET);
    const expiresAt = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const statusToken = signLink(key, { shop: TEST_SHOP, orderId: orderNumber, email: "", expiresAt });
    const unsubscribeToken = signLink(key, { shop: TEST_SHOP, orderId: orderNumber, email: alice.email, expiresAt });
    // As Shopify signs what a shop's storefront sends on to the app.
    const proxied = (path: string, token: string, shop: string) => {
      const params = { shop, loggedInCustomerId: "", pathPrefix: "/apps/backorders", timestamp: Math.floor(Date.now() / 1000) };
      return { path, query: signedProxyQuery(`token=${token}`, params, TEST_SECRET) };
    };
    const send = async ({ path, query }: ReturnType<typeof proxied>, form?: Record<string, string>) => {
      const response = await fetch(`${stack.app.url}/proxy${path}?${query}`, form && { method: "POST", body: new URLSearchParams(form) });
      return { status: response.status, text: await response.text() };
    };
    const status = `/orders/${orderNumber}`;
    expect(await send(proxied(status, statusToken, TEST_SHOP))).toMatchObject({ status: 200, text: expect.stringContaining(order.name) });
    const before = await stack.db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { id: "asc" } });

    for (const form of [undefined, { intent: "cancel" }]) {
      const viaOther = await send(proxied(status, statusToken, OTHER_SHOP), form);
      expect(viaOther).toMatchObject({ status: 403, text: expect.stringContaining("This link belongs to another shop.") });
    }
    const unsubscribed = await send(proxied("/unsubscribe", unsubscribeToken, OTHER_SHOP), {});
    expect(unsubscribed).toMatchObject({ status: 403, text: expect.stringContaining("This link belongs to another shop.") });
    // Signed for the other shop, then pointed at this one: the signature no longer matches.
    for (const [path, token] of [
      [status, statusToken],
      ["/unsubscribe", unsubscribeToken],
    ]) {
      const redirected = proxied(path, token, OTHER_SHOP);
      redirected.query.set("shop", TEST_SHOP);
      expect((await send(redirected, { intent: "cancel" })).status).toBe(401);
    }

    expect(await stack.db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await stack.db.emailUnsubscribe.count()).toBe(0);
    expect(stack.sim.state.shop(TEST_SHOP).orders.get(order.id)!.refunds).toEqual([]);
  });

  it("answers 401 to a forged token and to another app's token", async () => {
    const forged = tokenFor(TEST_SHOP, TEST_API_KEY, "not-the-secret");
    const otherApp = tokenFor(TEST_SHOP, "another-app", "another-app-secret");
    const paths = [
      "/status",
      "/app/activity?tab=requests",
      `/app/data-requests/${requestId}/download`,
      "/app/settings",
      "/app/notifications",
      "/app/planning/csv",
    ];
    for (const token of [forged, otherApp]) {
      for (const path of paths) {
        expect({ path, status: (await get(path, token)).status }).toEqual({ path, status: 401 });
      }
    }
  });
});

// customers/data_request reaches the merchant: listed in the admin, downloadable
// as JSON, and only by the shop it belongs to. Over HTTP with App Bridge's
// session tokens, against the built app and the simulated store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { signSessionToken } from "../../sim/auth";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { alice, customersDataRequest, orderPayload } from "../support/payloads";
import { deliver } from "../support/webhooks";

const OTHER_SHOP = "other-store.myshopify.com";
let stack: TestStack;
let requestId: number;

const tokenFor = (shop: string, apiKey = TEST_API_KEY, apiSecret = TEST_SECRET) => signSessionToken({ shop, apiKey, apiSecret });
const get = (path: string, token: string) =>
  fetch(`${stack.app.url}${path}`, { headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT } });

beforeAll(async () => {
  stack = await startTestStack({ locations: [{ name: "Warehouse" }], products: [] });
  stack.sim.state.seed(OTHER_SHOP, { locations: [{ name: "Depot" }], products: [] });
  await deliver(stack.app.url, { topic: "orders/create", body: orderPayload(6001, alice), webhookId: "alice-order" });
  await deliver(stack.app.url, { topic: "customers/data_request", body: customersDataRequest(alice, [6001]), webhookId: "alice-request" });
  await stack.settle();
  requestId = (await stack.db.dataRequest.findFirstOrThrow({ where: { shop: TEST_SHOP } })).id;
});

afterAll(() => stack?.stop());

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
    const saved = await fetch(`${stack.app.url}/app/settings.data?shop=${TEST_SHOP}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${other}`, "User-Agent": BROWSER_USER_AGENT },
      body: new URLSearchParams({
        shop: TEST_SHOP,
        priorityRule: "OLDEST_FIRST",
        priorityTag: "vip",
        fulfillmentMode: "SHIP_COMPLETE",
        handlingDays: "9",
      }),
    });
    await saved.text();
    const after = await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    expect(after).toEqual(before);
    // The change went where the token said: the other shop's own settings.
    expect((await stack.db.shop.findUniqueOrThrow({ where: { shop: OTHER_SHOP } })).handlingDays).toBe(9);
  });

  it("answers 401 to a forged token and to another app's token", async () => {
    const forged = tokenFor(TEST_SHOP, TEST_API_KEY, "not-the-secret");
    const otherApp = tokenFor(TEST_SHOP, "another-app", "another-app-secret");
    for (const token of [forged, otherApp]) {
      for (const path of ["/status", "/app/activity?tab=requests", `/app/data-requests/${requestId}/download`, "/app/settings"]) {
        expect({ path, status: (await get(path, token)).status }).toEqual({ path, status: 401 });
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { eventually, type AppServer } from "../support/app-server";
import { startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, appUninstalled, orderPayload } from "../support/payloads";
import { TEST_SHOP } from "../support/constants";
import { deliver } from "../support/webhooks";

let app: AppServer;
let db: Db;

beforeAll(async () => ({ app, db } = await startAppOnFreshDatabase()));
afterAll(() => stopAppOnDatabase({ app, db }));

const rowsFor = (webhookId: string) => db.webhookEvent.count({ where: { shop: TEST_SHOP, webhookId } });

describe("webhook intake", () => {
  it("rejects a wrong signature with 401 and stores nothing", async () => {
    const result = await deliver(app.url, {
      topic: "app/uninstalled",
      body: appUninstalled(),
      webhookId: "wrong-hmac",
      secret: "not-the-secret",
    });
    expect(result.status).toBe(401);
    expect(await rowsFor("wrong-hmac")).toBe(0);
  });

  it("rejects a missing signature with 401 and stores nothing", async () => {
    const result = await deliver(app.url, {
      topic: "app/uninstalled",
      body: appUninstalled(),
      webhookId: "no-hmac",
      headers: { "X-Shopify-Hmac-Sha256": null },
    });
    expect(result.status).toBe(401);
    expect(await rowsFor("no-hmac")).toBe(0);
  });

  it("rejects a signed delivery without Shopify's headers with 400 naming the header", async () => {
    const result = await deliver(app.url, {
      topic: "app/uninstalled",
      body: appUninstalled(),
      webhookId: "no-topic",
      headers: { "X-Shopify-Topic": null },
    });
    expect(result.status).toBe(400);
    expect(result.text).toContain("x-shopify-topic");
    expect(await rowsFor("no-topic")).toBe(0);
  });

  it("rejects a shop header that is not a myshopify.com domain with 400", async () => {
    const result = await deliver(app.url, { topic: "orders/create", body: {}, shop: "evil.example.com", webhookId: "bad-shop" });
    expect(result.status).toBe(400);
    expect(result.text).toContain("X-Shopify-Shop-Domain");
  });

  it("acknowledges a valid delivery with 200 and processes it in a job", async () => {
    await db.session.create({ data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", accessToken: "shpat_x" } });
    const result = await deliver(app.url, { topic: "app/uninstalled", body: appUninstalled(), webhookId: "uninstall-1" });
    expect(result.status).toBe(200);
    const event = await eventually(() =>
      db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "uninstall-1", status: "PROCESSED" } }),
    );
    expect(event?.topic).toBe("app/uninstalled");
    expect(await db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await db.shop.findUnique({ where: { shop: TEST_SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);
  });

  it("stores the delivery's headers, its body byte for byte and its instants as the database reads them back", async () => {
    // An hour ago, to the millisecond: a time zone applied on the way in or out would show.
    const triggeredAt = new Date(Date.now() - 3_600_000);
    const body = JSON.stringify({ id: 42, note: "é 𖥇" });
    const before = Date.now();
    const result = await deliver(app.url, {
      topic: "products/create",
      body,
      webhookId: "stored-as-sent",
      headers: { "X-Shopify-Event-Id": "event-stored-as-sent", "X-Shopify-Triggered-At": triggeredAt.toISOString() },
    });
    expect(result.status).toBe(200);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, webhookId: "stored-as-sent" } });
    expect(event).toMatchObject({ topic: "products/create", apiVersion: "2026-10", eventId: "event-stored-as-sent", status: "IGNORED" });
    expect(Buffer.from(event.body).toString()).toBe(body);
    expect(event.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(event.receivedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    expect(event.triggeredAt).toEqual(triggeredAt);
  });

  it("records a repeated webhook id once and runs its job once", async () => {
    const shop = "repeat-shop.myshopify.com";
    const body = { ...appUninstalled(), domain: shop, myshopify_domain: shop };
    const delivery = { topic: "app/uninstalled", body, webhookId: "repeat-1", shop };
    const [first, second] = [await deliver(app.url, delivery), await deliver(app.url, delivery)];
    expect([first.status, second.status]).toEqual([200, 200]);
    await eventually(() => db.webhookEvent.findFirst({ where: { shop, webhookId: "repeat-1", status: "PROCESSED" } }));
    expect(await db.webhookEvent.count({ where: { shop, webhookId: "repeat-1" } })).toBe(1);
    expect(await db.job.count({ where: { shop } })).toBe(1);
    expect(await db.auditEvent.count({ where: { shop, type: "app.uninstalled" } })).toBe(1);
  });

  it("records a concurrent burst once per webhook id, repeats included, each with its job", async () => {
    const shop = "burst-shop.myshopify.com";
    const ids = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const sends = [...ids, ...ids.slice(0, 10)].map((webhookId) =>
      deliver(app.url, { topic: "app/scopes_update", body: { current: ["read_orders"] }, shop, webhookId }),
    );
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    expect(statuses).toEqual(Array(40).fill(200));
    expect(await db.webhookEvent.count({ where: { shop } })).toBe(30);
    expect(await db.job.count({ where: { shop } })).toBe(30);
  });

  it("keeps a signed body that is not JSON as a dead letter and answers 200", async () => {
    const result = await deliver(app.url, { topic: "orders/create", body: "{not json", webhookId: "not-json" });
    expect(result.status).toBe(200);
    // The intake does not read an order's JSON; its job finds it is not JSON.
    const event = await eventually(() => db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "not-json", status: "DEAD" } }));
    expect(Buffer.from(event.body).toString()).toBe("{not json");
    expect(event.error).toMatch(/not valid JSON/);
    expect(event.processedAt).toBeNull();
  });

  it("makes a body that could name a shop but is not JSON a dead letter at once, with no job", async () => {
    const result = await deliver(app.url, { topic: "shop/redact", body: '{"shop_domain": ', webhookId: "not-json-redact" });
    expect(result.status).toBe(200);
    const event = await db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "not-json-redact" } });
    expect(event?.status).toBe("DEAD");
    expect(event?.error).toMatch(/not valid JSON/);
    expect(
      await db.job.count({ where: { shop: TEST_SHOP, payload: JSON.stringify({ webhookId: "not-json-redact" }), name: "webhook" } }),
    ).toBe(0);
  });

  it("records a topic that has no handler and marks it ignored", async () => {
    const result = await deliver(app.url, { topic: "products/create", body: { id: 3001, title: "Mug" }, webhookId: "product-1" });
    expect(result.status).toBe(200);
    const event = await db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "product-1" } });
    expect(event?.status).toBe("IGNORED");
    expect(event?.error).toBe("no handler for topic products/create");
    expect(await db.job.count({ where: { shop: TEST_SHOP, payload: JSON.stringify({ webhookId: event?.webhookId }) } })).toBe(0);
  });

  it("records an order event for a shop where the app is not installed, with nothing to act on", async () => {
    const result = await deliver(app.url, {
      topic: "orders/create",
      body: orderPayload(1001, alice),
      shop: "not-installed.myshopify.com",
      webhookId: "order-1",
    });
    expect(result.status).toBe(200);
    const event = await eventually(() =>
      db.webhookEvent.findFirst({ where: { shop: "not-installed.myshopify.com", webhookId: "order-1", status: "IGNORED" } }),
    );
    expect(event?.error).toBe("the app is not installed on this shop");
  });

  it("survives hostile input and keeps answering", async () => {
    const hostile = [
      deliver(app.url, { topic: "app/uninstalled", body: "", webhookId: "empty" }),
      deliver(app.url, { topic: "x".repeat(5000), body: "[]", webhookId: "long-topic" }),
      deliver(app.url, { topic: "app/uninstalled", body: "\u0000\u0001\uFFFF", webhookId: "binary" }),
      fetch(`${app.url}/webhooks`, { method: "POST", body: "{}" }).then((r) => ({ status: r.status })),
    ];
    const statuses = (await Promise.all(hostile)).map((r) => r.status);
    // A topic no Shopify topic is as long as: refused with 400 (see MAX_HEADER_LENGTH).
    expect(statuses).toEqual([200, 400, 200, 401]);
    const binary = await eventually(() => db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "binary", status: "DEAD" } }));
    expect(Buffer.from(binary.body).toString()).toBe("\u0000\u0001\uFFFF");
    const check = await deliver(app.url, { topic: "orders/create", body: {}, webhookId: "after-hostile" });
    expect(check.status).toBe(200);
  });
});

// Deliveries an attacker could send: oversized bodies, signed bodies under
// another shop's headers, replays, over-long headers, a shop/redact or an
// app/uninstalled that should not be acted on.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { MAX_WEBHOOK_BODY_BYTES } from "~/inbox/intake.server";
import { recordInstallation } from "~/shops/installation.server";
import { eventually, type AppServer } from "../support/app-server";
import { freshDatabaseUrl, startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { TEST_SHOP } from "../support/constants";
import { alice, appUninstalled, customersRedact, orderPayload, shopRedact } from "../support/payloads";
import { deliver, signedDelivery } from "../support/webhooks";

let app: AppServer;
let db: Db;

beforeAll(async () => ({ app, db } = await startAppOnFreshDatabase()));
afterAll(() => stopAppOnDatabase({ app, db }));

const MiB = 1024 * 1024;
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000).toISOString();

/**
 * Streams `size` bytes of one reused chunk as a signed-looking delivery,
 * declaring the length or not (chunked), and resolves with the status as
 * soon as the answer arrives, whatever is left unsent.
 */
function hugeUpload(size: number, declareLength: boolean): Promise<number> {
  const { headers } = signedDelivery({ topic: "orders/create", body: "{}" });
  const chunk = Buffer.alloc(256 * 1024, "[");
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}/webhooks`, {
      method: "POST",
      headers: declareLength ? { ...headers, "Content-Length": String(size) } : headers,
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode!);
      req.destroy();
    });
    req.on("error", reject);
    let sent = 0;
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe("hostile webhook input", () => {
  it("answers 413 to bodies over the cap, declared or streamed, without reading them, and a delivery sent alongside 200", async () => {
    const before = rssOf(app.pid);
    const huge = [hugeUpload(512 * MiB, true), hugeUpload(512 * MiB, true), hugeUpload(512 * MiB, false), hugeUpload(512 * MiB, false)];
    const started = Date.now();
    const legitimate = await deliver(app.url, { topic: "orders/create", body: orderPayload(7001, alice), webhookId: "beside-huge" });
    expect(legitimate.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await Promise.all(huge)).toEqual([413, 413, 413, 413]);
    expect(alive(app.pid)).toBe(true);
    // Four bodies read to the cap at most, not four 512 MiB buffers.
    expect(rssOf(app.pid) - before).toBeLessThan(64 * MiB);
    expect(await db.webhookEvent.count({ where: { shop: TEST_SHOP, webhookId: "beside-huge" } })).toBe(1);
  }, 60_000);

  it("accepts a body of exactly the cap and refuses one byte more", async () => {
    const body = (n: number) => `"${"x".repeat(n - 2)}"`;
    const atCap = await deliver(app.url, { topic: "products/create", body: body(MAX_WEBHOOK_BODY_BYTES), webhookId: "at-cap" });
    const overCap = await deliver(app.url, { topic: "products/create", body: body(MAX_WEBHOOK_BODY_BYTES + 1), webhookId: "over-cap" });
    expect([atCap.status, overCap.status]).toEqual([200, 413]);
  });

  it("refuses with 400, storing nothing, a signed body that names another shop than its header", async () => {
    const other = "other-shop.myshopify.com";
    const results = await Promise.all([
      deliver(app.url, { topic: "customers/redact", body: customersRedact(alice, [1]), shop: other, webhookId: "wrong-shop-1" }),
      deliver(app.url, { topic: "shop/redact", body: shopRedact(), shop: other, webhookId: "wrong-shop-2" }),
      deliver(app.url, { topic: "app/uninstalled", body: appUninstalled(), shop: other, webhookId: "wrong-shop-3" }),
      deliver(app.url, { topic: "shop/redact", body: { ...shopRedact(), shop_domain: 7 }, webhookId: "wrong-shop-4" }),
    ]);
    expect(results.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(results[0]!.text).toContain("X-Shopify-Shop-Domain");
    expect(await db.webhookEvent.count({ where: { webhookId: { startsWith: "wrong-shop" } } })).toBe(0);
    // The app's log reaches this process through a pipe, after the answer.
    const refusal = "webhook wrong-shop-1 refused: X-Shopify-Shop-Domain other-shop.myshopify.com is not the shop its body names";
    await eventually(async () => app.output().includes(refusal));
    // A shop's primary domain may be its own: only a myshopify.com `domain` must match.
    const customDomain = await deliver(app.url, {
      topic: "app/uninstalled",
      body: { ...appUninstalled(), domain: "shop.example.com" },
      shop: other,
      webhookId: "custom-domain",
    });
    expect(customDomain.status).toBe(400); // myshopify_domain still names TEST_SHOP
    const own = { ...appUninstalled(), domain: "shop.example.com", myshopify_domain: other };
    expect((await deliver(app.url, { topic: "app/uninstalled", body: own, shop: other, webhookId: "custom-domain-2" })).status).toBe(200);
  });

  it("refuses with 400 a delivery triggered before the replay window or without a time", async () => {
    const stale = await deliver(app.url, {
      topic: "orders/create",
      body: orderPayload(7002, alice),
      webhookId: "stale",
      headers: { "X-Shopify-Triggered-At": hoursAgo(8 * 24) },
    });
    const untimed = await deliver(app.url, {
      topic: "orders/create",
      body: orderPayload(7003, alice),
      webhookId: "untimed",
      headers: { "X-Shopify-Triggered-At": null },
    });
    expect([stale.status, untimed.status]).toEqual([400, 400]);
    expect(stale.text).toContain("replay window");
    expect(await db.webhookEvent.count({ where: { webhookId: { in: ["stale", "untimed"] } } })).toBe(0);
    const retriedLate = await deliver(app.url, {
      topic: "orders/create",
      body: orderPayload(7004, alice),
      webhookId: "late-retry",
      headers: { "X-Shopify-Triggered-At": hoursAgo(47) },
    });
    expect(retriedLate.status).toBe(200);
  });

  it("stores an event once when it comes again under a new webhook id, alone or in one burst", async () => {
    const shop = "event-repeat.myshopify.com";
    const send = (webhookId: string, eventId: string) =>
      deliver(app.url, { topic: "orders/create", body: {}, shop, webhookId, headers: { "X-Shopify-Event-Id": eventId } });
    expect((await send("first", "event-1")).status).toBe(200);
    expect((await send("second", "event-1")).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => send(`burst-${i}`, `event-${i % 5}`)));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await db.webhookEvent.count({ where: { shop } })).toBe(5);
    expect(await db.job.count({ where: { shop } })).toBe(5);
  });

  it("answers 400 to a delivery with an over-long header, and stores the good deliveries sent with it", async () => {
    const shop = "long-headers.myshopify.com";
    // Random, so PostgreSQL cannot compress them under its index row limit.
    const long = () => randomBytes(5_000).toString("hex");
    const bad: Array<Record<string, string>> = [
      { "X-Shopify-Webhook-Id": long() },
      { "X-Shopify-Event-Id": long() },
      { "X-Shopify-Topic": `orders/${long()}` },
      { "X-Shopify-API-Version": long() },
      { "X-Shopify-Triggered-At": "9999-12-31T00:00:00Z" },
    ];
    const sends = Array.from({ length: 40 }, (_, i) =>
      deliver(app.url, { topic: "orders/create", body: {}, shop, webhookId: `good-${i}`, headers: i % 8 === 0 ? bad[i / 8] : {} }),
    );
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    expect(statuses).toEqual(Array.from({ length: 40 }, (_, i) => (i % 8 === 0 ? 400 : 200)));
    expect(await db.webhookEvent.count({ where: { shop } })).toBe(35);
  });

  it("keeps as a dead letter a body whose JSON error quotes half of a surrogate pair, and the deliveries written with it", async () => {
    // JSON.parse's message quotes the first UTF-16 unit of "𖥇": half a pair, which the database driver refuses.
    const shop = "surrogate.myshopify.com";
    const sends = Array.from({ length: 10 }, (_, i) =>
      deliver(app.url, { topic: "orders/create", body: i === 0 ? "𖥇 not json" : {}, shop, webhookId: `surrogate-${i}` }),
    );
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(Array(10).fill(200));
    const event = await eventually(() => db.webhookEvent.findFirst({ where: { shop, webhookId: "surrogate-0", status: "DEAD" } }));
    expect(event.error).toMatch(/not valid JSON/);
    expect(await db.webhookEvent.count({ where: { shop } })).toBe(10);
  });

  it("refuses shop/redact while the app is installed: ignored with the reason, audited, nothing deleted", async () => {
    const shop = "still-installed.myshopify.com";
    await db.shop.create({ data: { shop } });
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
    const result = await deliver(app.url, {
      topic: "shop/redact",
      body: { ...shopRedact(), shop_domain: shop },
      shop,
      webhookId: "redact-installed",
    });
    expect(result.status).toBe(200);
    const event = await eventually(() => db.webhookEvent.findFirst({ where: { shop, webhookId: "redact-installed", status: "IGNORED" } }));
    expect(event?.error).toBe("shop/redact refused: the app is installed on this shop");
    expect(await db.auditEvent.count({ where: { shop, type: "shop.redact_refused" } })).toBe(1);
    expect(await db.shop.count({ where: { shop } })).toBe(1);
    expect(await db.session.count({ where: { shop } })).toBe(1);
    expect(app.output()).toContain("shop/redact refused");
  });

  it("dead-letters a signed shop/redact, customers/redact or app/uninstalled of the wrong shape, deleting nothing", async () => {
    // Uninstalled, with a session and an order on record: each topic, well formed, would delete some of it.
    const shop = "wrong-shape.myshopify.com";
    await db.shop.create({ data: { shop, uninstalledAt: new Date() } });
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
    const order = JSON.stringify(orderPayload(7101, alice));
    await db.webhookEvent.create({
      data: {
        shop,
        webhookId: "shape-order",
        topic: "orders/create",
        apiVersion: "2026-10",
        body: Buffer.from(order),
        status: "PROCESSED",
      },
    });
    const wrongShapes = [
      { topic: "shop/redact", body: { shop_domain: shop }, invalidAt: "shop_id" },
      { topic: "customers/redact", body: { shop_id: 1, shop_domain: shop, orders_to_redact: [7101] }, invalidAt: "customer" },
      { topic: "app/uninstalled", body: { myshopify_domain: shop }, invalidAt: "id" },
    ];
    for (const { topic, body } of wrongShapes) {
      expect((await deliver(app.url, { topic, body, shop, webhookId: `shape-${topic}` })).status).toBe(200);
    }
    const dead = await eventually(async () => {
      const jobs = await db.job.findMany({ where: { shop, status: "DEAD" }, orderBy: { id: "asc" } });
      return jobs.length === wrongShapes.length && jobs;
    });
    expect(dead.map((job) => job.lastError)).toEqual(
      wrongShapes.map(({ topic, invalidAt }) => `TerminalError: ${topic} payload is invalid at: ${invalidAt}`),
    );
    expect(await db.shop.count({ where: { shop } })).toBe(1);
    expect(await db.session.count({ where: { shop } })).toBe(1);
    const stored = await db.webhookEvent.findUniqueOrThrow({ where: { shop_webhookId: { shop, webhookId: "shape-order" } } });
    expect(Buffer.from(stored.body).toString()).toBe(order);
    expect(await db.webhookEvent.count({ where: { shop } })).toBe(1 + wrongShapes.length);
  });

  it("leaves the current installation alone when an app/uninstalled triggered before it arrives late", async () => {
    const shop = "reinstalled.myshopify.com";
    await db.shop.create({ data: { shop, installedAt: new Date() } });
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
    const body = { ...appUninstalled(), domain: shop, myshopify_domain: shop };
    const result = await deliver(app.url, {
      topic: "app/uninstalled",
      body,
      shop,
      webhookId: "late-uninstall",
      headers: { "X-Shopify-Triggered-At": hoursAgo(1) },
    });
    expect(result.status).toBe(200);
    const event = await eventually(() => db.webhookEvent.findFirst({ where: { shop, webhookId: "late-uninstall", status: "IGNORED" } }));
    expect(event?.error).toBe("triggered before the app's latest installation on this shop");
    expect((await db.shop.findUniqueOrThrow({ where: { shop } })).uninstalledAt).toBeNull();
    expect(await db.session.count({ where: { shop } })).toBe(1);
    expect(await db.auditEvent.count({ where: { shop, type: "app.uninstalled" } })).toBe(0);
  });

  it("records the time of every installation, not only the first", async () => {
    // A database of its own: the installation's jobs must not run against a store.
    const own = createDb(await freshDatabaseUrl());
    try {
      const shop = "installed-again.myshopify.com";
      const firstInstall = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
      await own.shop.create({ data: { shop, installedAt: firstInstall, uninstalledAt: new Date(Date.now() - 60_000) } });
      await recordInstallation(own, shop);
      const row = await own.shop.findUniqueOrThrow({ where: { shop } });
      expect(row.uninstalledAt).toBeNull();
      expect(row.installedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      await own.$disconnect();
    }
  });
});

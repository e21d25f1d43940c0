import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgresUrl, type Db } from "~/db/client.server";
import { eventually, type AppServer } from "../support/app-server";
import { installTestShop, startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, bob, customersDataRequest, customersRedact, orderPayload, scopesUpdate, shopRedact } from "../support/payloads";
import { TEST_SHOP } from "../support/constants";
import { deliver } from "../support/webhooks";

let app: AppServer;
let db: Db;
let databaseUrl: string;

beforeAll(async () => ({ app, db, url: databaseUrl } = await startAppOnFreshDatabase(installTestShop)));
afterAll(() => stopAppOnDatabase({ app, db }));

const OTHER_SHOP = "other-shop.myshopify.com";

async function deliverAndWait(topic: string, body: object, shop = TEST_SHOP) {
  const webhookId = `${topic}-${Math.random()}`;
  const result = await deliver(app.url, { topic, body, shop, webhookId });
  expect(result.status).toBe(200);
  return eventually(() => db.webhookEvent.findFirst({ where: { shop, webhookId, status: { in: ["PROCESSED", "IGNORED"] } } }));
}

/** Waits until none of the shop's jobs runs or is due: a job waiting to retry later is not running. */
const jobsSettled = (shop: string) =>
  eventually(
    async () =>
      (await db.job.count({ where: { shop, OR: [{ status: "RUNNING" }, { status: "QUEUED", runAt: { lte: new Date() } }] } })) === 0,
  );

const bodyOf = async (shop: string, webhookId: string) =>
  Buffer.from((await db.webhookEvent.findFirstOrThrow({ where: { shop, webhookId } })).body).toString();

/** Every application table, read from the database's own catalogue. */
async function tables(): Promise<string[]> {
  const rows = isPostgresUrl(databaseUrl)
    ? await db.$queryRawUnsafe<Array<{ name: string }>>(
        "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
      )
    : await db.$queryRawUnsafe<Array<{ name: string }>>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
      );
  return rows.map((row) => row.name);
}

async function rowsOfShop(shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tables()) {
    const [row] = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(
      `SELECT COUNT(*) AS n FROM "${table}" WHERE "shop" = $1`.replace("$1", isPostgresUrl(databaseUrl) ? "$1" : "?"),
      shop,
    );
    counts[table] = Number(row.n);
  }
  return counts;
}

describe("compliance webhooks", () => {
  it("customers/redact scrubs every stored personal field of that customer and leaves others alone", async () => {
    await deliver(app.url, { topic: "orders/create", body: orderPayload(2001, alice), webhookId: "alice-order" });
    await deliver(app.url, { topic: "orders/create", body: orderPayload(2002, bob), webhookId: "bob-order" });

    await deliverAndWait("customers/redact", customersRedact(alice, [2001]));

    const aliceBody = await bodyOf(TEST_SHOP, "alice-order");
    for (const personal of [alice.email, alice.phone, alice.first_name, alice.last_name, "1 Main Street"]) {
      expect(aliceBody).not.toContain(personal);
    }
    expect(JSON.parse(aliceBody).line_items[0].sku).toBe("MUG-BLUE");
    expect(JSON.parse(aliceBody).customer).toEqual({ id: alice.id });
    expect(await bodyOf(TEST_SHOP, "bob-order")).toContain(bob.email);
    const audit = await db.auditEvent.findFirst({ where: { shop: TEST_SHOP, type: "customer.redacted" } });
    expect(JSON.parse(audit!.data).webhookEvents).toBeGreaterThanOrEqual(1);
  });

  it("customers/data_request assembles the customer's stored data for the merchant", async () => {
    await deliver(app.url, { topic: "orders/create", body: orderPayload(3001, bob), webhookId: "bob-order-2" });
    // The record of an email the app sent him about that order.
    await db.customerMessage.create({
      data: {
        shop: TEST_SHOP,
        orderId: "gid://shopify/Order/3001",
        orderName: "#3001",
        kind: "date_moved",
        dedupeKey: "date_moved:3001",
        lines: "[]",
        recipient: bob.email,
        status: "SENT",
        sentAt: new Date("2026-12-01T10:00:00Z"),
      },
    });
    await deliverAndWait("customers/data_request", customersDataRequest(bob, [3001]));

    const request = await db.dataRequest.findFirstOrThrow({ where: { shop: TEST_SHOP, customerId: String(bob.id) } });
    expect(request.dataRequestId).toBe("9999");
    const report = JSON.parse(request.report);
    expect(report.records.length).toBe(3);
    expect(report.records.slice(0, 2).every((r: { topic: string }) => r.topic === "orders/create")).toBe(true);
    expect(report.records[2]).toMatchObject({ source: "customer email", topic: "date_moved", fields: { to: bob.email, status: "SENT" } });
    expect(report.records[0].fields.email).toBe(bob.email);
    expect(report.records[0].fields.shipping_address.address1).toBe("1 Main Street");
  });

  it("app/scopes_update records the granted scopes on the shop's sessions", async () => {
    // The earlier tests' order events ran with no session (nothing to read); with this one, they would try Shopify.
    await jobsSettled(TEST_SHOP);
    await db.session.create({
      data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", accessToken: "shpat_x", scope: "read_orders" },
    });
    await deliverAndWait("app/scopes_update", scopesUpdate(["read_orders", "write_products"]));
    const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(session.scope).toBe("read_orders,write_products");
  });

  it("shop/redact leaves no row of that shop in any table, and other shops' rows untouched", async () => {
    await db.shop.create({ data: { shop: OTHER_SHOP } });
    await deliver(app.url, { topic: "orders/create", body: orderPayload(4001, alice), shop: OTHER_SHOP, webhookId: "other-order" });
    // Write only once the other shop's jobs are done. (This shop's full reconcile, asked for by
    // app/scopes_update, retries against a Shopify this test has not got; shop/redact runs ahead of it.)
    await jobsSettled(OTHER_SHOP);
    // Shopify asks for shop/redact 48 hours after the app is uninstalled.
    await db.shop.upsert({
      where: { shop: TEST_SHOP },
      create: { shop: TEST_SHOP, uninstalledAt: new Date() },
      update: { uninstalledAt: new Date() },
    });
    const item = "gid://shopify/InventoryItem/1";
    const location = "gid://shopify/Location/1";
    await db.orderSnapshot.create({ data: { shop: TEST_SHOP, orderId: "gid://shopify/Order/1", name: "#1001", snapshot: "{}" } });
    await db.inventoryLevel.create({ data: { shop: TEST_SHOP, inventoryItemId: item, locationId: location, available: -1, committed: 2 } });
    await db.variantSetting.create({
      data: {
        shop: TEST_SHOP,
        variantId: "gid://shopify/ProductVariant/1",
        productId: "gid://shopify/Product/1",
        inventoryItemId: item,
        inventoryPolicy: "CONTINUE",
      },
    });
    await db.inboundSupply.create({
      data: { shop: TEST_SHOP, inventoryItemId: item, locationId: location, quantity: 5, expectedOn: "2026-12-01" },
    });
    await db.backorderLine.create({
      data: {
        shop: TEST_SHOP,
        orderId: "gid://shopify/Order/1",
        lineItemId: "gid://shopify/LineItem/1",
        locationId: location,
        inventoryItemId: item,
        quantity: 2,
        allocated: 1,
        backordered: 1,
        state: "backordered",
      },
    });
    await db.appHold.create({
      data: {
        shop: TEST_SHOP,
        holdId: "gid://shopify/FulfillmentHold/1",
        fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1",
        handle: "backorder-manager",
        lineItemIds: "[]",
      },
    });
    await db.dirtyKey.create({ data: { shop: TEST_SHOP, inventoryItemId: item, locationId: location } });
    await db.orderItem.create({ data: { shop: TEST_SHOP, inventoryItemId: item, locationId: location, orderId: "gid://shopify/Order/1" } });
    await db.location.create({ data: { shop: TEST_SHOP, locationId: location, name: "Warehouse" } });
    await db.smtpSettings.create({
      data: { shop: TEST_SHOP, host: "smtp.example.com", port: 587, secure: false, fromAddress: "orders@example.com" },
    });
    await db.emailTemplate.create({
      data: { shop: TEST_SHOP, kind: "on_its_way", language: "en", subject: "{{ order.name }} ships", body: "<p>On its way</p>" },
    });
    await db.notificationSettings.create({ data: { shop: TEST_SHOP, messagesOn: '{"cancelled":false}' } });
    await db.customerMessage.create({
      data: {
        shop: TEST_SHOP,
        orderId: "gid://shopify/Order/1",
        orderName: "#1001",
        kind: "on_its_way",
        dedupeKey: "on_its_way:1",
        lines: "[]",
      },
    });
    await db.emailUnsubscribe.create({ data: { shop: TEST_SHOP, email: "gone@example.com" } });
    const before = await rowsOfShop(TEST_SHOP);
    // Every table holds a row of the shop, so the redaction is tested on each.
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);

    // The installed shop's engine jobs retry in vain here (no store to reach) and would hold
    // the shop's queue, which runs in order, ahead of shop/redact: drop them.
    await db.job.deleteMany({ where: { shop: TEST_SHOP, status: "QUEUED", name: { not: "webhook" } } });
    const redact = await deliver(app.url, { topic: "shop/redact", body: shopRedact(), webhookId: "shop-redact" });
    expect(redact.status).toBe(200);
    await eventually(async () => Object.values(await rowsOfShop(TEST_SHOP)).every((n) => n === 0));

    // Every table carries a shop column, so the check above covers all of them.
    expect(Object.keys(before).sort()).toEqual((await tables()).sort());
    const other = await rowsOfShop(OTHER_SHOP);
    expect(other.Shop).toBe(1);
    expect(other.WebhookEvent).toBe(1);
  });
});

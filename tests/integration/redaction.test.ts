// After a privacy request, the person (customers/redact) or the shop
// (shop/redact) is nowhere in the database: every table, every column.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgresUrl, type Db } from "~/db/client.server";
import { eventually, type AppServer } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { installTestShop, startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, bob, customersRedact, orderPayload, shopRedact } from "../support/payloads";
import { deliver } from "../support/webhooks";

let app: AppServer;
let db: Db;
let databaseUrl: string;

beforeAll(async () => ({ app, db, url: databaseUrl } = await startAppOnFreshDatabase(installTestShop)));
afterAll(() => stopAppOnDatabase({ app, db }));

/**
 * Every table of the app's schema, read from the catalogue. pg-boss's own
 * schema is left out: its rows hold a shop domain and nothing else, and are
 * deleted a minute after their drain finishes (app/jobs/pg-boss.server.ts).
 */
async function tables(): Promise<string[]> {
  if (isPostgresUrl(databaseUrl)) {
    const rows = await db.$queryRawUnsafe<Array<{ schema: string; name: string }>>(
      "SELECT table_schema::text AS schema, table_name::text AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'public'",
    );
    return rows.map((row) => `"${row.schema}"."${row.name}"`);
  }
  const rows = await db.$queryRawUnsafe<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((row) => `"${row.name}"`);
}

/** Every row of every table as text, bytes decoded as UTF-8; the strings found, with where. */
async function findInDatabase(strings: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of await tables()) {
    for (const row of await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM ${table}`)) {
      const text = JSON.stringify(row, (_key, value) =>
        value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : typeof value === "bigint" ? String(value) : value,
      );
      for (const s of strings) if (text.includes(s)) found.push(`${table}: ${s}`);
    }
  }
  return found;
}

const jobsIdle = () => eventually(async () => (await db.job.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) === 0);

describe("redaction leaves nothing behind", () => {
  it("after customers/redact no table holds the customer's email, name, phone, address or order tokens", async () => {
    const order = orderPayload(2001, alice);
    await deliver(app.url, { topic: "orders/create", body: order, webhookId: "alice-order" });
    await deliver(app.url, { topic: "orders/updated", body: { ...order, note: `Call ${alice.phone}` }, webhookId: "alice-order-update" });
    const bobOrder = orderPayload(2002, bob);
    const bobAddress = { ...(bobOrder.shipping_address as object), address1: "2 Side Road", zip: "K2B 1A1" };
    await deliver(app.url, {
      topic: "orders/create",
      body: {
        ...bobOrder,
        billing_address: bobAddress,
        shipping_address: bobAddress,
        customer: { ...bobOrder.customer, default_address: bobAddress },
      },
      webhookId: "bob-order",
    });
    // A delivery cut short: not JSON, so a dead letter whose parse error quotes the body.
    await deliver(app.url, { topic: "orders/create", body: `{"email":"${alice.email}","phone":"${alice.phone}"`, webhookId: "alice-cut" });
    await jobsIdle();
    // What the engine and the job runner would have written about her order.
    await db.orderSnapshot.create({
      data: {
        shop: TEST_SHOP,
        orderId: "gid://shopify/Order/2001",
        name: "#2001",
        snapshot: JSON.stringify({
          orderId: "gid://shopify/Order/2001",
          name: "#2001",
          createdAt: "2026-12-01T10:00:00Z",
          cancelledAt: null,
          customerTags: [`${alice.last_name} household`, "priority"],
          customerName: `${alice.first_name} ${alice.last_name}`,
          email: alice.email,
          customerLocale: "fr",
          customerFirstName: alice.first_name,
          fulfillmentOrders: [],
        }),
      },
    });
    await db.job.create({
      data: {
        shop: TEST_SHOP,
        name: "webhook",
        payload: "{}",
        status: "DEAD",
        maxAttempts: 1,
        lastError: `Error: customer ${alice.first_name} ${alice.last_name} <${alice.email}> refused`,
      },
    });
    await db.auditEvent.create({
      data: { shop: TEST_SHOP, type: "note", subject: alice.email, data: JSON.stringify({ address: "1 Main Street" }) },
    });
    // The email the app sent her, kept as the record, and her unsubscribe.
    await db.customerMessage.create({
      data: {
        shop: TEST_SHOP,
        orderId: "gid://shopify/Order/2001",
        orderName: "#2001",
        kind: "backorder_confirmation",
        dedupeKey: "backorder_confirmation:2001",
        lines: "[]",
        recipient: alice.email,
        customerFirstName: alice.first_name,
        status: "SENT",
      },
    });
    await db.emailUnsubscribe.create({ data: { shop: TEST_SHOP, email: alice.email.toLowerCase() } });
    const secrets = [alice.email, alice.phone, alice.first_name, alice.last_name, "1 Main Street", "K1A 0B1", order.token as string];
    expect((await findInDatabase(secrets)).length).toBeGreaterThan(0);

    const redact = await deliver(app.url, { topic: "customers/redact", body: customersRedact(alice, [2001]), webhookId: "redact-alice" });
    expect(redact.status).toBe(200);
    await eventually(() => db.auditEvent.findFirst({ where: { shop: TEST_SHOP, type: "customer.redacted" } }));

    expect(await findInDatabase(secrets)).toEqual([]);
    // Others' data and the order's own facts stay.
    expect((await findInDatabase([bob.email])).length).toBeGreaterThan(0);
    const aliceOrder = await db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, webhookId: "alice-order" } });
    const body = JSON.parse(Buffer.from(aliceOrder.body).toString());
    expect(body.line_items[0].sku).toBe("MUG-BLUE");
    expect(body.customer).toEqual({ id: alice.id });
    const snapshot = await db.orderSnapshot.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: "gid://shopify/Order/2001" } });
    expect(JSON.parse(snapshot.snapshot)).toMatchObject({
      customerTags: [],
      customerName: null,
      email: null,
      customerFirstName: null,
      customerLocale: "fr",
    });
  });

  it("after shop/redact no table holds the shop's domain", async () => {
    await db.session.create({ data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "", accessToken: "shpat_x" } });
    // Shopify asks for shop/redact 48 hours after the app is uninstalled; while installed it is refused.
    const uninstalledAt = new Date();
    await db.shop.upsert({ where: { shop: TEST_SHOP }, create: { shop: TEST_SHOP, uninstalledAt }, update: { uninstalledAt } });
    expect((await findInDatabase([TEST_SHOP])).length).toBeGreaterThan(0);

    const redact = await deliver(app.url, { topic: "shop/redact", body: shopRedact(), webhookId: "shop-redact" });
    expect(redact.status).toBe(200);
    await eventually(
      async () => (await db.shop.count({ where: { shop: TEST_SHOP } })) === 0 && (await findInDatabase([TEST_SHOP])).length === 0,
      15_000,
    ).catch(() => undefined);
    expect(await findInDatabase([TEST_SHOP])).toEqual([]);
  });
});

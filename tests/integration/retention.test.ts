// Deliveries and finished jobs are kept RETENTION_DAYS for an installed
// shop, and not at all for a shop that uninstalled the app or was redacted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { eventually, startApp, type AppServer } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { freshDatabaseUrl } from "../support/databases";
import { alice, orderPayload } from "../support/payloads";
import { deliver } from "../support/webhooks";

const GONE_SHOP = "uninstalled.myshopify.com";
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

let app: AppServer;
let db: Db;

async function seed(shop: string, webhookId: string, age: number) {
  const at = daysAgo(age);
  const body = new TextEncoder().encode(JSON.stringify(orderPayload(1001, alice)));
  await db.webhookEvent.create({
    data: { shop, webhookId, topic: "orders/create", apiVersion: "2026-10", body, status: "PROCESSED", receivedAt: at, processedAt: at },
  });
  await db.job.create({
    data: { shop, name: "webhook", payload: JSON.stringify({ webhookId }), status: "DONE", maxAttempts: 5, createdAt: at, finishedAt: at },
  });
}

beforeAll(async () => {
  const url = await freshDatabaseUrl();
  db = createDb(url);
  await db.shop.create({ data: { shop: TEST_SHOP } });
  await db.shop.create({ data: { shop: GONE_SHOP, uninstalledAt: daysAgo(1) } });
  await seed(TEST_SHOP, "old", 31);
  await seed(TEST_SHOP, "recent", 29);
  await seed(GONE_SHOP, "gone-recent", 1);
  app = await startApp({ DATABASE_URL: url, RETENTION_DAYS: "30" });
});

afterAll(async () => {
  await app?.stop();
  await db?.$disconnect();
});

const webhookIds = async () => (await db.webhookEvent.findMany({ orderBy: { id: "asc" } })).map((e) => `${e.shop} ${e.webhookId}`);
// The daily schedules enqueue their own jobs at start; only the webhook jobs are seeded here.
const jobPayloads = async () =>
  (await db.job.findMany({ where: { name: "webhook" }, orderBy: { id: "asc" } })).map((j) => `${j.shop} ${j.payload}`);

describe("data retention", () => {
  it("purges at start what is older than RETENTION_DAYS, and everything finished of an uninstalled shop", async () => {
    await eventually(async () => (await webhookIds()).length === 1);
    expect(await webhookIds()).toEqual([`${TEST_SHOP} recent`]);
    expect(await jobPayloads()).toEqual([`${TEST_SHOP} {"webhookId":"recent"}`]);
  });

  it("keeps no body of a delivery for a shop the app is not installed on", async () => {
    const result = await deliver(app.url, { topic: "orders/create", body: orderPayload(1002, alice), shop: GONE_SHOP, webhookId: "late" });
    expect(result.status).toBe(200);
    const event = await eventually(() => db.webhookEvent.findFirst({ where: { shop: GONE_SHOP, webhookId: "late", status: "IGNORED" } }));
    expect(event?.body).toHaveLength(0);
    expect(event?.error).toBe("the app is not installed on this shop");
  });
});

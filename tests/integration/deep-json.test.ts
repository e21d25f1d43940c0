// A delivery may nest JSON far deeper than the call stack goes: it is still
// stored, reported and redacted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { eventually, type AppServer } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { installTestShop, startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, customersDataRequest, customersRedact, orderPayload } from "../support/payloads";
import { deliver } from "../support/webhooks";

let app: AppServer;
let db: Db;

beforeAll(async () => ({ app, db } = await startAppOnFreshDatabase(installTestShop)));
afterAll(() => stopAppOnDatabase({ app, db }));

const LEVELS = 100_000;

/** An order whose `nested` field holds the customer's email 100,000 objects down; written by hand, as JSON.stringify cannot. */
function deepOrderBody(): string {
  const order = JSON.stringify(orderPayload(5001, alice));
  const deep = `${'{"level":'.repeat(LEVELS)}{"email":"${alice.email}"}${"}".repeat(LEVELS)}`;
  return `${order.slice(0, -1)},"nested":${deep}}`;
}

describe("deeply nested JSON", () => {
  it("is stored, reported on customers/data_request and redacted on customers/redact, 100,000 levels down", async () => {
    const stored = await deliver(app.url, { topic: "orders/create", body: deepOrderBody(), webhookId: "deep-order" });
    expect(stored.status).toBe(200);

    await deliver(app.url, { topic: "customers/data_request", body: customersDataRequest(alice, [5001]), webhookId: "deep-request" });
    const report = await eventually(() => db.dataRequest.findFirst({ where: { shop: TEST_SHOP, customerId: String(alice.id) } }), 20_000);
    expect(report?.report).toContain(alice.email);

    await deliver(app.url, { topic: "customers/redact", body: customersRedact(alice, [5001]), webhookId: "deep-redact" });
    await eventually(() => db.auditEvent.findFirst({ where: { shop: TEST_SHOP, type: "customer.redacted" } }), 20_000);
    const event = await db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, webhookId: "deep-order" } });
    const body = Buffer.from(event.body).toString("utf8");
    expect(body).not.toContain(alice.email);
    // Still the whole order, every level of it, with the email at the bottom nulled.
    expect(body).toContain(`${'{"level":'.repeat(LEVELS)}{"email":null}`);
    expect(await db.job.count({ where: { shop: TEST_SHOP, status: "DEAD" } })).toBe(0);
  });
});

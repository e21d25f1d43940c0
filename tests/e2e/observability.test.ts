import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { freePort } from "../../sim/app-process";
import { startStack, type Stack } from "../../sim/stack";
import { eventually } from "../support/app-server";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { logLines, scrape, total } from "../support/observability";
import { testDataDir } from "../support/postgres";

// The app against the simulator, with its metrics port on: an order placed in
// the store arrives as a webhook, its job reads the order from the Admin API
// and reconciles; the logs and metrics tell about it, and about no customer.
const CUSTOMER = { firstName: "Philippa", lastName: "Quayle", email: "philippa.quayle@example.net" };

let stack: Stack;
let db: Db;
let metricsUrl: string;

const seed = {
  locations: [{ name: "Warehouse" }],
  products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE" as const, stock: { Warehouse: 1 } }] }],
};

beforeAll(async () => {
  const metricsPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}`;
  const databaseFile = join(testDataDir, `e2e-observability-${randomUUID()}.db`);
  const env = { METRICS_PORT: String(metricsPort) };
  stack = await startStack({ apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, databaseFile, seed: { [TEST_SHOP]: seed }, env });
  db = createDb(stack.databaseUrl);
  await stack.install(TEST_SHOP);
});

afterAll(async () => {
  await db?.$disconnect();
  await stack?.stop({ removeDatabase: true });
});

/** Places an order of the customer's in the store and waits until its webhook's job is done. */
async function orderDelivered() {
  stack.sim.state.placeOrder(TEST_SHOP, { customer: CUSTOMER, lines: [{ sku: "MUG", quantity: 3 }] });
  await stack.settle(TEST_SHOP);
  const delivery = stack.sim.webhooks.deliveries.find((d) => d.topic === "orders/create")!;
  expect(delivery.status).toBe(200);
  const event = await db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, webhookId: delivery.webhookId } });
  expect(event.status).toBe("PROCESSED");
  // The delivery carried the customer (so not logging them is the app's doing).
  expect(Buffer.from(event.body).toString()).toContain(CUSTOMER.email);
  const job = await db.job.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "webhook", payload: { contains: delivery.webhookId } } });
  return { webhookId: delivery.webhookId, jobId: job.id };
}

it("logs JSON lines that name the shop, the delivery and the job, and nothing of the customer", async () => {
  const { webhookId, jobId } = await orderDelivered();
  const lines = logLines(stack.app.output());
  expect(lines.find((line) => String(line.msg).includes("listening on"))).toMatchObject({ level: "info" });
  expect(lines).toContainEqual(
    expect.objectContaining({ msg: "job done", shop: TEST_SHOP, topic: "orders/create", webhookId, job: "webhook", jobId }),
  );
  for (const secret of [CUSTOMER.email, CUSTOMER.firstName, CUSTOMER.lastName]) expect(stack.app.output()).not.toContain(secret);
});

it("serves the process's health on its own port and the app's", async () => {
  for (const base of [stack.app.url, metricsUrl]) {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok", worker: "ok" } });
  }
});

it("counts webhook acknowledgements, jobs, the queue and the Admin API's cost on the metrics port", async () => {
  await orderDelivered();
  const { samples, names } = await eventually(async () => {
    const now = await scrape(metricsUrl);
    return total(now.samples, "backorders_job_duration_seconds_count", { job: "webhook", outcome: "done" }) >= 1 && now;
  });
  expect(total(samples, "backorders_webhook_ack_seconds_count", { status: "200" })).toBeGreaterThanOrEqual(1);
  const costs = samples.filter((s) => s.name === "backorders_admin_api_cost_points_total");
  expect(costs.map((s) => s.labels.operation)).toContain("OrderForBackorders");
  expect(total(samples, "backorders_admin_api_cost_points_total")).toBeGreaterThan(0);
  // The order's event reconciled what it touched; the install reconciled the whole shop.
  expect(total(samples, "backorders_reconcile_duration_seconds_count", { scope: "touched" })).toBeGreaterThanOrEqual(1);
  expect(total(samples, "backorders_reconcile_duration_seconds_count", { scope: "shop" })).toBeGreaterThanOrEqual(1);
  expect(samples).toContainEqual({ name: "backorders_job_queue_depth", labels: { backend: "in-process", state: "due" }, value: 0 });
  expect(samples).toContainEqual(
    expect.objectContaining({ name: "backorders_job_queue_oldest_due_seconds", labels: { backend: "in-process" } }),
  );
  expect(names).toEqual(
    expect.arrayContaining([
      "backorders_admin_api_throttle_waits_total",
      "backorders_admin_api_throttle_wait_seconds_total",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]),
  );
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { isPostgresUrl } from "~/db/client.server";
import { freePort } from "../../sim/app-process";
import { eventually, startApp, startWorker, type AppServer } from "../support/app-server";
import { installTestShop, useFreshDatabase } from "../support/databases";
import { logLines, scrape, total } from "../support/observability";
import { alice, orderPayload } from "../support/payloads";
import { TEST_SHOP } from "../support/constants";
import { deliver } from "../support/webhooks";

const fresh = useFreshDatabase();
let app: AppServer;
let metricsUrl: string;

beforeAll(async () => {
  await installTestShop(fresh.db);
  const metricsPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}`;
  app = await startApp({ DATABASE_URL: fresh.url, METRICS_PORT: String(metricsPort), JOBS_SWEEP_SECONDS: "0.2" });
});
afterAll(() => app?.stop());

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as unknown };
};

it("answers /healthz while the process is up, and /readyz with what it checked", async () => {
  expect(await get(`${app.url}/healthz`)).toEqual({ status: 200, body: { status: "up" } });
  expect(await get(`${app.url}/readyz`)).toEqual({
    status: 200,
    body: { ready: true, checks: { database: "ok", migrations: "ok", worker: "ok" } },
  });
  expect((await get(`${metricsUrl}/readyz`)).status).toBe(200);
});

it("logs a delivered order's job as JSON with its shop, webhook and job ids, and none of the customer's details", async () => {
  const webhookId = "logged-order";
  expect((await deliver(app.url, { topic: "orders/create", body: orderPayload(5001, alice), webhookId })).status).toBe(200);
  const job = await eventually(() =>
    fresh.db.job.findFirst({ where: { shop: TEST_SHOP, status: "DONE", payload: { contains: webhookId } } }),
  );
  const done = await eventually(async () => logLines(app.output()).find((line) => line.msg === "job done" && line.webhookId === webhookId));
  expect(done).toMatchObject({ level: "info", shop: TEST_SHOP, topic: "orders/create", job: "webhook", jobId: job!.id });
  for (const secret of [alice.email, alice.first_name, alice.last_name, alice.phone, "1 Main Street"]) {
    expect(app.output()).not.toContain(secret);
  }
  const { samples } = await scrape(metricsUrl);
  expect(total(samples, "backorders_webhook_ack_seconds_count", { status: "200" })).toBeGreaterThanOrEqual(1);
  expect(total(samples, "backorders_job_duration_seconds_count", { job: "webhook", outcome: "done" })).toBeGreaterThanOrEqual(1);
  const backend = isPostgresUrl(fresh.url) ? "pg-boss" : "in-process";
  expect(samples).toContainEqual(expect.objectContaining({ name: "backorders_job_queue_depth", labels: { backend, state: "due" } }));
});

it("gives the worker process the health endpoints and metrics on its metrics port", async () => {
  const metricsPort = await freePort();
  const worker = await startWorker({ DATABASE_URL: fresh.url, METRICS_PORT: String(metricsPort) });
  try {
    const workerUrl = `http://127.0.0.1:${metricsPort}`;
    expect((await get(`${workerUrl}/healthz`)).status).toBe(200);
    expect(await get(`${workerUrl}/readyz`)).toMatchObject({ status: 200, body: { checks: { worker: "ok" } } });
    expect((await scrape(workerUrl)).names).toContain("backorders_job_duration_seconds");
    expect((await fetch(`${workerUrl}/webhooks`, { method: "POST" })).status).toBe(404);
  } finally {
    await worker.stop();
  }
});

it("is ready without a worker when this process runs no jobs", async () => {
  const web = await startApp({ DATABASE_URL: fresh.url, RUN_JOBS: "false" });
  try {
    expect(await get(`${web.url}/readyz`)).toEqual({
      status: 200,
      body: { ready: true, checks: { database: "ok", migrations: "ok", worker: "not run in this process (RUN_JOBS=false)" } },
    });
  } finally {
    await web.stop();
  }
});

// Last: the database loses a migration under the running app.
it("answers /readyz with 503, naming the migration, when one is not applied", async () => {
  const [{ migration_name: last }] = await fresh.db.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
  );
  await fresh.db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '${last}'`);
  const answer = await get(`${app.url}/readyz`);
  expect(answer).toEqual({
    status: 503,
    body: { ready: false, checks: { database: "ok", migrations: `not applied: ${last}`, worker: "ok" } },
  });
  expect((await get(`${app.url}/healthz`)).status).toBe(200);
});

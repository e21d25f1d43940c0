import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { createJobBackend } from "~/jobs/backend.server";
import type { JobHandlers } from "~/jobs/drain.server";
import { HttpError, TerminalError } from "~/errors";
import { enqueue, type JobBackend } from "~/jobs/queue.server";
import { replayDeadLetters } from "~/inbox/dead-letters.server";
import { FULL_RECONCILE_JOB } from "~/engine/requests.server";
import { scheduleFullReconciles } from "~/engine/schedule.server";
import { eventually } from "../support/app-server";
import { freshDatabaseUrl, provider } from "../support/databases";

// The contract both job backends keep. This file runs once per provider:
// in-process on SQLite, pg-boss on PostgreSQL.
const SHOP = "jobs-shop.myshopify.com";
const fast = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, leaseMs: 5_000 };

let db: Db;
let url: string;
let backends: JobBackend[] = [];
let runs: Array<{ shop: string; name: string; n: number; attempt: number }>;
let failuresLeft: Map<number, number>;

const handlers: JobHandlers = {
  record: async (payload, { shop, attempt }) => {
    const { n } = payload as { n: number };
    runs.push({ shop, name: "record", n, attempt });
    const left = failuresLeft.get(n) ?? 0;
    if (left > 0) {
      failuresLeft.set(n, left - 1);
      throw new Error(`job ${n} failed on purpose`);
    }
  },
  terminal: async (payload, { shop, attempt }) => {
    const { status } = payload as { status: number | null };
    runs.push({ shop, name: "terminal", n: status ?? 0, attempt });
    throw status ? new HttpError(status, `Shopify answered ${status}`) : new TerminalError("the shop uninstalled the app");
  },
};

function backend() {
  const b = createJobBackend(url, { db, policy: fast, sweepIntervalMs: 200 });
  backends.push(b);
  return b;
}

async function add(shop: string, n: number, name = "record") {
  const job = await enqueue(db, { shop, name, payload: { n }, maxAttempts: fast.maxAttempts });
  return job.id;
}

const job = (id: number) => db.job.findUniqueOrThrow({ where: { id } });
const settled = (id: number) =>
  eventually(async () => {
    const row = await job(id);
    return ["DONE", "DEAD"].includes(row.status) ? row : undefined;
  });

beforeEach(async () => {
  url = await freshDatabaseUrl();
  db = createDb(url);
  runs = [];
  failuresLeft = new Map();
  backends = [];
});

afterEach(async () => {
  for (const b of backends) await b.stop();
  await db.$disconnect();
});

describe(`job backend contract (${provider()})`, () => {
  it("runs a job once and marks it done", async () => {
    const jobs = backend();
    await jobs.start(handlers);
    const id = await add(SHOP, 1);
    await jobs.notify(SHOP);
    expect(await settled(id)).toMatchObject({ status: "DONE", attempts: 1, lastError: null });
    expect(runs.map((r) => r.n)).toEqual([1]);
  });

  it("runs a shop's jobs in the order they were recorded, even when one needs retries", async () => {
    failuresLeft.set(2, 2);
    const ids = [await add(SHOP, 1), await add(SHOP, 2), await add(SHOP, 3), await add(SHOP, 4)];
    const jobs = backend();
    await jobs.start(handlers);
    await settled(ids[3]);
    expect(runs.map((r) => `${r.n}#${r.attempt}`)).toEqual(["1#1", "2#1", "2#2", "2#3", "3#1", "4#1"]);
    expect((await job(ids[1])).status).toBe("DONE");
  });

  it("retries with backoff up to the limit, then keeps the job as a dead letter with its error", async () => {
    failuresLeft.set(7, 99);
    const jobs = backend();
    await jobs.start(handlers);
    const id = await add(SHOP, 7);
    await jobs.notify(SHOP);
    const dead = await settled(id);
    expect(dead).toMatchObject({ status: "DEAD", attempts: 3, lastError: "Error: job 7 failed on purpose" });
    expect(runs).toHaveLength(3);
  });

  it.each([401, 403, 404, null])("does not retry a terminal error (%s)", async (status) => {
    const jobs = backend();
    await jobs.start(handlers);
    const { id } = await enqueue(db, { shop: SHOP, name: "terminal", payload: { status }, maxAttempts: 3 });
    await jobs.notify(SHOP);
    expect(await settled(id)).toMatchObject({ status: "DEAD", attempts: 1 });
    expect(runs).toHaveLength(1);
  });

  it("runs a replayed dead letter again", async () => {
    failuresLeft.set(5, 3);
    const jobs = backend();
    await jobs.start(handlers);
    const id = await add(SHOP, 5);
    await jobs.notify(SHOP);
    expect((await settled(id)).status).toBe("DEAD");

    expect(await replayDeadLetters(db, SHOP)).toEqual({ jobs: 1, webhookEvents: 0 });
    await jobs.notify(SHOP);
    expect(await settled(id)).toMatchObject({ status: "DONE", attempts: 1 });
    expect(runs.map((r) => r.n)).toEqual([5, 5, 5, 5]);
  });

  it("keeps shops apart: one shop's failing job does not hold up another shop", async () => {
    failuresLeft.set(1, 99);
    const jobs = backend();
    await jobs.start(handlers);
    const stuck = await add("stuck.myshopify.com", 1);
    const other = await add("free.myshopify.com", 2);
    await jobs.notify("stuck.myshopify.com");
    await jobs.notify("free.myshopify.com");
    expect((await settled(other)).status).toBe("DONE");
    expect((await settled(stuck)).status).toBe("DEAD");
  });

  it("runs jobs recorded while no worker was running once a worker starts", async () => {
    const ids = [await add(SHOP, 1), await add(SHOP, 2)];
    await backend().notify(SHOP); // a web-only instance: notifies, runs nothing
    expect(runs).toEqual([]);
    const worker = backend();
    await worker.start(handlers);
    await settled(ids[1]);
    expect(runs.map((r) => r.n)).toEqual([1, 2]);
  });

  it("takes back a job whose worker died mid-run once its claim expires", async () => {
    const id = await add(SHOP, 9);
    // What a killed worker leaves: claimed, never finished, its lease over.
    await db.job.update({ where: { id }, data: { status: "RUNNING", attempts: 1, lockedUntil: new Date(Date.now() - 1000) } });
    const jobs = backend();
    await jobs.start(handlers);
    expect(await settled(id)).toMatchObject({ status: "DONE", attempts: 2 });
  });
});

describe("scheduled full reconcile", () => {
  it("asks once for a full reconcile of each installed shop, and none for an uninstalled one", async () => {
    await db.shop.create({ data: { shop: "a.myshopify.com" } });
    await db.shop.create({ data: { shop: "b.myshopify.com" } });
    await db.shop.create({ data: { shop: "gone.myshopify.com", uninstalledAt: new Date() } });
    const notified: string[] = [];
    const jobs = { notify: async (shop: string) => void notified.push(shop) };

    expect(await scheduleFullReconciles(db, jobs)).toBe(2);
    await scheduleFullReconciles(db, jobs); // a second instance, or the next tick before the first ran

    const queued = await db.job.findMany({ where: { name: FULL_RECONCILE_JOB }, select: { shop: true } });
    expect(queued.map((j) => j.shop).sort()).toEqual(["a.myshopify.com", "b.myshopify.com"]);
    expect(notified.sort()).toEqual(["a.myshopify.com", "a.myshopify.com", "b.myshopify.com", "b.myshopify.com"]);
  });
});

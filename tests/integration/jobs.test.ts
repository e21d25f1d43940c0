import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { anyJson } from "~/db/codecs";
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
let hanging: Array<() => void>;

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
  slow: async (payload, { shop, attempt }) => {
    const { n, ms } = payload as { n: number; ms: number };
    runs.push({ shop, name: "slow", n, attempt });
    await new Promise((resolve) => setTimeout(resolve, ms));
  },
  /** Runs until the test ends. */
  hang: async (payload, { shop, attempt }) => {
    runs.push({ shop, name: "hang", n: (payload as { n: number }).n, attempt });
    await new Promise<void>((resolve) => hanging.push(resolve));
  },
};

function backend(options: { policy?: Partial<typeof fast>; shutdownGraceMs?: number } = {}) {
  const b = createJobBackend(url, {
    db,
    policy: { ...fast, ...options.policy },
    sweepIntervalMs: 200,
    shutdownGraceMs: options.shutdownGraceMs,
  });
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
  hanging = [];
  backends = [];
});

afterEach(async () => {
  for (const resolve of hanging) resolve();
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

  it.each([401, 402, 403, 404, 423, null])("does not retry a terminal error (%s)", async (status) => {
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

  it("dead-letters a job whose last attempt never finished when it is claimed, without running it again", async () => {
    const id = await add(SHOP, 9);
    // What a process killed by the job's last attempt leaves: claimed, never finished.
    await db.job.update({
      where: { id },
      data: { status: "RUNNING", attempts: fast.maxAttempts, lockedUntil: new Date(Date.now() - 1000) },
    });
    const after = await add(SHOP, 10);
    const jobs = backend();
    await jobs.start(handlers);
    expect(await settled(id)).toMatchObject({ status: "DEAD", attempts: fast.maxAttempts });
    expect((await job(id)).lastError).toMatch(/^Abandoned: attempt 3 of 3 never finished/);
    expect((await settled(after)).status).toBe("DONE");
    expect(runs.map((r) => r.n)).toEqual([10]);
  });

  it("leaves a live claim alone: another process is running that job", async () => {
    const id = await add(SHOP, 9);
    await db.job.update({ where: { id }, data: { status: "RUNNING", attempts: 1, lockedUntil: new Date(Date.now() + 60_000) } });
    const jobs = backend();
    await jobs.start(handlers);
    await new Promise((resolve) => setTimeout(resolve, 700)); // three sweeps
    expect(await job(id)).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(runs).toEqual([]);
  });

  it("renews the claim of a job that runs longer than its lease, so no other worker runs it at the same time", async () => {
    const policy = { leaseMs: 300 };
    const id = (await enqueue(db, { shop: SHOP, name: "slow", payload: { n: 1, ms: 1_500 }, maxAttempts: 3 })).id;
    const [first, second] = [backend({ policy }), backend({ policy })];
    await first.start(handlers);
    await eventually(async () => runs.length === 1);
    await second.start(handlers);
    expect(await settled(id)).toMatchObject({ status: "DONE", attempts: 1 });
    expect(runs).toHaveLength(1);
  });

  it("runs a shop's compliance and uninstall jobs while its head event waits for a retry, and the events still in order", async () => {
    const waiting = await add(SHOP, 1);
    await db.job.update({
      where: { id: waiting },
      data: { attempts: 1, lastError: "Error: busy", runAt: new Date(Date.now() + 3_600_000) },
    });
    const behind = await add(SHOP, 2);
    const urgent = (await enqueue(db, { shop: SHOP, name: "record", payload: { n: 3 }, lane: "priority" })).id;
    const jobs = backend();
    await jobs.start(handlers);
    expect((await settled(urgent)).status).toBe("DONE");
    expect(runs.map((r) => r.n)).toEqual([3]);
    expect(await job(waiting)).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(await job(behind)).toMatchObject({ status: "QUEUED", attempts: 0 });
  });

  it("gives another shop a turn long before a shop with 300 queued jobs is done", async () => {
    const busy = "busy.myshopify.com";
    await db.job.createMany({
      data: Array.from({ length: 300 }, (_, n) => ({ shop: busy, name: "slow", payload: anyJson.encode({ n, ms: 5 }), maxAttempts: 3 })),
    });
    const jobs = backend();
    await jobs.start(handlers);
    await eventually(async () => runs.length > 0);
    const other = await add("other.myshopify.com", 1000);
    await jobs.notify("other.myshopify.com");
    await settled(other);
    const busyRunsBefore = runs.findIndex((r) => r.shop === "other.myshopify.com");
    expect(busyRunsBefore).toBeLessThanOrEqual(60);
    expect(await db.job.count({ where: { shop: busy, status: "QUEUED" } })).toBeGreaterThan(200);
  });

  it("gives a running job's claim back when stopping outlasts the grace period", async () => {
    const id = (await enqueue(db, { shop: SHOP, name: "hang", payload: { n: 1 }, maxAttempts: 3 })).id;
    const jobs = backend({ shutdownGraceMs: 300 });
    await jobs.start(handlers);
    await eventually(async () => runs.length === 1);
    const started = Date.now();
    await jobs.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await job(id)).toMatchObject({ status: "QUEUED", attempts: 0, lockedUntil: null });

    const next = backend();
    await next.start(handlers);
    await eventually(async () => runs.length === 2);
    expect(await job(id)).toMatchObject({ status: "RUNNING", attempts: 1 });
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

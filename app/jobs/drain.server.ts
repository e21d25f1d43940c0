import type { Db } from "~/db/client.server";
import { anyJson } from "~/db/codecs";
import { isTerminal, TerminalError } from "~/errors";
import { log, withLogContext } from "~/observability/log.server";
import { observeJob } from "~/observability/metrics.server";
import { retryDelayMs, type RetryPolicy } from "./retry";

export type JobContext = { shop: string; jobId: number; attempt: number };
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/**
 * A shop's jobs are in one of two lanes, each run in id order on its own.
 * `priority` (compliance and uninstall deliveries, set by the inbox trigger)
 * is claimed first and never waits behind an event that waits for a retry.
 */
export const LANES = ["priority", "events"] as const;
export type Lane = (typeof LANES)[number];

/** How many of one shop's jobs a worker runs before giving the next waiting shop a turn. */
export const JOBS_PER_TURN = 20;

/** What a drain left behind: nothing, the time the shop's next job becomes due, or (`more`) due jobs after its turn ended. */
export type DrainResult = { nextAt: Date | null; more?: boolean };

/** The claims a worker holds right now (job id to its shop and attempt), so that shutting down can give them back. */
export type Claims = Map<number, { shop: string; attempt: number }>;

export type DrainOptions = {
  shouldStop?: () => boolean;
  /** Between jobs: at least lets the requests that arrived meanwhile be answered. */
  pause?: () => Promise<void>;
  /** At most this many jobs, then `more: true` if any is still due. */
  budget?: number;
  claims?: Claims;
};

type JobRow = NonNullable<Awaited<ReturnType<Db["job"]["findFirst"]>>>;

/**
 * Runs a shop's due jobs, each lane in id order. A lane's head blocks the jobs
 * behind it while it waits for a retry, so a shop's events are processed in
 * arrival order. A claim is a compare-and-set on the row, so no two workers
 * ever run the same attempt, whichever backend dispatched them; the claim's
 * lease is renewed while the handler runs, and the job's end is written only
 * if the claim is still this worker's.
 */
export async function drainShop(
  db: Db,
  handlers: JobHandlers,
  policy: RetryPolicy,
  shop: string,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const {
    shouldStop = () => false,
    pause = () => new Promise((resolve) => setImmediate(resolve)),
    budget = Infinity,
    claims = new Map(),
  } = options;
  let ran = 0;
  while (!shouldStop()) {
    await pause();
    const { head, nextAt } = await dueHead(db, shop);
    if (!head) return { nextAt };
    if (ran >= budget) return { nextAt: null, more: true };
    ran++;

    if (head.attempts >= head.maxAttempts) {
      // Its last attempt was claimed and never ended: the process running it
      // died (or was killed for it). Trying again could kill the next one.
      await db.job.updateMany({
        where: { id: head.id, shop, status: head.status, attempts: head.attempts },
        data: {
          status: "DEAD",
          lockedUntil: null,
          finishedAt: new Date(),
          lastError: `Abandoned: attempt ${head.attempts} of ${head.maxAttempts} never finished (its process stopped while running it)`,
        },
      });
      continue;
    }

    const attempt = head.attempts + 1;
    const claimed = await db.job.updateMany({
      where: { id: head.id, shop, status: head.status, attempts: head.attempts },
      data: { status: "RUNNING", attempts: attempt, lockedUntil: new Date(Date.now() + policy.leaseMs) },
    });
    if (claimed.count !== 1) continue;

    claims.set(head.id, { shop, attempt });
    try {
      await withLogContext({ shop, job: head.name, jobId: head.id }, () => runClaimed(db, handlers, policy, head, attempt));
    } finally {
      claims.delete(head.id);
    }
  }
  return { nextAt: null };
}

/**
 * Runs a job this worker claimed and writes its end: done, queued again for
 * a retry, or dead. The claim's lease is renewed while the handler runs.
 */
async function runClaimed(db: Db, handlers: JobHandlers, policy: RetryPolicy, head: JobRow, attempt: number) {
  const { shop } = head;
  const lease = () => new Date(Date.now() + policy.leaseMs);
  const mine = { id: head.id, shop, status: "RUNNING", attempts: attempt };
  const renewal = setInterval(
    () =>
      void db.job
        .updateMany({ where: mine, data: { lockedUntil: lease() } })
        .catch((error) => log.warn({ err: error }, `jobs: renewing the lease of job ${head.id} failed`)),
    policy.leaseMs / 3,
  );
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const handler = handlers[head.name];
    if (!handler) throw new TerminalError(`no handler for job "${head.name}"`);
    await handler(anyJson.decode(head.payload), { shop, jobId: head.id, attempt });
    clearInterval(renewal);
    // updateMany: a handler may have deleted the row (shop/redact deletes the shop's jobs).
    await db.job.updateMany({ where: mine, data: { status: "DONE", lockedUntil: null, lastError: null, finishedAt: new Date() } });
    observeJob(head.name, "done", seconds());
    log.info({ attempt, ms: Math.round(seconds() * 1000) }, "job done");
  } catch (error) {
    clearInterval(renewal);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const dead = isTerminal(error) || attempt >= head.maxAttempts;
    await db.job.updateMany({
      where: mine,
      data: dead
        ? { status: "DEAD", lockedUntil: null, lastError: message, finishedAt: new Date() }
        : { status: "QUEUED", lockedUntil: null, lastError: message, runAt: new Date(Date.now() + retryDelayMs(policy, attempt)) },
    });
    observeJob(head.name, dead ? "dead" : "retry", seconds());
    // A retry is routine (Shopify or the network hiccuped); a dead letter needs a person.
    const fields = { attempt, ms: Math.round(seconds() * 1000), err: error };
    if (dead) log.warn(fields, "job failed for good: a dead letter");
    else log.info(fields, "job failed; it will be retried");
  }
}

/** The first due head among the shop's lanes (priority first), or when the next becomes due. */
async function dueHead(db: Db, shop: string): Promise<{ head: JobRow | null; nextAt: Date | null }> {
  const now = new Date();
  let nextAt: Date | null = null;
  for (const lane of LANES) {
    const head = await db.job.findFirst({ where: { shop, lane, status: { in: ["QUEUED", "RUNNING"] } }, orderBy: { id: "asc" } });
    if (!head) continue;
    const dueAt = head.status === "RUNNING" && head.lockedUntil && head.lockedUntil > now ? head.lockedUntil : head.runAt;
    if (dueAt <= now) return { head, nextAt: null };
    if (!nextAt || dueAt < nextAt) nextAt = dueAt;
  }
  return { head: null, nextAt };
}

/**
 * Gives back the claims of jobs still running when a worker stops: the job is
 * queued again, its attempt not counted, for another worker. The handler, if
 * it ever ends, no longer owns the row.
 */
export async function releaseClaims(db: Db, claims: Claims) {
  for (const [id, { shop, attempt }] of claims) {
    await db.job.updateMany({
      where: { id, shop, status: "RUNNING", attempts: attempt },
      data: { status: "QUEUED", attempts: attempt - 1, lockedUntil: null, runAt: new Date() },
    });
    log.warn({ shop, jobId: id }, `jobs: job ${id} outlived the shutdown grace period; its claim is released for another worker`);
  }
  claims.clear();
}

/** Shops that have a job due now, or a claim whose lease ran out. */
export async function shopsWithDueJobs(db: Db): Promise<string[]> {
  const now = new Date();
  const rows = await db.job.findMany({
    where: {
      OR: [
        { status: "QUEUED", runAt: { lte: now } },
        { status: "RUNNING", lockedUntil: { lt: now } },
      ],
    },
    distinct: ["shop"],
    select: { shop: true },
  });
  return rows.map((row) => row.shop);
}

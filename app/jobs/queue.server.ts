import type { Db } from "~/db/client.server";
import { anyJson } from "~/db/codecs";
import type { JobHandlers, Lane } from "./drain.server";
import { defaultRetryPolicy, type RetryPolicy } from "./retry";

/** A Prisma client or an interactive transaction on it. */
export type DbOrTx = Pick<Db, "job">;

export type NewJob = { shop: string; name: string; payload: unknown; maxAttempts?: number; lane?: Lane };

/**
 * Records a job. Call it inside the transaction that records the reason for
 * the job, then `notify(shop)` after the commit: a job recorded is never lost,
 * even when the process dies before anything runs it.
 */
export function enqueue(db: DbOrTx, job: NewJob) {
  return db.job.create({ data: jobRow(job) });
}

function jobRow(job: NewJob) {
  return {
    shop: job.shop,
    name: job.name,
    payload: anyJson.encode(job.payload),
    maxAttempts: job.maxAttempts ?? defaultRetryPolicy.maxAttempts,
    lane: job.lane,
  };
}

/** The two job backends share this contract; see docs/decisions/003-job-backends.md. */
export interface JobBackend {
  /** Starts working with these handlers: recovers what a stopped process left, then runs due jobs. */
  start(handlers: JobHandlers): Promise<void>;
  /** Says that a shop has new jobs, committed. Safe to call when not working. */
  notify(shop: string): Promise<void>;
  /**
   * Stops taking jobs and waits for the running one to finish, at most the
   * shutdown grace period; then gives its claim back for another worker.
   */
  stop(): Promise<void>;
  /** Whether this process runs jobs now: started, and not stopping. */
  isWorking(): boolean;
}

/** What a change that recorded jobs needs: to say so after its commit. */
export type JobNotifier = Pick<JobBackend, "notify">;

export type BackendOptions = {
  db: Db;
  policy?: Partial<RetryPolicy>;
  /** How often to look for due work that no notification announced. */
  sweepIntervalMs?: number;
  /** How long `stop()` waits for a running job before giving its claim back. */
  shutdownGraceMs?: number;
  /** How many shops' drains may run at once in this process (pg-boss; the in-process backend runs one). */
  concurrency?: number;
};

export const defaultShutdownGraceMs = 10_000;

export type ShopJobs = { queued: number; running: number; dead: number };

/** How many of a shop's jobs wait (due or not), run, or died. */
export async function jobsOfShop(db: Pick<Db, "job">, shop: string): Promise<ShopJobs> {
  const grouped = await db.job.groupBy({
    by: ["status"],
    where: { shop, status: { in: ["QUEUED", "RUNNING", "DEAD"] } },
    _count: { _all: true },
  });
  const count = (status: string) => grouped.find((row) => row.status === status)?._count._all ?? 0;
  return { queued: count("QUEUED"), running: count("RUNNING"), dead: count("DEAD") };
}

export type QueueCounts = { due: number; delayed: number; running: number; oldestDueAt: Date | null };

/** All shops' jobs that wait to run now, wait for a retry's time, or run; and when the oldest due one became due. */
export async function queueCounts(db: Pick<Db, "job">, now = new Date()): Promise<QueueCounts> {
  const dueNow = { status: "QUEUED", runAt: { lte: now } };
  const [due, delayed, running, oldest] = await Promise.all([
    db.job.count({ where: dueNow }),
    db.job.count({ where: { status: "QUEUED", runAt: { gt: now } } }),
    db.job.count({ where: { status: "RUNNING" } }),
    db.job.findFirst({ where: dueNow, orderBy: { runAt: "asc" }, select: { runAt: true } }),
  ]);
  return { due, delayed, running, oldestDueAt: oldest?.runAt ?? null };
}

/** Deletes the shop's finished jobs (done or dead) that finished before `before`. */
export async function purgeFinishedJobs(db: Pick<Db, "job">, shop: string, before: Date) {
  const { count } = await db.job.deleteMany({ where: { shop, status: { in: ["DONE", "DEAD"] }, finishedAt: { lt: before } } });
  return count;
}

import type { Db } from "~/db/client.server";
import { anyJson } from "~/db/codecs";
import { isTerminal, TerminalError } from "~/errors";
import { retryDelayMs, type RetryPolicy } from "./retry";

export type JobContext = { shop: string; jobId: number; attempt: number };
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/** What a drain left behind: nothing, or the time the shop's next job becomes due. */
export type DrainResult = { nextAt: Date | null };

/**
 * Runs a shop's jobs in id order until none is due. The head job blocks the
 * ones behind it while it waits for a retry, so a shop's events are processed
 * in arrival order. A claim is a compare-and-set on the row, so no two workers
 * ever run the same attempt, whichever backend dispatched them.
 */
export async function drainShop(
  db: Db,
  handlers: JobHandlers,
  policy: RetryPolicy,
  shop: string,
  shouldStop: () => boolean = () => false,
  /** Between jobs: at least lets the requests that arrived meanwhile be answered. */
  pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Promise<DrainResult> {
  while (!shouldStop()) {
    await pause();
    const head = await db.job.findFirst({
      where: { shop, status: { in: ["QUEUED", "RUNNING"] } },
      orderBy: { id: "asc" },
    });
    if (!head) return { nextAt: null };
    const now = new Date();
    if (head.status === "RUNNING" && head.lockedUntil && head.lockedUntil > now) return { nextAt: head.lockedUntil };
    if (head.runAt > now) return { nextAt: head.runAt };

    const claimed = await db.job.updateMany({
      where: { id: head.id, shop, status: head.status, attempts: head.attempts },
      data: { status: "RUNNING", attempts: head.attempts + 1, lockedUntil: new Date(now.getTime() + policy.leaseMs) },
    });
    if (claimed.count !== 1) continue;

    const attempt = head.attempts + 1;
    try {
      const handler = handlers[head.name];
      if (!handler) throw new TerminalError(`no handler for job "${head.name}"`);
      await handler(anyJson.decode(head.payload), { shop, jobId: head.id, attempt });
      // updateMany: a handler may have deleted the row (shop/redact deletes the shop's jobs).
      await db.job.updateMany({
        where: { id: head.id, shop },
        data: { status: "DONE", lockedUntil: null, lastError: null, finishedAt: new Date() },
      });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const dead = isTerminal(error) || attempt >= head.maxAttempts;
      await db.job.updateMany({
        where: { id: head.id, shop },
        data: dead
          ? { status: "DEAD", lockedUntil: null, lastError: message, finishedAt: new Date() }
          : {
              status: "QUEUED",
              lockedUntil: null,
              lastError: message,
              runAt: new Date(Date.now() + retryDelayMs(policy, attempt)),
            },
      });
    }
  }
  return { nextAt: null };
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

import { byMerchant } from "~/audit/context.server";
import type { Db } from "~/db/client.server";
import { enqueue, type JobNotifier } from "~/jobs/queue.server";
import { recordAudit } from "~/audit/trail.server";
import { WEBHOOK_JOB } from "~/inbox/webhook-job.server";

export type ReplayResult = { jobs: number; webhookEvents: number };

/**
 * Puts a shop's dead letters back in line: dead jobs start over with fresh
 * attempts, and dead webhook deliveries get a job again. Pass ids to replay
 * only those.
 */
export async function replayDeadLetters(
  db: Db,
  shop: string,
  only: { jobIds?: number[]; webhookEventIds?: number[] } = {},
): Promise<ReplayResult> {
  return db.$transaction(async (tx) => {
    const jobs = await tx.job.updateMany({
      where: { shop, status: "DEAD", ...(only.jobIds ? { id: { in: only.jobIds } } : {}) },
      data: { status: "QUEUED", attempts: 0, runAt: new Date(), lockedUntil: null, finishedAt: null },
    });
    const events = await tx.webhookEvent.findMany({
      where: { shop, status: "DEAD", ...(only.webhookEventIds ? { id: { in: only.webhookEventIds } } : {}) },
      select: { id: true, webhookId: true },
    });
    for (const event of events) {
      await tx.webhookEvent.updateMany({ where: { id: event.id, shop }, data: { status: "RECEIVED", error: null } });
      await enqueue(tx, { shop, name: WEBHOOK_JOB, payload: { webhookId: event.webhookId } });
    }
    await recordAudit(tx, shop, "dead_letters.replayed", undefined, { jobs: jobs.count, webhookEvents: events.length });
    return { jobs: jobs.count, webhookEvents: events.length };
  });
}

/** One dead letter, as the admin names it: a failed job or an unprocessable delivery. */
export type DeadLetterRef = { kind: "job" | "webhook"; id: number };

/**
 * The merchant's replay from the Activity page: one dead letter, or all of
 * the shop's; the job runner is told at once, so it runs now rather than at
 * the next sweep. Null when the shop has no such dead letter (another shop's
 * id, or one already replayed): the route answers 404.
 */
export const replayFromAdmin = byMerchant(
  async ({ db, jobs }: { db: Db; jobs: JobNotifier }, shop: string, target: DeadLetterRef | "all"): Promise<ReplayResult | null> => {
    if (target !== "all") {
      const where = { id: target.id, shop, status: "DEAD" };
      const exists = target.kind === "job" ? await db.job.findFirst({ where }) : await db.webhookEvent.findFirst({ where });
      if (!exists) return null;
    }
    const only =
      target === "all"
        ? {}
        : target.kind === "job"
          ? { jobIds: [target.id], webhookEventIds: [] }
          : { jobIds: [], webhookEventIds: [target.id] };
    const result = await replayDeadLetters(db, shop, only);
    await jobs.notify(shop);
    return result;
  },
);

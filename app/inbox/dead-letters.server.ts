import type { Db } from "~/db/client.server";
import { enqueue } from "~/jobs/queue.server";
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

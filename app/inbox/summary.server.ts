import { z } from "zod";
import type { Db } from "~/db/client.server";
import { anyJson } from "~/db/codecs";
import { WEBHOOK_JOB } from "./webhook-job.server";

const webhookStatus = z.enum(["RECEIVED", "PROCESSED", "IGNORED", "DEAD"]);

export type InboxSummary = {
  counts: Record<z.infer<typeof webhookStatus>, number>;
  /** Jobs that failed for good (beside the deliveries counted as DEAD). */
  deadJobs: number;
  deadLetters: Array<{ kind: "webhook" | "job"; id: number; label: string; error: string | null; at: string }>;
};

/** What the webhook inbox and the job queue hold for a shop, for the overview page. */
export async function getInboxSummary(db: Db, shop: string): Promise<InboxSummary> {
  const [grouped, deadEvents, deadJobs, deadJobCount] = await Promise.all([
    db.webhookEvent.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
    db.webhookEvent.findMany({ where: { shop, status: "DEAD" }, orderBy: { id: "desc" }, take: 20 }),
    db.job.findMany({ where: { shop, status: "DEAD" }, orderBy: { id: "desc" }, take: 20 }),
    db.job.count({ where: { shop, status: "DEAD" } }),
  ]);
  const topics = await topicsOfWebhookJobs(db, shop, deadJobs);
  const counts = { RECEIVED: 0, PROCESSED: 0, IGNORED: 0, DEAD: 0 };
  for (const row of grouped) counts[webhookStatus.parse(row.status)] = row._count._all;
  const deadLetters = [
    ...deadEvents.map((e) => ({ kind: "webhook" as const, id: e.id, label: e.topic, error: e.error, at: e.receivedAt.toISOString() })),
    ...deadJobs.map((j) => ({
      kind: "job" as const,
      id: j.id,
      label: topics.get(j.id) ?? j.name,
      error: j.lastError,
      at: j.createdAt.toISOString(),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return { counts, deadJobs: deadJobCount, deadLetters };
}

const webhookJobPayload = z.object({ webhookId: z.string() });

/** A dead webhook job is named by its delivery's topic ("orders/create"), which says more than "webhook". */
async function topicsOfWebhookJobs(db: Db, shop: string, jobs: Array<{ id: number; name: string; payload: string }>) {
  const webhookIds = new Map<number, string>();
  for (const job of jobs) {
    if (job.name !== WEBHOOK_JOB) continue;
    const payload = webhookJobPayload.safeParse(anyJson.safeDecode(job.payload).data);
    if (payload.success) webhookIds.set(job.id, payload.data.webhookId);
  }
  if (webhookIds.size === 0) return new Map<number, string>();
  const events = await db.webhookEvent.findMany({
    where: { shop, webhookId: { in: [...webhookIds.values()] } },
    select: { webhookId: true, topic: true },
  });
  const topicOf = new Map(events.map((e) => [e.webhookId, e.topic]));
  return new Map(
    [...webhookIds].flatMap(([jobId, webhookId]) => (topicOf.has(webhookId) ? [[jobId, `${topicOf.get(webhookId)}`] as const] : [])),
  );
}

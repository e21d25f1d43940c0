import { z } from "zod";
import type { Db } from "~/db/client.server";

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
  const counts = { RECEIVED: 0, PROCESSED: 0, IGNORED: 0, DEAD: 0 };
  for (const row of grouped) counts[webhookStatus.parse(row.status)] = row._count._all;
  const deadLetters = [
    ...deadEvents.map((e) => ({ kind: "webhook" as const, id: e.id, label: e.topic, error: e.error, at: e.receivedAt.toISOString() })),
    ...deadJobs.map((j) => ({ kind: "job" as const, id: j.id, label: j.name, error: j.lastError, at: j.createdAt.toISOString() })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return { counts, deadJobs: deadJobCount, deadLetters };
}

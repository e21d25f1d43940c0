import { currentTrigger } from "~/audit/context.server";
import { enqueue, type DbOrTx, type JobNotifier } from "~/jobs/queue.server";

export const RECONCILE_JOB = "engine.reconcile";
export const FULL_RECONCILE_JOB = "engine.full_reconcile";

/**
 * Asks for a reconcile of what is dirty (or a full one), unless one is already
 * waiting. The job carries what asked for it (the merchant, the schedule, a
 * store event), so the decisions it makes are recorded with their cause; a
 * waiting job keeps its first cause.
 */
export async function requestReconcile(db: DbOrTx, shop: string, full = false) {
  const name = full ? FULL_RECONCILE_JOB : RECONCILE_JOB;
  const waiting = await db.job.findFirst({ where: { shop, name, status: "QUEUED" }, select: { id: true } });
  const trigger = currentTrigger();
  if (!waiting) await enqueue(db, { shop, name, payload: trigger ? { trigger } : {} });
}

/** Asks for the reconcile that acts on a merchant's change just written, and tells the job runner, so it runs at once. */
export async function replan({ db, jobs }: { db: DbOrTx; jobs: JobNotifier }, shop: string) {
  await requestReconcile(db, shop);
  await jobs.notify(shop);
}

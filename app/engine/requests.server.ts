import { enqueue, type DbOrTx } from "~/jobs/queue.server";

export const RECONCILE_JOB = "engine.reconcile";
export const FULL_RECONCILE_JOB = "engine.full_reconcile";

/** Asks for a reconcile of what is dirty (or a full one), unless one is already waiting. */
export async function requestReconcile(db: DbOrTx, shop: string, full = false) {
  const name = full ? FULL_RECONCILE_JOB : RECONCILE_JOB;
  const waiting = await db.job.findFirst({ where: { shop, name, status: "QUEUED" }, select: { id: true } });
  if (!waiting) await enqueue(db, { shop, name, payload: {} });
}

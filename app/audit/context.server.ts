// Who or what set off the work running now, so that every audit event it
// records says so without each caller passing it down. The job runner's
// handlers, the schedule and the merchant's use cases set it around their
// work; recordAudit reads it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuditTrigger } from "./trigger";

const current = new AsyncLocalStorage<AuditTrigger>();

/** Runs `work` with `trigger` as the cause of what it records. */
export function withTrigger<T>(trigger: AuditTrigger, work: () => Promise<T>): Promise<T> {
  return current.run(trigger, work);
}

/** The cause of the work running now, if any set one. */
export function currentTrigger(): AuditTrigger | null {
  return current.getStore() ?? null;
}

/** Marks a use case as the merchant's change: what it records (and the reconcile it asks for) says so. */
export function byMerchant<A extends unknown[], R>(change: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => withTrigger({ kind: "merchant" }, () => change(...args));
}

// Prometheus metrics, served on METRICS_PORT by serveMetrics (web and worker
// processes alike). Names start with `backorders_`; labels stay few and
// bounded (a job's name, an operation's name, an HTTP status), never a shop,
// so a thousand shops make no thousand series.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

// Acknowledging a webhook takes milliseconds; Shopify gives up after 5 s.
const webhookAck = new Histogram({
  name: "backorders_webhook_ack_seconds",
  help: "Time from a POST /webhooks request's arrival to its answer, by HTTP status",
  labelNames: ["status"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

/** One webhook delivery answered with `status` after `seconds`. */
export function observeWebhookAck(status: number, seconds: number) {
  webhookAck.observe({ status: String(status) }, seconds);
}

const jobDuration = new Histogram({
  name: "backorders_job_duration_seconds",
  help: "Time a job's attempt ran, by job name and outcome (done, retry: failed and queued again, dead: failed for good)",
  labelNames: ["job", "outcome"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

export type JobOutcome = "done" | "retry" | "dead";

export function observeJob(job: string, outcome: JobOutcome, seconds: number) {
  jobDuration.observe({ job, outcome }, seconds);
}

const reconcileDuration = new Histogram({
  name: "backorders_reconcile_duration_seconds",
  help: "Time one reconcile of a shop took (read, plan and writes), by scope: what an event touched, or the whole shop",
  labelNames: ["scope"] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

/** One reconcile of a shop took `seconds`. */
export function observeReconcile(scope: "touched" | "shop", seconds: number) {
  reconcileDuration.observe({ scope }, seconds);
}

/** A counter per Admin API operation (a document the app sends: a bounded set). */
const perOperation = (name: string, help: string) => new Counter({ name, help, labelNames: ["operation"] as const, registers: [registry] });
const adminApiCost = perOperation(
  "backorders_admin_api_cost_points_total",
  "Admin GraphQL query cost Shopify charged (actualQueryCost), by operation",
);
const throttleWaits = perOperation(
  "backorders_admin_api_throttle_waits_total",
  "Waits for the Admin API's cost bucket, before a request or after a THROTTLED answer",
);
const throttleWaitSeconds = perOperation(
  "backorders_admin_api_throttle_wait_seconds_total",
  "Time spent waiting for the Admin API's cost bucket",
);
const throttled = perOperation("backorders_admin_api_throttled_total", "THROTTLED answers from Shopify's Admin API");

/** What the Admin API transport reports: points charged, a wait for the bucket, a THROTTLED answer. */
export const adminApiMetrics = {
  cost: (operation: string, points: number) => adminApiCost.inc({ operation }, points),
  wait: (operation: string, ms: number) => {
    throttleWaits.inc({ operation });
    throttleWaitSeconds.inc({ operation }, ms / 1000);
  },
  throttled: (operation: string) => throttled.inc({ operation }),
};

/** The queue as a scrape reads it from the database. */
export type QueueSnapshot = {
  backend: string;
  /** Jobs waiting to run now, jobs waiting for a retry's time, jobs running. */
  due: number;
  delayed: number;
  running: number;
  /** When the oldest job due now became due, or null when none is. */
  oldestDueAt: Date | null;
};

let readQueue: (() => Promise<QueueSnapshot>) | undefined;

/** Reads the queue at each scrape (the wiring gives the query: this module knows no database). */
export function watchQueue(read: () => Promise<QueueSnapshot>) {
  readQueue = read;
}

// Both gauges come from one read per scrape (prom-client collects them side by side).
let read: { at: number; snapshot: Promise<QueueSnapshot | null> } | undefined;

/** The queue, read at most once a second; null when there is no queue here or the database failed (the gauges stay empty). */
function queueSnapshot(): Promise<QueueSnapshot | null> {
  if (!readQueue) return Promise.resolve(null);
  if (!read || Date.now() - read.at > 1000) read = { at: Date.now(), snapshot: readQueue().catch(() => null) };
  return read.snapshot;
}

new Gauge({
  name: "backorders_job_queue_depth",
  help: "Jobs in the queue at scrape time, by backend and state (due: waiting to run now; delayed: waiting for a retry's time; running)",
  labelNames: ["backend", "state"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const snapshot = await queueSnapshot();
    if (!snapshot) return;
    for (const state of ["due", "delayed", "running"] as const) this.set({ backend: snapshot.backend, state }, snapshot[state]);
  },
});

new Gauge({
  name: "backorders_job_queue_oldest_due_seconds",
  help: "How long the oldest job due now has waited to run (0 when none waits), by backend",
  labelNames: ["backend"] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const snapshot = await queueSnapshot();
    if (!snapshot) return;
    const { backend, oldestDueAt } = snapshot;
    this.set({ backend }, oldestDueAt ? Math.max(0, (Date.now() - oldestDueAt.getTime()) / 1000) : 0);
  },
});

import { config } from "~/config.server";
import { db } from "~/db.server";
import { createJobBackend } from "./backend.server";
import type { JobBackend } from "./queue.server";

declare global {
  var __jobs: JobBackend | undefined;
}

/**
 * The process's job backend, without handlers: anything may `notify()` a
 * shop's new jobs through it. The process that runs jobs starts it with the
 * handler list (app/server/lifecycle.server.ts).
 */
export const jobs: JobBackend = (globalThis.__jobs ??= createJobBackend(config.DATABASE_URL, {
  db,
  sweepIntervalMs: config.JOBS_SWEEP_SECONDS * 1000,
  policy: { leaseMs: config.JOBS_LEASE_SECONDS * 1000, baseDelayMs: config.JOBS_RETRY_SECONDS * 1000 },
  shutdownGraceMs: config.JOBS_SHUTDOWN_GRACE_SECONDS * 1000,
  concurrency: config.JOBS_CONCURRENCY,
}));

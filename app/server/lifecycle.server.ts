// The process's start and background work: the check of the stored tokens'
// key, the job runner, the periodic full reconcile, and the daily retention
// purge, delay sweep and merchant digest. scripts/start.mjs and scripts/worker.mjs call boot() after migrating
// the database; under Vite's dev server, entry.server.tsx does.
import { config } from "~/config.server";
import { db } from "~/db.server";
import { scheduleFullReconciles } from "~/engine/schedule.server";
import { purgeExpired } from "~/inbox/retention.server";
import { scheduleDailyNotices } from "~/notifications/delay-rules.server";
import { DIGEST_JOB } from "~/notifications/digest.server";
import { jobs } from "~/jobs/dispatcher.server";
import { tokens } from "~/shopify.server";
import { checkStoredTokens } from "~/shopify/session-storage.server";
import { jobHandlers } from "./handlers.server";
import { log } from "~/observability/log.server";

let schedule: NodeJS.Timeout | undefined;
let purges: NodeJS.Timeout | undefined;

export async function boot() {
  // A wrong ENCRYPTION_KEY stops the process here, not at the first request.
  await checkStoredTokens(db, tokens);
  if (!config.RUN_JOBS) return;
  await jobs.start(jobHandlers);
  const everyFewHours = () =>
    void scheduleFullReconciles(db, jobs).catch((error) => log.warn({ err: error }, "scheduling full reconciles failed"));
  schedule = setInterval(everyFewHours, config.FULL_RECONCILE_HOURS * 3_600_000);
  // Old deliveries and finished jobs go at start and then daily.
  const daily = () => {
    void purgeExpired(db, config.RETENTION_DAYS).catch((error) => log.warn({ err: error }, "retention purge failed"));
    void scheduleDailyNotices(db, jobs, DIGEST_JOB).catch((error) =>
      log.warn({ err: error }, "scheduling the delay sweep and digest failed"),
    );
  };
  daily();
  purges = setInterval(daily, 86_400_000);
}

/** Finishes the running job and lets the process exit. */
export async function shutdown() {
  clearInterval(schedule);
  clearInterval(purges);
  await jobs.stop();
}

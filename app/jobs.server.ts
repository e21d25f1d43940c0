import { config } from "~/config.server";
import { db } from "~/db.server";
import { createJobBackend } from "~/jobs/backend.server";
import { whileAccessHolds } from "~/jobs/errors";
import type { JobBackend } from "~/jobs/queue.server";
import { engineJobs } from "~/services/engine/job-handlers.server";
import { SHOP_SYNC_JOB, syncShopDetails } from "~/services/shop-details.server";
import { topicHandlers } from "~/webhooks/handlers.server";
import { WEBHOOK_JOB, webhookJob } from "~/webhooks/process.server";

declare global {
  var __jobs: JobBackend | undefined;
}

/** The process's job backend: every job name the app knows, and its handler. */
export const jobs: JobBackend = (globalThis.__jobs ??= createJobBackend(config.DATABASE_URL, {
  db,
  sweepIntervalMs: config.JOBS_SWEEP_SECONDS * 1000,
  handlers: {
    [WEBHOOK_JOB]: webhookJob(db, topicHandlers),
    [SHOP_SYNC_JOB]: async (_payload, { shop }) => void (await whileAccessHolds(() => syncShopDetails(db, shop))),
    ...engineJobs(db),
  },
}));

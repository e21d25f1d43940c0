#!/usr/bin/env node
// A jobs-only process (`npm run worker`): no HTTP but the metrics port (with
// the health endpoints) when METRICS_PORT is set. On PostgreSQL, web
// instances started with RUN_JOBS=false answer requests while workers like
// this one run the jobs, and each scales on its own.
import { loadServerBuild, stopOnSignal } from "./server-build.mjs";

if (process.env.RUN_JOBS === "false") {
  console.error("RUN_JOBS=false: a worker that runs no jobs would do nothing; unset it.");
  process.exit(1);
}
const build = await loadServerBuild();
const { boot, shutdown, log, serveMetrics } = build.entry.module;
await boot();
const metrics = await serveMetrics();
log.info("Backorder Manager worker running jobs");
stopOnSignal(log, async () => {
  metrics?.close();
  await shutdown();
});

#!/usr/bin/env node
// A jobs-only process (`npm run worker`): no HTTP. On PostgreSQL, web
// instances started with RUN_JOBS=false answer requests while workers like
// this one run the jobs, and each scales on its own.
import { loadServerBuild, stopOnSignal } from "./server-build.mjs";

if (process.env.RUN_JOBS === "false") {
  console.error("RUN_JOBS=false: a worker that runs no jobs would do nothing; unset it.");
  process.exit(1);
}
const build = await loadServerBuild();
await build.entry.module.boot();
console.log("Backorder Manager worker running jobs");
stopOnSignal(() => build.entry.module.shutdown());

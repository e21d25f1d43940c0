#!/usr/bin/env node
// Production entry: checks the configuration (by loading the built app),
// applies migrations, starts the jobs (unless RUN_JOBS=false), then serves
// the app on PORT.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { loadServerBuild, stopOnSignal } from "./server-build.mjs";

const build = await loadServerBuild();
await build.entry.module.boot();

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => console.log(`Backorder Manager listening on http://localhost:${port}`));

stopOnSignal(async () => {
  // No new connections; idle keep-alive ones end now, the rest after their request.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await Promise.all([closed, build.entry.module.shutdown()]);
});

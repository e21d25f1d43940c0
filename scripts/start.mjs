#!/usr/bin/env node
// Production entry: checks the configuration (by loading the built app),
// applies migrations, starts the jobs (unless RUN_JOBS=false), then serves
// the app on PORT, and metrics on METRICS_PORT if set.
import { createServer } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { loadServerBuild, stopOnSignal } from "./server-build.mjs";

const build = await loadServerBuild();
const { boot, shutdown, log, observeRequest, serveMetrics, handleWebhook, isWebhookDelivery } = build.entry.module;
await boot();
const metrics = await serveMetrics();

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT ?? 3000);
// Health endpoints first (and the webhook acknowledgement timer); then webhook
// deliveries, which skip express and Remix: the entry's node:http handler
// reads, verifies and records them (app/inbox/node-intake.server.ts).
const server = createServer(
  (req, res) => observeRequest(req, res) || (isWebhookDelivery(req) ? void handleWebhook(req, res) : app(req, res)),
);
server.listen(port, () => log.info({ port }, `Backorder Manager listening on http://localhost:${port}`));

stopOnSignal(log, async () => {
  // No new connections; idle keep-alive ones end now, the rest after their request.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  metrics?.close();
  await Promise.all([closed, shutdown()]);
});

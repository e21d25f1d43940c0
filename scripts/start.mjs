#!/usr/bin/env node
// Production entry: checks the configuration (by loading the built app),
// applies migrations, starts the jobs (unless RUN_JOBS=false), then serves
// the app on PORT.
import { createServer } from "node:http";
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

// Webhook deliveries skip express and Remix: the entry's node:http handler
// reads, verifies and records them (app/inbox/node-intake.server.ts).
const { handleWebhook } = build.entry.module;
const isDelivery = (req) => req.method === "POST" && (req.url === "/webhooks" || req.url.startsWith("/webhooks?"));
const server = createServer((req, res) => (isDelivery(req) ? void handleWebhook(req, res) : app(req, res)));

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`Backorder Manager listening on http://localhost:${port}`));

stopOnSignal(async () => {
  // No new connections; idle keep-alive ones end now, the rest after their request.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await Promise.all([closed, build.entry.module.shutdown()]);
});

#!/usr/bin/env node
// Production entry: checks the configuration (by loading the built app),
// applies migrations, starts the jobs, then serves the app on PORT.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { migrate } from "./migrate.mjs";

let build;
try {
  build = await import("../build/server/index.js");
} catch (error) {
  if (error?.name === "ConfigError") {
    console.error(error.message);
    process.exit(1);
  }
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("build/server")) {
    console.error("No build found: run `npm run build` first.");
    process.exit(1);
  }
  throw error;
}

const applied = await migrate(process.env.DATABASE_URL);
if (applied.length) console.log(`migrations applied: ${applied.join(", ")}`);
await build.entry.module.boot();

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => console.log(`Backorder Manager listening on http://localhost:${port}`));

async function stop(signal) {
  console.log(`${signal}: finishing the running job, then stopping`);
  server.close();
  await build.entry.module.shutdown();
  process.exit(0);
}
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));

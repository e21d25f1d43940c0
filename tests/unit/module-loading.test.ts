import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it, vi } from "vitest";
import { migrate } from "../../scripts/migrate.mjs";
import { root, testDataDir } from "../support/postgres";

// Every module of the app's server side loads when it is imported first and
// alone: no import loop leaves a constant read before it is defined.
const skipped = new Set(["entry.server.tsx", "root.tsx"]);
const modules = readdirSync(join(root, "app"), { recursive: true, encoding: "utf8" })
  .filter(
    (file) =>
      /\.tsx?$/.test(file) &&
      !file.startsWith("generated") &&
      !file.startsWith("routes") &&
      !file.includes("/generated/") &&
      !skipped.has(file),
  )
  .map((file) => `~/${file.replace(/\.tsx?$/, "")}`);

beforeAll(async () => {
  // What the modules that read the configuration need: a migrated database
  // (Shopify's session storage looks for its table), no Shopify behind it.
  mkdirSync(testDataDir, { recursive: true });
  const databaseUrl = `file:${join(testDataDir, "module-loading.db")}`;
  await migrate(databaseUrl);
  vi.stubEnv("SHOPIFY_API_KEY", "module-loading");
  vi.stubEnv("SHOPIFY_API_SECRET", "module-loading");
  vi.stubEnv("SHOPIFY_APP_URL", "http://127.0.0.1:1");
  vi.stubEnv("SCOPES", "read_orders");
  vi.stubEnv("DATABASE_URL", databaseUrl);
});

it("finds the app's modules", () => {
  expect(modules).toContain("~/server/handlers.server");
  expect(modules.length).toBeGreaterThan(40);
});

it.each(modules)("loads %s first, alone", async (module) => {
  vi.resetModules();
  delete (globalThis as { __db?: unknown }).__db;
  delete (globalThis as { __jobs?: unknown }).__jobs;
  await expect(import(/* @vite-ignore */ module)).resolves.toBeTypeOf("object");
});

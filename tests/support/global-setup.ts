import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../scripts/migrate.mjs";
import { postgresUrl, root, testDataDir, withPostgres, type Provider } from "./postgres";

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/**
 * Integration tests run the built server, as production does; rebuild when
 * app/ changed. Each project's set-up calls this, so a lock directory makes
 * the second wait for the first instead of building over it.
 */
async function ensureBuild() {
  const lock = join(root, ".cache", "build.lock");
  mkdirSync(join(root, ".cache"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const output = join(root, "build/server/index.js");
    const sources = Math.max(newestMtime(join(root, "app")), newestMtime(join(root, "vite.config.ts")));
    if (existsSync(output) && statSync(output).mtimeMs > sources) return;
    execFileSync(join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root, stdio: "ignore" });
  } finally {
    rmdirSync(lock);
  }
}

export default async function setup(project: TestProject) {
  const provider = project.config.env.TEST_DATABASE_PROVIDER as Provider;
  const runId = `bm_${provider === "sqlite" ? "s" : "p"}${randomBytes(3).toString("hex")}`;
  await ensureBuild();
  let template: string;
  if (provider === "sqlite") {
    mkdirSync(testDataDir, { recursive: true });
    template = join(testDataDir, `${runId}_template.db`);
    await migrate(`file:${template}`);
  } else {
    template = `${runId}_template`;
    await withPostgres((client) => client.query(`CREATE DATABASE "${template}"`));
    await migrate(postgresUrl(template));
  }
  project.provide("provider", provider);
  project.provide("templateDatabase", template);
  project.provide("runId", runId);

  return async () => {
    if (provider === "sqlite") {
      for (const file of readdirSync(testDataDir)) if (file.startsWith(runId)) rmSync(join(testDataDir, file), { force: true });
      return;
    }
    await withPostgres(async (client) => {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${runId}%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    });
  };
}

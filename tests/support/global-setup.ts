import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../scripts/migrate.mjs";
import { ensureBuild } from "./build";
import { postgresUrl, testDataDir, withPostgres, type Provider } from "./postgres";

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

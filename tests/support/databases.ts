import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { postgresUrl, testDataDir, withPostgres, type Provider } from "./postgres";

export { root, type Provider } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    provider: Provider;
    templateDatabase: string;
    runId: string;
  }
}

export const provider = (): Provider => inject("provider");

/** A new database of the project's provider, migrated, shared with no other test file. */
export async function freshDatabaseUrl(): Promise<string> {
  const name = `${inject("runId")}_${randomBytes(4).toString("hex")}`;
  if (inject("provider") === "sqlite") {
    mkdirSync(testDataDir, { recursive: true });
    const file = join(testDataDir, `${name}.db`);
    copyFileSync(inject("templateDatabase"), file);
    return `file:${file}`;
  }
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`));
  return postgresUrl(name);
}

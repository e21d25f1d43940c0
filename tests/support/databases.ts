import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { startApp, type AppServer } from "./app-server";
import { TEST_SHOP } from "./constants";
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

/** A fresh database for the test file, with a client on it, closed after the file. */
export function useFreshDatabase(): { url: string; db: Db } {
  const fresh = {} as { url: string; db: Db };
  beforeAll(async () => {
    fresh.url = await freshDatabaseUrl();
    fresh.db = createDb(fresh.url);
  });
  afterAll(() => fresh.db?.$disconnect());
  return fresh;
}

export type AppOnDatabase = { url: string; db: Db; app: AppServer };

/** The built app on a fresh database, for a test file; `prepare` writes to the database before the app starts. */
export async function startAppOnFreshDatabase(prepare?: (db: Db) => Promise<unknown>): Promise<AppOnDatabase> {
  const url = await freshDatabaseUrl();
  const db = createDb(url);
  await prepare?.(db);
  return { url, db, app: await startApp({ DATABASE_URL: url }) };
}

export async function stopAppOnDatabase({ app, db }: Partial<AppOnDatabase>) {
  await app?.stop();
  await db?.$disconnect();
}

/** Installed: a delivery for a shop without the app is kept without its body. */
export const installTestShop = (db: Db) => db.shop.create({ data: { shop: TEST_SHOP } });

// Shared by the global set-up and the tests: no vitest import here, since
// the global set-up runs outside the test workers.
import { join, resolve } from "node:path";
import pg from "pg";

export type Provider = "sqlite" | "postgresql";

export const root = resolve(import.meta.dirname, "../..");
export const testDataDir = join(root, ".cache", "test");
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function postgresUrl(database: string) {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPostgres<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

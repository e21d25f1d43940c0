import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type AppServer } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { withPostgres } from "../support/postgres";

// PostgreSQL only: a server that stops taking connections to the app's database.
const fresh = useFreshDatabase();
let app: AppServer;
let database: string;

beforeAll(async () => {
  database = new URL(fresh.url).pathname.slice(1);
  // Web only: the job runner's own connections are not what this is about.
  app = await startApp({ DATABASE_URL: fresh.url, RUN_JOBS: "false" });
});
afterAll(async () => {
  await app?.stop();
  await withPostgres((client) => client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`));
});

const readyz = async () => {
  const response = await fetch(`${app.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, string> } };
};

it("answers /readyz with 503 while the database is unreachable, and 200 again when it is back", async () => {
  expect((await readyz()).status).toBe(200);
  await fresh.db.$disconnect();
  await withPostgres(async (client) => {
    await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]);
  });
  const down = await readyz();
  expect(down.status).toBe(503);
  expect(down.body.ready).toBe(false);
  expect(down.body.checks.database).toMatch(/^unreachable: /);
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

  await withPostgres((client) => client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`));
  expect(await readyz()).toEqual({
    status: 200,
    body: { ready: true, checks: { database: "ok", migrations: "ok", worker: "not run in this process (RUN_JOBS=false)" } },
  });
});

import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { createDb } from "~/db/client.server";
import { PgBossJobBackend } from "~/jobs/pg-boss.server";
import { startApp, startWorker } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { postgresUrl, root, withPostgres } from "../support/postgres";
import { jobWaitingOnShopify, runningAttempt, startSilentShopify } from "../support/silent-shopify";

// PostgreSQL only: several instances on one database.
const fresh = useFreshDatabase();

it("hands a killed worker's shop to another worker within the lease, not after pg-boss's 15-minute expiry", async () => {
  // The job runs until its worker dies.
  const silent = await startSilentShopify();
  const env = silent.appEnv({ DATABASE_URL: fresh.url, JOBS_SWEEP_SECONDS: "0.5", JOBS_LEASE_SECONDS: "10" });
  const id = await jobWaitingOnShopify(fresh.db, "failover.myshopify.com");

  const first = await startWorker(env);
  await runningAttempt(fresh.db, id, 1, 20_000);
  const second = await startWorker(env);
  try {
    await first.kill();
    const killed = Date.now();
    await runningAttempt(fresh.db, id, 2, 60_000);
    // The lease (10 s), then pg-boss's heartbeat check, rounded up.
    expect(Date.now() - killed).toBeLessThan(40_000);
  } finally {
    await second.stop().catch(() => undefined);
    await silent.close();
  }
}, 150_000);

it("instances started together on an empty database migrate it once and all become ready", async () => {
  const name = `${inject("runId")}_empty_${randomBytes(4).toString("hex")}`;
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = postgresUrl(name);
  // Each runs its migrations (scripts/start.mjs), then pg-boss's, then starts its worker.
  const apps = await Promise.all([startApp({ DATABASE_URL: url }), startApp({ DATABASE_URL: url })]);
  const db = createDb(url);
  try {
    for (const app of apps) {
      const response = await fetch(`${app.url}/readyz`);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 200,
        body: { ready: true, checks: { database: "ok", migrations: "ok", worker: "ok" } },
      });
    }
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string; n: bigint }>>(
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name).sort()).toEqual(
      readdirSync(join(root, "prisma/postgresql/migrations"))
        .filter((name) => name !== "migration_lock.toml")
        .sort(),
    );
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
  } finally {
    await db.$disconnect();
    await Promise.all(apps.map((app) => app.stop()));
  }
});

it("a notification that meets an unreachable database is logged, not thrown, and the next one connects", async () => {
  const name = `${inject("runId")}_later_${randomBytes(4).toString("hex")}`;
  const url = postgresUrl(name);
  const web = new PgBossJobBackend({ connectionString: url, db: fresh.db });
  try {
    await expect(web.notify("later.myshopify.com")).resolves.toBeUndefined(); // the database does not exist yet
    await withPostgres((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`));
    const db = createDb(url);
    try {
      await web.notify("later.myshopify.com");
      const sent = await db.$queryRawUnsafe<unknown[]>(`SELECT id FROM pgboss.job WHERE singleton_key = 'later.myshopify.com'`);
      expect(sent).toHaveLength(1);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await web.stop();
  }
});

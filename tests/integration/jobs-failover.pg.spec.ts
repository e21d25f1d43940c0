import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createServer, type ServerResponse } from "node:http";
import { expect, inject, it } from "vitest";
import { createDb } from "~/db/client.server";
import { FULL_RECONCILE_JOB } from "~/engine/requests.server";
import { PgBossJobBackend } from "~/jobs/pg-boss.server";
import { enqueue } from "~/jobs/queue.server";
import { eventually, startApp, startWorker } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { postgresUrl, root, withPostgres } from "../support/postgres";
import { migrate } from "../../scripts/migrate.mjs";

// PostgreSQL only: several instances on one database.
const fresh = useFreshDatabase();

it("hands a killed worker's shop to another worker within the lease, not after pg-boss's 15-minute expiry", async () => {
  // A Shopify that never answers: the job runs until its worker dies.
  const held: ServerResponse[] = [];
  const silent = createServer((_req, res) => void held.push(res));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const env = {
    DATABASE_URL: fresh.url,
    NODE_ENV: "development",
    SHOPIFY_SIMULATOR_URL: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
    JOBS_SWEEP_SECONDS: "0.5",
    JOBS_LEASE_SECONDS: "10",
  };
  const shop = "failover.myshopify.com";
  await fresh.db.shop.create({ data: { shop } });
  await fresh.db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x" } });
  const { id } = await enqueue(fresh.db, { shop, name: FULL_RECONCILE_JOB, payload: {} });
  const attemptRunning = (attempt: number, timeoutMs: number) =>
    eventually(async () => {
      const row = await fresh.db.job.findUniqueOrThrow({ where: { id } });
      return row.status === "RUNNING" && row.attempts === attempt;
    }, timeoutMs);

  const first = await startWorker(env);
  await attemptRunning(1, 20_000);
  const second = await startWorker(env);
  try {
    await first.kill();
    const killed = Date.now();
    await attemptRunning(2, 60_000);
    // The lease (10 s), then pg-boss's heartbeat check, rounded up.
    expect(Date.now() - killed).toBeLessThan(40_000);
  } finally {
    await second.stop().catch(() => undefined);
    for (const res of held) res.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
}, 150_000);

it("instances booting together on an empty database all migrate it, one after the other, each migration once", async () => {
  const name = `${inject("runId")}_empty_${randomBytes(4).toString("hex")}`;
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = postgresUrl(name);
  // What each instance's start script does before anything else (scripts/server-build.mjs).
  const applied = await Promise.all([migrate(url), migrate(url), migrate(url)]);
  expect(applied.flat().sort()).toEqual(
    readdirSync(join(root, "prisma/postgresql/migrations"))
      .filter((name) => name !== "migration_lock.toml")
      .sort(),
  );
  const app = await startApp({ DATABASE_URL: url, RUN_JOBS: "false" });
  const db = createDb(url);
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string; n: bigint }>>(
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
  } finally {
    await db.$disconnect();
    await app.stop();
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

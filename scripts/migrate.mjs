// Applies the committed migrations of the database's provider, in name order,
// and records them in Prisma's own `_prisma_migrations` table (same checksum),
// so `prisma migrate deploy` on a machine with Prisma's engines sees the same
// history. Prisma's JavaScript engine cannot migrate PostgreSQL through
// @prisma/adapter-pg yet (prisma/orm#27403); see docs/decisions/002.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function providerOf(url) {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

const migrationsDir = {
  sqlite: join(root, "prisma/migrations"),
  postgresql: join(root, "prisma/postgresql/migrations"),
};

const createTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

async function connect(url) {
  if (providerOf(url) === "postgresql") {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Instances booting together migrate one at a time: the next one finds
    // the migrations applied. The lock ends with the connection.
    await client.query("SELECT pg_advisory_lock(hashtext('backorder-manager:migrate'))");
    return {
      run: (sql) => client.query(sql),
      all: async (sql) => (await client.query(sql)).rows,
      // One transaction per migration, with its record, so a failed one leaves nothing behind.
      apply: async (sql, id, checksum, name) => {
        await client.query("BEGIN");
        try {
          await client.query(sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
            [id, checksum, name],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      },
      close: () => client.end(),
    };
  }
  const { createClient } = await import("@libsql/client");
  const client = createClient({ url });
  // Another process closing the same file (an app restarted on it) can hold
  // its lock for a moment: wait for it rather than fail.
  await client.execute("PRAGMA busy_timeout = 5000");
  // Write-ahead logging lets readers work beside the writer (the app, a
  // replay script, a test). The mode is stored in the file, so once is enough.
  await client.execute("PRAGMA journal_mode = WAL");
  return {
    run: (sql) => client.execute(sql),
    all: async (sql) => (await client.execute(sql)).rows,
    apply: async (sql, id, checksum, name) => {
      await client.executeMultiple(sql);
      await client.execute({
        sql: `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (?, ?, ?, CURRENT_TIMESTAMP, 1)`,
        args: [id, checksum, name],
      });
    },
    close: () => client.close(),
  };
}

/** Applies pending migrations; returns the names it applied. */
export async function migrate(url) {
  if (!url) throw new Error("DATABASE_URL is required to apply migrations");
  const dir = migrationsDir[providerOf(url)];
  const db = await connect(url);
  try {
    await db.run(createTable);
    const rows = await db.all(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const done = [];
    for (const name of names) {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      if (applied.has(name)) {
        if (applied.get(name) !== checksum) throw new Error(`migration ${name} was edited after it was applied`);
        continue;
      }
      await db.apply(sql, randomUUID(), checksum, name);
      done.push(name);
    }
    return done;
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const applied = await migrate(process.env.DATABASE_URL);
  console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
}

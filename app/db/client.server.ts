import { createClient, type Client, type Config, type InStatement, type ResultSet, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresClient } from "~/generated/prisma/postgresql/client";
import { PrismaClient as SqliteClient } from "~/generated/prisma/sqlite/client";

// Both generated clients have the same models; the app types against one.
export type Db = SqliteClient;

export function isPostgresUrl(url: string) {
  return /^postgres(ql)?:\/\//.test(url);
}

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    // The pool is the app's, so the webhook intake can share it (postgresQuery); Prisma ends it at $disconnect.
    const pool = new pg.Pool({ connectionString: url });
    const db = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
    postgresPools.set(db, pool);
    return db;
  }
  const adapter = new BusySafeLibSQL({ url });
  const db = new SqliteClient({ adapter }).$extends({
    query: { $allOperations: ({ args, query }) => whileBusy(() => query(args)) },
  }) as unknown as Db;
  sqliteAdapters.set(db, adapter);
  return db;
}

const sqliteAdapters = new WeakMap<Db, BusySafeLibSQL>();
const postgresPools = new WeakMap<Db, pg.Pool>();

/** A statement run by `pg` itself, with `$1`… parameters. */
export type PostgresQuery = (text: string, values: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/**
 * On PostgreSQL, runs a statement on Prisma's own pool without Prisma's query
 * pipeline; null on SQLite. For the webhook intake's insert alone, as
 * `sqliteExecutor` is on SQLite. A date is best passed as an ISO string: `pg`
 * writes a `Date` in the process's time zone, and the columns have none.
 */
export function postgresQuery(db: Db): PostgresQuery | null {
  const pool = postgresPools.get(db);
  return pool ? (text, values) => pool.query(text, values) : null;
}

/** A statement run by libsql itself, on the connection Prisma uses. */
export type SqliteExecute = (statement: InStatement) => Promise<ResultSet>;

/**
 * On SQLite, runs a statement on the connection Prisma uses, without Prisma's
 * query pipeline, waiting for the write lock as Prisma's calls do; null on
 * PostgreSQL. For the webhook intake's insert alone: Prisma sends every
 * argument through its query compiler, a 6 KB body as base64 and back, which
 * cost more than SQLite's own work (bench/webhook-capacity.ts). Arguments are
 * libsql's, so a date must be written as Prisma writes it (`sqliteDate`).
 */
export function sqliteExecutor(db: Db): SqliteExecute | null {
  const adapter = sqliteAdapters.get(db);
  if (!adapter) return null;
  return async (statement) => {
    if (!adapter.client) await db.$connect();
    return whileBusy(() => adapter.client!.execute(statement));
  };
}

/** A date as Prisma's SQLite adapter stores it: ISO 8601 text with an explicit UTC offset. */
export const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

// libsql gives its connections no busy timeout: when another process holds
// the write lock for a moment, a statement fails at once with SQLITE_BUSY,
// which Prisma reports as P1008 for a model operation and as P2010 with the
// driver's code 5 for a raw query. Wait for the lock, up to about a second:
// first briefly, as most writes hold it for a millisecond or less.
const BUSY_PATIENCE_MS = 1_000;

function isBusy(error: unknown): boolean {
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  // SQLITE_BUSY: libsql's own error, from a statement run without Prisma (sqliteExecutor).
  return code === "P1008" || code === "SQLITE_BUSY" || (code === "P2010" && meta?.driverAdapterError?.cause?.originalCode === "5");
}

async function whileBusy<T>(operation: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_PATIENCE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // 1, 2, 4, 8, 16, then 25 ms, each with jitter.
      const delay = Math.min(25, 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + (Math.random() * delay) / 2));
    }
  }
}

/**
 * libsql's client leaves a statement that met SQLITE_BUSY unfinished on its
 * shared connection, and SQLite commits nothing on a connection while one of
 * its statements is unfinished: every later write there would be seen by
 * this process alone, hold the write lock, and vanish when the process ends.
 * So a busy error retires the connection, and the next call opens a new one.
 * (Transactions run on connections of their own, rolled back on failure.)
 */
class BusySafeClient implements Client {
  private client: Client;

  constructor(private readonly config: Config) {
    this.client = createClient(config);
  }

  get closed() {
    return this.client.closed;
  }

  get protocol() {
    return this.client.protocol;
  }

  execute(stmt: InStatement) {
    return this.retireWhenBusy(() => this.client.execute(stmt));
  }

  batch(stmts: InStatement[], mode?: TransactionMode) {
    return this.retireWhenBusy(() => this.client.batch(stmts, mode));
  }

  transaction(mode?: TransactionMode) {
    return this.retireWhenBusy(() => this.client.transaction(mode));
  }

  executeMultiple(sql: string) {
    return this.retireWhenBusy(() => this.client.executeMultiple(sql));
  }

  sync() {
    return this.client.sync();
  }

  close() {
    this.client.close();
  }

  private async retireWhenBusy<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if ((error as { code?: unknown }).code === "SQLITE_BUSY") {
        this.client.close();
        this.client = createClient(this.config);
      }
      throw error;
    }
  }
}

class BusySafeLibSQL extends PrismaLibSQL {
  /** The connection Prisma uses, once it has connected. */
  client: BusySafeClient | undefined;

  createClient(config: Config): Client {
    this.client = new BusySafeClient(config);
    return this.client;
  }
}

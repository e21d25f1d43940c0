import { postgresQuery, sqliteDate, sqliteExecutor, type Db } from "~/db/client.server";
import { noteDelivery } from "~/jobs/intake-priority.server";

export type InboxRow = {
  shop: string;
  webhookId: string;
  topic: string;
  apiVersion: string;
  eventId: string | null;
  triggeredAt: Date | null;
  body: Uint8Array<ArrayBuffer>;
  status: "RECEIVED" | "IGNORED" | "DEAD";
  error: string | null;
};

export type InboxOutcome = "RECORDED" | "DUPLICATE";

type Waiting = { row: InboxRow; resolve: (outcome: InboxOutcome) => void; reject: (error: unknown) => void };

const MAX_BATCH = 200;

/**
 * Records deliveries in the inbox. A group commit: deliveries that arrive
 * while a write is under way go together into the next one, so a burst costs
 * one statement per batch rather than per delivery. Each caller's promise
 * settles only after its own commit, so an acknowledged delivery is stored.
 */
export class InboxWriter {
  private readonly waiting: Waiting[] = [];
  private writing = false;
  private readonly driver: Driver;

  constructor(db: Db) {
    this.driver = driverOf(db);
  }

  record(row: InboxRow): Promise<InboxOutcome> {
    noteDelivery();
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        void this.writeAll();
      }
    });
  }

  private async writeAll() {
    for (;;) {
      // SQLite writes run on the event loop without yielding to I/O: wait for
      // the requests already read to reach the queue, so they share the write.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.waiting.length === 0) break;
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        await this.write(batch);
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One row the database refuses must not fail the others written with
        // it: each is written alone, and settles on its own.
        else for (const w of batch) await this.write([w]).catch(w.reject);
      }
    }
    this.writing = false;
  }

  private async write(batch: Waiting[]) {
    const recorded = await this.insert(batch.map((w) => w.row));
    // A key recorded once, and later in the batch again, is a duplicate the second time.
    for (const w of batch) w.resolve(recorded.delete(keyOf(w.row)) ? "RECORDED" : "DUPLICATE");
  }

  /**
   * One INSERT, which needs no transaction: on SQLite that is a third of the
   * cost of the two-statement transaction it replaces (libsql opens a new
   * connection per transaction). A repeat of a stored (shop, webhook id), or
   * of a stored (shop, event id), is skipped, not an error (`ON CONFLICT DO
   * NOTHING` with no target skips a conflict on any unique key, on SQLite and
   * PostgreSQL alike); the database's trigger (migration
   * `webhook_job_trigger`) adds the job of each RECEIVED row in the same
   * statement. Returns the keys it inserted.
   */
  private async insert(rows: InboxRow[]): Promise<Set<string>> {
    const { placeholder, date, run } = this.driver;
    const received = date(new Date());
    const values = rows.map((_, i) => `(${COLUMNS.map((_, j) => placeholder(i * COLUMNS.length + j + 1)).join(", ")})`);
    const inserted = await run(
      `INSERT INTO "WebhookEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}
        ON CONFLICT DO NOTHING
        RETURNING "shop", "webhookId"`,
      rows.flatMap((r) => [
        r.shop,
        r.webhookId,
        r.topic,
        r.apiVersion,
        r.eventId,
        r.triggeredAt && date(r.triggeredAt),
        Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength),
        r.status,
        r.error,
        received,
      ]),
    );
    return new Set(inserted.map((row) => keyOf({ shop: String(row.shop), webhookId: String(row.webhookId) })));
  }
}

const COLUMNS = ["shop", "webhookId", "topic", "apiVersion", "eventId", "triggeredAt", "body", "status", "error", "receivedAt"] as const;

/**
 * The inbox's INSERT through the database's own driver, on the connections
 * Prisma uses: through Prisma, a 6 KB body went through base64 and its query
 * compiler, which cost more than the statement (bench/webhook-capacity.ts).
 * Dates are written as Prisma writes them.
 */
type Driver = {
  placeholder: (n: number) => string;
  date: (date: Date) => string;
  run: (sql: string, args: InArgs) => Promise<Array<Record<string, unknown>>>;
};
type InArgs = Array<string | Buffer | null>;

function driverOf(db: Db): Driver {
  const sqlite = sqliteExecutor(db);
  if (sqlite) return { placeholder: () => "?", date: sqliteDate, run: async (sql, args) => (await sqlite({ sql, args })).rows };
  const postgres = postgresQuery(db);
  if (!postgres) throw new Error("the inbox needs the app's own database client (createDb)");
  // The columns have no time zone and hold UTC, as Prisma writes them.
  return { placeholder: (n) => `$${n}`, date: (date) => date.toISOString(), run: async (sql, args) => (await postgres(sql, args)).rows };
}

const keyOf = (row: { shop: string; webhookId: string }) => `${row.shop} ${row.webhookId}`;

import type { Db } from "~/db/client.server";
import { noteDelivery } from "~/jobs/intake-priority.server";
import { enqueueMany } from "~/jobs/queue.server";
import { isUniqueViolation } from "~/models/errors.server";
import { WEBHOOK_JOB } from "./process.server";

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
 * Records deliveries in the inbox, each with its job when it has one. A group
 * commit: deliveries that arrive while a transaction is being written go
 * together into the next one, so a burst costs one transaction per batch
 * rather than per delivery. Each caller's promise settles only after its own
 * commit, so an acknowledged delivery is always stored.
 */
export class InboxWriter {
  private readonly waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

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
        await this.writeBatch(batch.map((w) => w.row));
        batch.forEach((w) => w.resolve("RECORDED"));
      } catch (error) {
        if (!isUniqueViolation(error)) {
          batch.forEach((w) => w.reject(error));
          continue;
        }
        // A repeated delivery (in this batch, or stored before): one by one.
        for (const w of batch) await this.writeBatch([w.row]).then(() => w.resolve("RECORDED"), (e) => (isUniqueViolation(e) ? w.resolve("DUPLICATE") : w.reject(e)));
      }
    }
    this.writing = false;
  }

  /**
   * One statement batch, not an interactive transaction: on SQLite that is
   * about a third of the cost, and the unique (shop, webhook id) key turns a
   * repeat into an error that rolls the batch back.
   */
  private async writeBatch(rows: InboxRow[]): Promise<void> {
    const jobs = rows.filter((row) => row.status === "RECEIVED").map((row) => ({ shop: row.shop, name: WEBHOOK_JOB, payload: { webhookId: row.webhookId } }));
    await this.db.$transaction([this.db.webhookEvent.createMany({ data: rows }), ...(jobs.length > 0 ? [enqueueMany(this.db, jobs)] : [])]);
  }
}

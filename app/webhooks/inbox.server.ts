import type { Db } from "~/db/client.server";
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
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.writing) void this.writeAll();
    });
  }

  private async writeAll() {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        const outcomes = await this.writeBatch(batch.map((w) => w.row));
        batch.forEach((w, i) => w.resolve(outcomes[i]));
      } catch (error) {
        if (!isUniqueViolation(error) || batch.length === 1) {
          batch.forEach((w) => w.reject(error));
          continue;
        }
        // Another instance stored one of these meanwhile: record them one by one.
        for (const w of batch) await this.writeBatch([w.row]).then((o) => w.resolve(o[0]), (e) => (isUniqueViolation(e) ? w.resolve("DUPLICATE") : w.reject(e)));
      }
    }
    this.writing = false;
  }

  private writeBatch(rows: InboxRow[]): Promise<InboxOutcome[]> {
    const key = (r: { shop: string; webhookId: string }) => `${r.shop} ${r.webhookId}`;
    return this.db.$transaction(async (tx) => {
      const stored = await tx.webhookEvent.findMany({
        where: { shop: { in: [...new Set(rows.map((r) => r.shop))] }, webhookId: { in: rows.map((r) => r.webhookId) } },
        select: { shop: true, webhookId: true },
      });
      const seen = new Set(stored.map(key));
      const outcomes: InboxOutcome[] = rows.map((row) => {
        if (seen.has(key(row))) return "DUPLICATE";
        seen.add(key(row)); // a repeat inside the batch is a duplicate too
        return "RECORDED";
      });
      const fresh = rows.filter((_, i) => outcomes[i] === "RECORDED");
      if (fresh.length === 0) return outcomes;
      const created = await tx.webhookEvent.createManyAndReturn({
        data: fresh,
        select: { id: true, shop: true, webhookId: true, status: true },
      });
      const jobs = created.filter((e) => e.status === "RECEIVED").map((e) => ({ shop: e.shop, name: WEBHOOK_JOB, payload: { eventId: e.id } }));
      if (jobs.length > 0) await enqueueMany(tx, jobs);
      return outcomes;
    });
  }
}

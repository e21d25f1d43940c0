import type { Db } from "~/db/client.server";
import { drainShop, shopsWithDueJobs, type JobHandlers } from "./drain.server";
import { yieldToDeliveries } from "./intake-priority.server";
import type { BackendOptions, JobBackend } from "./queue.server";
import { resolvePolicy, type RetryPolicy } from "./retry";

/**
 * The SQLite backend: one process owns the database, so one loop in it runs
 * the jobs, a shop at a time.
 */
export class InProcessJobBackend implements JobBackend {
  private readonly db: Db;
  private handlers: JobHandlers = {};
  private readonly policy: RetryPolicy;
  private readonly sweepIntervalMs: number;
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private working = false;

  constructor(options: BackendOptions) {
    this.db = options.db;
    this.policy = resolvePolicy(options.policy);
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  }

  async start(handlers: JobHandlers) {
    this.handlers = handlers;
    // A claim still open at start-up belongs to a process that died: this
    // process is the only worker on SQLite, so it takes the jobs back now.
    await this.db.job.updateMany({ where: { status: "RUNNING" }, data: { status: "QUEUED", lockedUntil: null } });
    this.working = true;
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.sweepIntervalMs);
  }

  async notify(shop: string) {
    if (!this.working) return;
    this.pending.add(shop);
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
      if (this.pending.size > 0 && this.working) void this.notify([...this.pending][0]);
    });
  }

  async stop() {
    this.working = false;
    clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.loop;
  }

  private async sweep() {
    for (const shop of await shopsWithDueJobs(this.db)) await this.notify(shop);
  }

  private async run() {
    while (this.working && this.pending.size > 0) {
      // SQLite calls run on the event loop: let waiting requests in between shops.
      await new Promise((resolve) => setImmediate(resolve));
      const [shop] = this.pending;
      this.pending.delete(shop);
      try {
        const { nextAt } = await drainShop(this.db, this.handlers, this.policy, shop, () => !this.working, yieldToDeliveries);
        if (nextAt) this.wakeAt(shop, nextAt);
      } catch (error) {
        // The database itself failed; the sweep will try this shop again.
        console.warn(`jobs: draining ${shop} failed:`, error);
      }
    }
  }

  private wakeAt(shop: string, at: Date) {
    clearTimeout(this.timers.get(shop));
    const delay = Math.max(0, at.getTime() - Date.now());
    this.timers.set(
      shop,
      setTimeout(() => {
        this.timers.delete(shop);
        void this.notify(shop);
      }, delay),
    );
  }
}

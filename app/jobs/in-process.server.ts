import type { Db } from "~/db/client.server";
import { drainShop, JOBS_PER_TURN, releaseClaims, shopsWithDueJobs, type Claims, type JobHandlers } from "./drain.server";
import { yieldToDeliveries } from "./intake-priority.server";
import { defaultShutdownGraceMs, type BackendOptions, type JobBackend } from "./queue.server";
import { resolvePolicy, type RetryPolicy } from "./retry";
import { log } from "~/observability/log.server";

/**
 * The SQLite backend: one loop in the process runs the jobs, a shop at a
 * time, round robin: a shop with more due jobs than a turn's worth goes to
 * the back of the line. Another process on the same file (a second instance,
 * a script) only ever takes a claim whose lease ran out.
 */
export class InProcessJobBackend implements JobBackend {
  private readonly db: Db;
  private handlers: JobHandlers = {};
  private readonly policy: RetryPolicy;
  private readonly sweepIntervalMs: number;
  private readonly shutdownGraceMs: number;
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly claims: Claims = new Map();
  private sweeper: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private working = false;

  constructor(options: BackendOptions) {
    this.db = options.db;
    this.policy = resolvePolicy(options.policy);
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
    this.shutdownGraceMs = options.shutdownGraceMs ?? defaultShutdownGraceMs;
  }

  async start(handlers: JobHandlers) {
    this.handlers = handlers;
    // Claims a killed process left are taken back once their lease runs out
    // (the sweep finds them); a live one may be another process's.
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

  isWorking() {
    return this.working;
  }

  async stop() {
    this.working = false;
    clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (grace = setTimeout(resolve, this.shutdownGraceMs)))]);
    clearTimeout(grace);
    await releaseClaims(this.db, this.claims);
  }

  /** Never rejects: a database that fails now is tried again at the next sweep. */
  private async sweep() {
    try {
      for (const shop of await shopsWithDueJobs(this.db)) await this.notify(shop);
    } catch (error) {
      log.warn({ err: error }, "jobs: looking for due jobs failed; trying again at the next sweep");
    }
  }

  private async run() {
    while (this.working && this.pending.size > 0) {
      // SQLite calls run on the event loop: let waiting requests in between shops.
      await new Promise((resolve) => setImmediate(resolve));
      const [shop] = this.pending;
      this.pending.delete(shop);
      try {
        const { nextAt, more } = await drainShop(this.db, this.handlers, this.policy, shop, {
          shouldStop: () => !this.working,
          pause: yieldToDeliveries,
          budget: JOBS_PER_TURN,
          claims: this.claims,
        });
        if (more) this.pending.add(shop);
        if (nextAt) this.wakeAt(shop, nextAt);
      } catch (error) {
        // The database itself failed; the sweep will try this shop again.
        log.warn({ shop, err: error }, `jobs: draining ${shop} failed`);
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

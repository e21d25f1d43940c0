import { PgBoss } from "pg-boss";
import type { Db } from "~/db/client.server";
import { drainShop, shopsWithDueJobs, type JobHandlers } from "./drain.server";
import type { BackendOptions, JobBackend } from "./queue.server";
import { resolvePolicy, type RetryPolicy } from "./retry";

const QUEUE = "shop-jobs";

/**
 * The PostgreSQL backend: pg-boss decides which instance drains which shop.
 * The `stately` policy keyed by shop allows one queued and one active drain
 * per shop across all instances, so a shop's jobs never run side by side and
 * a notification arriving mid-drain is not lost. The jobs themselves, with
 * their attempts and dead letters, stay in the app's Job table.
 */
export class PgBossJobBackend implements JobBackend {
  private readonly db: Db;
  private handlers: JobHandlers = {};
  private readonly policy: RetryPolicy;
  private readonly sweepIntervalMs: number;
  private readonly boss: PgBoss;
  private started: Promise<void> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private working = false;

  constructor(options: BackendOptions & { connectionString: string }) {
    this.db = options.db;
    this.policy = resolvePolicy(options.policy);
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
    this.boss = new PgBoss({ connectionString: options.connectionString, schema: "pgboss", max: 4 });
    this.boss.on("error", (error) => console.warn("pg-boss:", error));
  }

  /** Connects without working, so a web-only instance can still notify. */
  private connect() {
    this.started ??= (async () => {
      await this.boss.start();
      // Drain failures are database failures: pg-boss retries them with backoff.
      // A finished drain's row (a shop domain, nothing else) goes within
      // minutes, so shop/redact leaves nothing of the shop here for long.
      await this.boss.createQueue(QUEUE, { policy: "stately", retryLimit: 10, retryDelay: 1, retryBackoff: true, deleteAfterSeconds: 60 });
    })();
    return this.started;
  }

  async start(handlers: JobHandlers) {
    this.handlers = handlers;
    await this.connect();
    this.working = true;
    await this.boss.work<{ shop: string }>(QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      const { shop } = job.data;
      const { nextAt } = await drainShop(this.db, this.handlers, this.policy, shop, () => !this.working);
      if (nextAt) await this.boss.send(QUEUE, { shop }, { singletonKey: shop, startAfter: nextAt });
    });
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep().catch((error) => console.warn("jobs: sweep failed:", error)), this.sweepIntervalMs);
  }

  async notify(shop: string) {
    await this.connect();
    await this.boss.send(QUEUE, { shop }, { singletonKey: shop });
  }

  async stop() {
    this.working = false;
    clearInterval(this.sweeper);
    if (this.started) {
      await this.started;
      await this.boss.stop({ graceful: true, close: true, timeout: 10_000 });
    }
  }

  /** Finds work whose notification was lost (a crash between commit and send). */
  private async sweep() {
    for (const shop of await shopsWithDueJobs(this.db)) await this.notify(shop);
  }
}

import { PgBoss } from "pg-boss";
import type { Db } from "~/db/client.server";
import { coalescePerKey } from "./coalesce";
import { drainShop, JOBS_PER_TURN, releaseClaims, shopsWithDueJobs, type Claims, type JobHandlers } from "./drain.server";
import { defaultShutdownGraceMs, type BackendOptions, type JobBackend } from "./queue.server";
import { resolvePolicy, type RetryPolicy } from "./retry";
import { log } from "~/observability/log.server";

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
  private readonly shutdownGraceMs: number;
  private readonly concurrency: number;
  private readonly boss: PgBoss;
  private readonly claims: Claims = new Map();
  /** The pg-boss jobs (drains) running here, to fail them back to the queue at shutdown. */
  private readonly drains = new Map<string, Promise<unknown>>();
  private started: Promise<void> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private working = false;
  /** A burst of deliveries for one shop sends two notifications, not one per delivery. */
  private readonly send = coalescePerKey((shop) => this.sendNotification(shop));

  constructor(options: BackendOptions & { connectionString: string }) {
    this.db = options.db;
    this.policy = resolvePolicy(options.policy);
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
    this.shutdownGraceMs = options.shutdownGraceMs ?? defaultShutdownGraceMs;
    this.concurrency = options.concurrency ?? 1;
    // Supervision finds the drains whose instance stopped sending heartbeats.
    const supervise = this.heartbeatSeconds() / 2;
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: "pgboss",
      max: 4,
      superviseIntervalSeconds: supervise,
      monitorIntervalSeconds: supervise,
      // Workers fetch by the cached queue state: a failed drain waits for its refresh.
      queueCacheIntervalSeconds: supervise,
    });
    this.boss.on("error", (error) => log.warn({ err: error }, "pg-boss failed"));
  }

  /**
   * A drain's heartbeat, within the lease (pg-boss allows 10 s at least): an
   * instance that dies mid-drain loses the shop to another one about a lease
   * later, as its claimed job does, not after pg-boss's 15-minute expiry.
   */
  private heartbeatSeconds() {
    return Math.max(10, Math.round(this.policy.leaseMs / 1000));
  }

  /** Connects without working, so a web-only instance can still notify. */
  private connect() {
    this.started ??= (async () => {
      await this.boss.start();
      // Drain failures are database failures: pg-boss retries them with backoff.
      // A finished drain's row (a shop domain, nothing else) goes within
      // minutes, so shop/redact leaves nothing of the shop here for long.
      const options = {
        retryLimit: 10,
        retryDelay: 1,
        retryBackoff: true,
        deleteAfterSeconds: 60,
        heartbeatSeconds: this.heartbeatSeconds(),
      };
      await this.boss.createQueue(QUEUE, { policy: "stately", ...options });
      // A queue made by an earlier version keeps its options unless told.
      await this.boss.updateQueue(QUEUE, options);
    })();
    // A failed connection is tried again by the next call, not remembered.
    this.started.catch(() => (this.started = undefined));
    return this.started;
  }

  async start(handlers: JobHandlers) {
    this.handlers = handlers;
    await this.connect();
    this.working = true;
    const options = { pollingIntervalSeconds: 0.5, localConcurrency: this.concurrency };
    await this.boss.work<{ shop: string }>(QUEUE, options, async ([job]) => {
      const { shop } = job.data;
      const drain = drainShop(this.db, this.handlers, this.policy, shop, {
        shouldStop: () => !this.working,
        budget: JOBS_PER_TURN,
        claims: this.claims,
      });
      this.drains.set(job.id, drain);
      try {
        const { nextAt, more } = await drain;
        // A shop with more due jobs goes to the back of the queue: the other shops' drains were sent before.
        if (more) await this.boss.send(QUEUE, { shop }, { singletonKey: shop });
        else if (nextAt) await this.boss.send(QUEUE, { shop }, { singletonKey: shop, startAfter: nextAt });
      } finally {
        this.drains.delete(job.id);
      }
    });
    await this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.sweepIntervalMs);
  }

  /** Never rejects: the jobs are committed, and a worker's sweep finds them if this notification is lost. */
  notify(shop: string) {
    return this.send(shop);
  }

  private async sendNotification(shop: string) {
    try {
      await this.connect();
      await this.boss.send(QUEUE, { shop }, { singletonKey: shop });
    } catch (error) {
      log.warn({ shop, err: error }, `jobs: notifying ${shop} failed; a sweep will find its jobs`);
    }
  }

  isWorking() {
    return this.working;
  }

  async stop() {
    this.working = false;
    clearInterval(this.sweeper);
    if (!this.started) return;
    const started = await this.started.then(
      () => true,
      () => false,
    );
    if (!started) return;
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.drains.values()),
      new Promise((resolve) => (grace = setTimeout(resolve, this.shutdownGraceMs))),
    ]);
    clearTimeout(grace);
    await releaseClaims(this.db, this.claims);
    // Drains still running are failed, so pg-boss hands their shops to another instance now.
    for (const id of this.drains.keys()) await this.boss.fail(QUEUE, id, { message: "the instance stopped" }).catch(() => undefined);
    await this.boss.stop({ graceful: true, close: true, timeout: 1_000 });
  }

  /** Finds work whose notification was lost (a crash between commit and send). Never rejects. */
  private async sweep() {
    try {
      for (const shop of await shopsWithDueJobs(this.db)) await this.notify(shop);
    } catch (error) {
      log.warn({ err: error }, "jobs: looking for due jobs failed; trying again at the next sweep");
    }
  }
}

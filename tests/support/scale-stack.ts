// The app as it runs at scale on PostgreSQL: web instances (RUN_JOBS=false)
// behind a round-robin proxy, and job workers apart, all on one database,
// against the simulator with many shops. Real processes, real HTTP.
import { embeddedAppUrl } from "../../sim/admin";
import { BROWSER_USER_AGENT, freePort, type AppProcess } from "../../sim/app-process";
import { startSimulator, type Simulator } from "../../sim/server";
import { settleWith } from "../../sim/stack";
import type { SeedInput } from "../../sim/state/seed";
import { readAppConfig } from "../../sim/webhooks";
import { createDb, type Db } from "~/db/client.server";
import { startApp, startWorker, type AppServer } from "./app-server";
import { TEST_API_KEY, TEST_ENCRYPTION_KEY, TEST_SECRET } from "./constants";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy";

export type ScaleStack = {
  sim: Simulator;
  db: Db;
  /** Where Shopify reaches the app: the proxy in front of the web instances. */
  proxy: RoundRobinProxy;
  webs: AppServer[];
  workers: AppProcess[];
  /** The merchant opens the app from the admin, which installs it; the page must answer 200. */
  install: (shop: string) => Promise<void>;
  /**
   * Waits until the simulator has no webhook in flight and no shop has a job
   * waiting or running, with nothing delivered in between.
   */
  settle: (timeoutMs: number) => Promise<void>;
  /** The last lines every process printed, for a failure's message. */
  output: () => string;
  stop: () => Promise<void>;
};

export type ScaleOptions = {
  /** A migrated PostgreSQL database no one else uses. */
  databaseUrl: string;
  seed: Record<string, SeedInput>;
  webs: number;
  workers: number;
  /** More of the app's environment (JOBS_LEASE_SECONDS, ...). */
  env?: Record<string, string>;
};

export async function startScaleStack(options: ScaleOptions): Promise<ScaleStack> {
  const stopping: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stopping.reverse()) await step().catch(() => undefined);
  };
  try {
    const ports = await Promise.all(Array.from({ length: options.webs }, () => freePort()));
    const proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
    stopping.push(() => proxy.close());
    // Backorder Manager is an App Store app (AppDistribution.AppStore).
    const sim = await startSimulator({ appUrl: proxy.url, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, publicApp: true });
    stopping.push(() => sim.close());
    for (const [shop, seed] of Object.entries(options.seed)) sim.state.seed(shop, seed);
    const db = createDb(options.databaseUrl);
    stopping.push(() => db.$disconnect());

    const env = {
      NODE_ENV: "development",
      SHOPIFY_APP_URL: proxy.url,
      SCOPES: readAppConfig().scopes,
      DATABASE_URL: options.databaseUrl,
      SHOPIFY_SIMULATOR_URL: sim.url,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      ...options.env,
    };
    const webs: AppServer[] = [];
    for (const port of ports) {
      const web = await startApp({ ...env, RUN_JOBS: "false" }, port);
      stopping.push(() => web.stop());
      webs.push(web);
    }
    const workers: AppProcess[] = [];
    for (let i = 0; i < options.workers; i++) {
      const worker = await startWorker(env);
      stopping.push(() => worker.stop());
      workers.push(worker);
    }

    const output = () =>
      [...webs.map((p, i) => [`web ${i}`, p] as const), ...workers.map((p, i) => [`worker ${i}`, p] as const)]
        .map(([name, p]) => `--- ${name}:\n${p.output().slice(-2000)}`)
        .join("\n");
    const busy = () => db.job.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } });
    const settle = (timeoutMs: number) =>
      settleWith(sim.webhooks, {
        isIdle: async () => (await busy()) === 0,
        timeoutMs,
        pollMs: 100,
        failure: async () => `the app did not settle: ${await busy()} jobs left\n${output()}`,
      });
    const open = (shop: string) =>
      fetch(embeddedAppUrl({ appUrl: proxy.url, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET }, shop), {
        headers: { "User-Agent": BROWSER_USER_AGENT },
      });
    const install = async (shop: string) => {
      const opened = await open(shop);
      if (opened.status !== 200) throw new Error(`installing ${shop} failed with ${opened.status}:\n${output()}`);
    };
    return { sim, db, proxy, webs, workers, install, settle, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// The simulator and the built app, started together: the one way the tests,
// `npm run demo` and the benchmarks run them. The app runs as production
// runs it (scripts/start.mjs), on its own SQLite file, pointed at the
// simulator by SHOPIFY_SIMULATOR_URL.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrate } from "../scripts/migrate.mjs";
import { embeddedAppUrl } from "./admin";
import { BROWSER_USER_AGENT, freePort, removeSqlite, startAppProcess, type AppProcess } from "./app-process";
import { signSessionToken } from "./auth";
import { startSimulator, type Simulator } from "./server";
import type { SeedInput } from "./state/seed";
import { readAppConfig, type WebhookDispatcher } from "./webhooks";

export type StackOptions = {
  apiKey: string;
  apiSecret: string;
  /** The app's SQLite file: created fresh (any old one removed) and migrated. */
  databaseFile: string;
  appPort?: number;
  simPort?: number;
  /** Shops to create in the simulator before the app starts. */
  seed?: Record<string, SeedInput>;
  /** More of the app's environment (JOBS_SWEEP_SECONDS, ...). */
  env?: Record<string, string>;
  /** The URL the app is to reach the simulator at, given the simulator's (a test's proxy between them, say). */
  simulatorUrlForApp?: (simulatorUrl: string) => string | Promise<string>;
  /** Echo the app's output (the demo does). */
  echo?: boolean;
};

export type Stack = {
  sim: Simulator;
  app: AppProcess & { url: string };
  databaseUrl: string;
  /** The simulated admin's page that opens the app for a shop. */
  adminUrl: (shop: string) => string;
  /** The merchant opens the app from the admin, which installs it if it is not; then settles. */
  install: (shop: string) => Promise<void>;
  /**
   * Waits until the simulator has no webhook in flight and the app says it
   * has no job waiting or running for the shop, with nothing delivered in
   * between: every consequence of what happened so far has played out.
   */
  settle: (shop: string, timeoutMs?: number) => Promise<void>;
  /** Stops the app and the simulator; `removeDatabase` deletes the SQLite file too. */
  stop: (options?: { removeDatabase?: boolean }) => Promise<void>;
};

/**
 * Waits until the simulator has no webhook in flight and the app is idle
 * (`isIdle`), with nothing delivered in between: every consequence of what
 * happened so far has played out. Throws `failure()`'s message past the timeout.
 */
export async function settleWith(
  webhooks: WebhookDispatcher,
  options: { isIdle: () => Promise<boolean>; timeoutMs: number; pollMs: number; failure: () => Promise<string> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    await webhooks.idle();
    const delivered = webhooks.deliveries.length;
    if (await options.isIdle()) {
      await webhooks.idle();
      if (webhooks.deliveries.length === delivered) return;
    }
    if (Date.now() > deadline) throw new Error(await options.failure());
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { apiKey, apiSecret } = options;
  removeSqlite(options.databaseFile);
  mkdirSync(dirname(options.databaseFile), { recursive: true });
  const databaseUrl = `file:${options.databaseFile}`;
  await migrate(databaseUrl);

  const appPort = options.appPort ?? (await freePort());
  const appUrl = `http://127.0.0.1:${appPort}`;
  // Backorder Manager is an App Store app (AppDistribution.AppStore).
  const sim = await startSimulator({ port: options.simPort, appUrl, apiKey, apiSecret, publicApp: true });
  for (const [shop, seed] of Object.entries(options.seed ?? {})) sim.state.seed(shop, seed);
  const env = {
    NODE_ENV: "development",
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: readAppConfig().scopes,
    DATABASE_URL: databaseUrl,
    PORT: String(appPort),
    SHOPIFY_SIMULATOR_URL: options.simulatorUrlForApp ? await options.simulatorUrlForApp(sim.url) : sim.url,
    // A key for this run only: the stack's database is new each time.
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...options.env,
  };
  let app: AppProcess;
  try {
    app = await startAppProcess("scripts/start.mjs", env, { readyWhen: "listening on", echo: options.echo });
  } catch (error) {
    await sim.close();
    throw error;
  }

  const sessionToken = (shop: string) => signSessionToken({ shop, apiKey, apiSecret });
  const appIsIdle = async (shop: string) => {
    const response = await fetch(`${appUrl}/status`, { headers: { Authorization: `Bearer ${sessionToken(shop)}` } });
    if (response.status !== 200) throw new Error(`the app's status answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { idle: boolean }).idle;
  };

  const settle = (shop: string, timeoutMs = 20_000) =>
    settleWith(sim.webhooks, {
      isIdle: () => appIsIdle(shop),
      timeoutMs,
      pollMs: 25,
      failure: async () => `the app did not settle:\n${app.output().slice(-3000)}`,
    });

  return {
    sim,
    app: { url: appUrl, ...app },
    databaseUrl,
    adminUrl: (shop) => `${sim.url}/admin/apps/backorder-manager?shop=${shop}`,
    install: async (shop) => {
      const opened = await fetch(embeddedAppUrl({ appUrl, apiKey, apiSecret }, shop), { headers: { "User-Agent": BROWSER_USER_AGENT } });
      if (opened.status !== 200) throw new Error(`installing failed with ${opened.status}:\n${app.output().slice(-3000)}`);
      await settle(shop);
    },
    settle,
    stop: async ({ removeDatabase = false } = {}) => {
      await app.stop();
      await sim.close();
      if (removeDatabase) removeSqlite(options.databaseFile);
    },
  };
}

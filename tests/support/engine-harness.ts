// A store in the simulator with the built app installed on it, for the
// backorder engine's scenarios: everything over real HTTP, nothing mocked.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb, type Db } from "~/db/client.server";
import type { ChangeContext } from "~/engine/settings.server";
import { createJobBackend } from "~/jobs/backend.server";
import { shopifyFetch } from "~/shopify/client.server";
import { createGateway, type Gateway } from "~/shopify/gateway.server";
import { migrate } from "../../scripts/migrate.mjs";
import { embeddedAppUrl } from "../../sim/admin";
import { startSimulator, type Simulator } from "../../sim/server";
import type { FulfillmentOrder } from "../../sim/state/fulfillment-orders";
import type { SeedInput } from "../../sim/state/seed";
import { freePort, startApp, TEST_API_KEY, TEST_SECRET, type AppServer } from "./app-server";
import { DESKTOP_CHROME } from "./browser";
import { removeSqlite, testDataDir } from "./postgres";

export const SHOP = "engine-shop.myshopify.com";

export type Store = {
  sim: Simulator;
  app: AppServer;
  db: Db;
  /**
   * A merchant's change made from the test: written to the app's database,
   * announced to a job backend of this process that runs nothing, so the
   * app's sweep picks it up.
   */
  changes: ChangeContext;
  /** Waits until every webhook is delivered and every job of the app has run. */
  settle: (timeoutMs?: number) => Promise<void>;
  /** The merchant opens the app from the admin, which installs it if it is not; then settles. */
  install: () => Promise<void>;
  /** The app's Admin API gateway to the store, with the offline token the install stored. */
  gateway: () => Promise<Gateway>;
  variant: (sku: string) => { id: string; productId: string; inventoryItemId: string };
  location: (name: string) => string;
  fulfillmentOrdersOf: (orderId: string) => FulfillmentOrder[];
  stop: () => Promise<void>;
};

export async function startStore(seed: SeedInput, env: Record<string, string> = {}): Promise<Store> {
  mkdirSync(testDataDir, { recursive: true });
  const port = await freePort();
  const file = join(testDataDir, `engine-${port}.db`);
  await migrate(`file:${file}`);
  const db = createDb(`file:${file}`);
  const appUrl = `http://127.0.0.1:${port}`;
  const sim = await startSimulator({ appUrl, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  sim.state.seed(SHOP, seed);
  const app = await startApp({ DATABASE_URL: `file:${file}`, NODE_ENV: "development", SHOPIFY_SIMULATOR_URL: sim.url, JOBS_SWEEP_SECONDS: "0.2", ...env }, port);

  const settle = async (timeoutMs = 20_000) => {
    let quiet = 0;
    const deadline = Date.now() + timeoutMs;
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error(`the app did not settle:\n${app.output().slice(-3000)}`);
      await sim.webhooks.idle();
      const busy = await db.job.count({ where: { shop: SHOP, status: { in: ["QUEUED", "RUNNING"] } } });
      quiet = busy === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 60));
    }
  };

  // The admin opens the app with a session token; the app exchanges it.
  const install = async () => {
    const opened = await fetch(embeddedAppUrl({ appUrl, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET }, SHOP), { headers: { "User-Agent": DESKTOP_CHROME } });
    if (opened.status !== 200) throw new Error(`installing failed with ${opened.status}:\n${app.output().slice(-3000)}`);
    await settle();
  };
  await install();

  const state = sim.state.shop(SHOP);
  return {
    sim,
    app,
    db,
    changes: { db, jobs: createJobBackend(`file:${file}`, { db }) },
    settle,
    install,
    gateway: async () => {
      const { accessToken } = await db.session.findFirstOrThrow({ where: { shop: SHOP, isOnline: false } });
      return createGateway({ shop: SHOP, accessToken, fetch: shopifyFetch(sim.url), throttleStates: new Map() });
    },
    variant: (sku) => {
      const v = [...state.variants.values()].find((x) => x.sku === sku);
      if (!v) throw new Error(`no variant ${sku}`);
      return { id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId };
    },
    location: (name) => {
      const l = [...state.locations.values()].find((x) => x.name === name);
      if (!l) throw new Error(`no location ${name}`);
      return l.id;
    },
    fulfillmentOrdersOf: (orderId) => [...state.fulfillmentOrders.values()].filter((fo) => fo.orderId === orderId),
    stop: async () => {
      await app.stop();
      await sim.close();
      await db.$disconnect();
      removeSqlite(file);
    },
  };
}

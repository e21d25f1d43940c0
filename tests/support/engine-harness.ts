// The test stack: the simulator with the test shop in it and the built app
// installed on that store, for the backorder engine's scenarios: everything
// over real HTTP, nothing mocked.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createDb, type Db } from "~/db/client.server";
import type { ChangeContext } from "~/engine/settings.server";
import { createJobBackend } from "~/jobs/backend.server";
import { shopifyFetch } from "~/shopify/client.server";
import { createGateway, type Gateway } from "~/shopify/gateway.server";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { startStack, type Stack, type StackOptions } from "../../sim/stack";
import type { FulfillmentOrder } from "../../sim/state/fulfillment-orders";
import type { SeedInput } from "../../sim/state/seed";
import { TEST_API_KEY, TEST_ENCRYPTION_KEY, TEST_SECRET, TEST_SHOP } from "./constants";
import { startFaultProxy, type FaultProxy } from "./fault-proxy";
import { testDataDir } from "./postgres";

/** The simulator plus the app, started for one test file. */
export type TestStack = Pick<Stack, "sim" | "app"> & {
  /** Where the merchant opens the app in the simulated admin (the browser starts here). */
  adminUrl: string;
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

/** A token as the app received it: the app stores it sealed under the key it was given. */
export const openStoredToken = (stored: string, sessionId: string) =>
  tokenCipher(Buffer.from(TEST_ENCRYPTION_KEY, "base64")).open(stored, sessionId);

/** The test shop seeded as given, with the built app installed; the app's sweep runs every 0.2 s unless `env` says otherwise. */
export async function startTestStack(
  seed: SeedInput,
  env: Record<string, string> = {},
  options: Pick<StackOptions, "simulatorUrlForApp"> = {},
): Promise<TestStack> {
  const stack = await startStack({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_SECRET,
    // A name no other worker can draw: a port number freed again can be handed out twice.
    databaseFile: join(testDataDir, `engine-${randomUUID()}.db`),
    seed: { [TEST_SHOP]: seed },
    env: { JOBS_SWEEP_SECONDS: "0.2", ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, ...env },
    ...options,
  });
  const db = createDb(stack.databaseUrl);
  await stack.install(TEST_SHOP);

  const state = stack.sim.state.shop(TEST_SHOP);
  return {
    sim: stack.sim,
    app: stack.app,
    adminUrl: stack.adminUrl(TEST_SHOP),
    db,
    changes: { db, jobs: createJobBackend(stack.databaseUrl, { db }) },
    settle: (timeoutMs) => stack.settle(TEST_SHOP, timeoutMs),
    install: () => stack.install(TEST_SHOP),
    gateway: async () => {
      const session = await db.session.findFirstOrThrow({ where: { shop: TEST_SHOP, isOnline: false } });
      const accessToken = openStoredToken(session.accessToken, session.id);
      return createGateway({ shop: TEST_SHOP, accessToken, fetch: shopifyFetch(stack.sim.url), throttleStates: new Map() });
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
      await db.$disconnect();
      await stack.stop({ removeDatabase: true });
    },
  };
}

/** The test stack as `startTestStack` makes it, with the app reaching the simulator through a fault proxy; `stop` closes both. */
export async function startTestStackBehindProxy(seed: SeedInput): Promise<{ stack: TestStack; proxy: FaultProxy }> {
  const proxy = await startFaultProxy();
  const stack = await startTestStack(
    seed,
    {},
    {
      simulatorUrlForApp: (simulatorUrl) => {
        proxy.target = simulatorUrl;
        return proxy.url;
      },
    },
  );
  const stopStack = stack.stop;
  stack.stop = async () => {
    await stopStack();
    await proxy.close();
  };
  return { stack, proxy };
}

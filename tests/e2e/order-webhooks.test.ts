import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { startSimulator, type Simulator } from "../../sim/server";
import { eventually, freePort, startApp, TEST_API_KEY, TEST_SECRET, type AppServer } from "../support/app-server";
import { removeSqlite, testDataDir } from "../support/postgres";

// The app and the simulator, each as they run for real, over HTTP.
const SHOP = "e2e-shop.myshopify.com";
let sim: Simulator;
let app: AppServer;
let db: Db;
let databaseFile: string;

beforeAll(async () => {
  const port = await freePort();
  databaseFile = `${testDataDir}/e2e-webhooks-${port}.db`;
  const databaseUrl = `file:${databaseFile}`;
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(databaseUrl);
  db = createDb(databaseUrl);
  sim = await startSimulator({ appUrl: `http://127.0.0.1:${port}`, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  app = await startApp({ DATABASE_URL: databaseUrl, NODE_ENV: "development", SHOPIFY_SIMULATOR_URL: sim.url }, port);
  sim.state.seed(SHOP, {
    locations: [{ name: "Warehouse" }],
    products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 1 } }] }],
  });
  await sim.webhooks.idle();
});

afterAll(async () => {
  await app?.stop();
  await sim?.close();
  await db?.$disconnect();
  removeSqlite(databaseFile);
});

const ordersCreated = () => db.webhookEvent.findMany({ where: { shop: SHOP, topic: "orders/create" } });

it("records an order placed in the store once, from its signed webhook", async () => {
  const order = sim.state.placeOrder(SHOP, { lines: [{ sku: "MUG", quantity: 2 }] });
  await sim.webhooks.idle();

  const delivery = sim.webhooks.deliveries.find((d) => d.topic === "orders/create")!;
  expect(delivery.status).toBe(200);
  const events = await ordersCreated();
  expect(events).toHaveLength(1);
  expect(events[0].webhookId).toBe(delivery.webhookId);
  expect(JSON.parse(Buffer.from(events[0].body).toString()).admin_graphql_api_id).toBe(order.id);
});

it("records a webhook the simulator delivers twice only once", async () => {
  sim.webhooks.injectFaults([{ kind: "duplicate", topic: "orders/create" }]);
  sim.state.placeOrder(SHOP, { lines: [{ sku: "MUG", quantity: 1 }] });
  await sim.webhooks.idle();

  const deliveries = sim.webhooks.deliveries.filter((d) => d.topic === "orders/create");
  const last = deliveries[deliveries.length - 1];
  const sameId = deliveries.filter((d) => d.webhookId === last.webhookId);
  expect(sameId.map((d) => d.status)).toEqual([200, 200]);
  await eventually(async () => (await ordersCreated()).length === 2);
  expect(await db.webhookEvent.count({ where: { shop: SHOP, webhookId: last.webhookId } })).toBe(1);
});

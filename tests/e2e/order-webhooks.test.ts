import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { startStack, type Stack } from "../../sim/stack";
import { eventually } from "../support/app-server";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { testDataDir } from "../support/postgres";

// The app and the simulator, each as they run for real, over HTTP.
let stack: Stack;
let db: Db;

beforeAll(async () => {
  stack = await startStack({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_SECRET,
    databaseFile: join(testDataDir, `e2e-webhooks-${randomUUID()}.db`),
    seed: {
      [TEST_SHOP]: {
        locations: [{ name: "Warehouse" }],
        products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 1 } }] }],
      },
    },
  });
  db = createDb(stack.databaseUrl);
  // Installed: a delivery for a shop without the app is kept without its body.
  await stack.install(TEST_SHOP);
});

afterAll(async () => {
  await db?.$disconnect();
  await stack?.stop({ removeDatabase: true });
});

const ordersCreated = () => db.webhookEvent.findMany({ where: { shop: TEST_SHOP, topic: "orders/create" } });

it("records an order placed in the store once, from its signed webhook", async () => {
  const order = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 2 }] });
  await stack.sim.webhooks.idle();

  const delivery = stack.sim.webhooks.deliveries.find((d) => d.topic === "orders/create")!;
  expect(delivery.status).toBe(200);
  const events = await ordersCreated();
  expect(events).toHaveLength(1);
  expect(events[0].webhookId).toBe(delivery.webhookId);
  expect(JSON.parse(Buffer.from(events[0].body).toString()).admin_graphql_api_id).toBe(order.id);
});

it("records a webhook the simulator delivers twice only once", async () => {
  stack.sim.webhooks.injectFaults([{ kind: "duplicate", topic: "orders/create" }]);
  stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }] });
  await stack.sim.webhooks.idle();

  const deliveries = stack.sim.webhooks.deliveries.filter((d) => d.topic === "orders/create");
  const last = deliveries[deliveries.length - 1];
  const sameId = deliveries.filter((d) => d.webhookId === last.webhookId);
  expect(sameId.map((d) => d.status)).toEqual([200, 200]);
  await eventually(async () => (await ordersCreated()).length === 2);
  expect(await db.webhookEvent.count({ where: { shop: TEST_SHOP, webhookId: last.webhookId } })).toBe(1);
});

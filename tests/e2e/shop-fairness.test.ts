// One shop cannot starve the others (issue 11): the built app against the
// simulator, one shop flooded with orders while its store answers slowly,
// and one order on a quiet shop, which must not wait for the flood to drain.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { startStack, type Stack } from "../../sim/stack";
import type { SeedInput } from "../../sim/state/seed";
import { eventually } from "../support/app-server";
import { TEST_API_KEY, TEST_SECRET } from "../support/constants";
import { testDataDir } from "../support/postgres";

const BUSY = "busy-store.myshopify.com";
const QUIET = "quiet-store.myshopify.com";
const BUSY_ORDERS = 300;
/** Orders placed on the busy shop per second: 300 over a minute. */
const RATE = 5;
/** How long the busy shop's store takes to answer each Admin API call. */
const LATENCY_MS = 250;

// Nothing in stock, backorders on: every order needs a hold.
const seed: SeedInput = {
  locations: [{ name: "Warehouse" }],
  products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] }],
};

let stack: Stack;
let db: Db;

beforeAll(async () => {
  const databaseFile = join(testDataDir, `e2e-fairness-${randomUUID()}.db`);
  // The flood is not waited for: stopping gives its running job back at once.
  const env = { JOBS_SWEEP_SECONDS: "0.2", JOBS_SHUTDOWN_GRACE_SECONDS: "1" };
  stack = await startStack({ apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, databaseFile, seed: { [BUSY]: seed, [QUIET]: seed }, env });
  db = createDb(stack.databaseUrl);
  for (const shop of [BUSY, QUIET]) await stack.install(shop);
});

afterAll(async () => {
  await db?.$disconnect();
  await stack?.stop({ removeDatabase: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("holds an order on a quiet shop while a flooded shop with a slow store still has most of its work waiting", async () => {
  const { sim } = stack;
  const slowed = await fetch(`${sim.url}/_sim/shops/${BUSY}/latency`, { method: "POST", body: JSON.stringify({ ms: LATENCY_MS }) });
  expect(slowed.status).toBe(200);

  // Which orders got their hold, in the order the store saw the holds placed.
  const held: string[] = [];
  const stopListening = sim.state.onEvent((event) => {
    if (event.topic !== "fulfillment_holds/added") return;
    const fulfillmentOrderId = (event.payload.fulfillment_order as { id: string }).id;
    held.push(sim.state.shop(event.shop).fulfillmentOrders.get(fulfillmentOrderId)!.orderId);
  });
  const order = (shop: string) => sim.state.placeOrder(shop, { lines: [{ sku: "MUG", quantity: 1 }] }).id;

  const busyOrders: string[] = [];
  let quietOrder: string | undefined;
  const started = Date.now();
  const flood = (async () => {
    for (let i = 0; i < BUSY_ORDERS; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      busyOrders.push(order(BUSY));
      // Halfway through the flood, one order on the quiet shop.
      if (i === BUSY_ORDERS / 2) quietOrder = order(QUIET);
    }
  })();

  try {
    await eventually(async () => quietOrder && held.includes(quietOrder), 60_000);
    // What the busy shop still had to do when the quiet shop's order was held.
    const busyWaiting = await db.job.count({ where: { shop: BUSY, status: { in: ["QUEUED", "RUNNING"] } } });
    const placedBefore = busyOrders.slice(0, BUSY_ORDERS / 2 + 1);
    const heldFirst = held.slice(0, held.indexOf(quietOrder!));
    const overtaken = placedBefore.filter((id) => !heldFirst.includes(id));

    expect(busyWaiting).toBeGreaterThan(50);
    // The quiet shop's order went ahead of most of the busy shop's orders placed before it.
    expect(overtaken.length).toBeGreaterThan(placedBefore.length / 2);
  } finally {
    stopListening();
    await flood;
  }
}, 120_000);

// One order event's reconcile in a big shop against a small one, in the same
// SQLite file and run. The big shop has 10,000 open orders, 2,000 variants and
// 100,000 finished lines (50,000 closed orders); the small one 100 open
// orders. Each event is a new order saved as the order webhook saves it, then
// the event's reconcile (reconcileTouched), timed. Stock covers every order,
// so the store needs no change and no Admin API call is made: what is timed is
// what grows with a shop, reading facts, planning and saving. Target (issue 15):
// the big shop's event costs at most twice the small one's.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb, type Db } from "~/db/client.server";
import { orderSnapshotColumn } from "~/engine/codecs";
import { markDirty, saveOrder, stockKeys } from "~/engine/ingest.server";
import { reconcileShop, reconcileTouched } from "~/engine/reconcile.server";
import { createGateway } from "~/shopify/gateway.server";
import { shopifyFetch } from "~/shopify/client.server";
import { migrate } from "../scripts/migrate.mjs";
import { removeSqlite } from "../sim/app-process";
import { startSimulator } from "../sim/server";
import { TEST_API_KEY, TEST_SECRET } from "../tests/support/constants";
import { gid, LOCATION, orderSnapshot } from "../tests/support/order-snapshots";
import { root } from "../tests/support/postgres";
import { seededRandom, type Benchmark } from "./harness";

const SHOPS = {
  small: { shop: "small.myshopify.com", openOrders: 100, variants: 20, closedOrders: 0 },
  big: { shop: "big.myshopify.com", openOrders: 10_000, variants: 2_000, closedOrders: 50_000 },
};
const EVENTS = 40;
const BATCH = 2_000;

/** Order n: two lines of random variants (one when both picks are the same), one unit each. */
function orderOf(n: number, variants: number, random: () => number, open = true) {
  const picked = [1 + Math.floor(random() * variants), 1 + Math.floor(random() * variants)];
  return orderSnapshot(n, picked, open);
}

export const reconcileBenchmarks: Benchmark[] = [
  { name: "reconcile per order event: big shop against small, SQLite", needsBuild: false, run: () => benchReconcileScale() },
];

async function benchReconcileScale(): Promise<Record<string, string>> {
  const dir = join(root, ".cache", "bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `reconcile-${process.pid}.db`);
  removeSqlite(file);
  await migrate(`file:${file}`);
  const db = createDb(`file:${file}`);
  // No call should reach it: one would come back refused and show as a problem.
  const sim = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  try {
    const figures: Record<string, string> = {};
    const times: Record<string, number[]> = {};
    for (const [size, spec] of Object.entries(SHOPS)) {
      const seeding = performance.now();
      await seedShop(db, spec);
      const gateway = createGateway({ shop: spec.shop, accessToken: "none", fetch: shopifyFetch(sim.url), throttleStates: new Map() });
      const whole = performance.now();
      const full = await reconcileShop(db, gateway, spec.shop);
      figures[`${size} shop`] =
        `${spec.openOrders} open orders, ${spec.variants} variants, ${spec.closedOrders * 2} finished lines ` +
        `(seeded in ${((whole - seeding) / 1000).toFixed(1)} s; whole-shop reconcile ${(performance.now() - whole).toFixed(0)} ms)`;
      if (full.problems.length > 0) throw new Error(`the seeded shop is not settled: ${full.problems[0]}`);
      times[size] = [];
      const random = seededRandom(7);
      for (let i = 0; i < EVENTS + 5; i++) {
        const order = orderOf(spec.openOrders + spec.closedOrders + i + 1, spec.variants, random);
        const started = performance.now();
        await saveOrder(db, spec.shop, order, new Date());
        await markDirty(db, spec.shop, stockKeys(order.fulfillmentOrders));
        const result = await reconcileTouched(db, gateway, spec.shop);
        const elapsed = performance.now() - started;
        if (result.problems.length > 0 || result.holds > 0) throw new Error(`an event needed the store: ${JSON.stringify(result)}`);
        if (i >= 5) times[size].push(elapsed);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];
    for (const size of Object.keys(SHOPS)) {
      figures[`${size} event`] =
        `median ${median(times[size]).toFixed(1)} ms, p95 ${p95(times[size]).toFixed(1)} ms over ${EVENTS} order events`;
    }
    figures.ratio = `${(median(times.big) / median(times.small)).toFixed(2)}x the small shop's median (target: at most 2x)`;
    return figures;
  } finally {
    await sim.close();
    await db.$disconnect();
    removeSqlite(file);
  }
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>) {
  for (let from = 0; from < rows.length; from += BATCH) await write(rows.slice(from, from + BATCH));
}

/** Variants with more stock than any order takes, open orders indexed as saveOrder indexes them, and closed orders whose lines waited once and were fulfilled. */
async function seedShop(db: Db, spec: (typeof SHOPS)[keyof typeof SHOPS]) {
  const { shop } = spec;
  const variantIds = Array.from({ length: spec.variants }, (_, i) => i + 1);
  await inBatches(variantIds, (batch) =>
    db.variantSetting.createMany({
      data: batch.map((v) => ({
        shop,
        variantId: gid("ProductVariant", v),
        productId: gid("Product", v),
        inventoryItemId: gid("InventoryItem", v),
        sku: `SKU-${v}`,
        title: `Product ${v}`,
        inventoryPolicy: "DENY",
      })),
    }),
  );
  await inBatches(variantIds, (batch) =>
    db.inventoryLevel.createMany({
      data: batch.map((v) => ({
        shop,
        inventoryItemId: gid("InventoryItem", v),
        locationId: LOCATION,
        available: 1_000_000,
        committed: 0,
      })),
    }),
  );
  const random = seededRandom(1);
  const closed = Array.from({ length: spec.closedOrders }, (_, i) => orderOf(i + 1, spec.variants, random, false));
  const open = Array.from({ length: spec.openOrders }, (_, i) => orderOf(spec.closedOrders + i + 1, spec.variants, random));
  await inBatches([...closed, ...open], (batch) =>
    db.orderSnapshot.createMany({
      data: batch.map((order) => ({
        shop,
        orderId: order.orderId,
        name: order.name,
        snapshot: orderSnapshotColumn.encode(order),
        open: order.fulfillmentOrders[0].status === "OPEN",
        orderedAt: new Date(order.createdAt),
        lineCount: order.fulfillmentOrders[0].lines.length,
      })),
    }),
  );
  await inBatches(open, (batch) =>
    db.orderItem.createMany({
      data: batch.flatMap((order) => stockKeys(order.fulfillmentOrders).map((key) => ({ shop, orderId: order.orderId, ...key }))),
    }),
  );
  const finished = closed.flatMap((order) => order.fulfillmentOrders[0].lines.map((line) => ({ order, line })));
  await inBatches(finished, (batch) =>
    db.backorderLine.createMany({
      data: batch.map(({ order, line }) => ({
        shop,
        orderId: order.orderId,
        lineItemId: line.lineItemId,
        locationId: LOCATION,
        inventoryItemId: line.inventoryItemId,
        quantity: 1,
        allocated: 0,
        backordered: 0,
        state: "fulfilled",
        waitedUnits: 1,
        orderName: order.name,
      })),
    }),
  );
  // Bring the lines to 100,000 when an order's two picks were one variant.
  const short = spec.closedOrders * 2 - finished.length;
  if (short > 0) {
    await db.backorderLine.createMany({
      data: Array.from({ length: short }, (_, i) => ({
        shop,
        orderId: gid("Order", 900_000_000 + i),
        lineItemId: gid("LineItem", 900_000_000 + i),
        locationId: LOCATION,
        inventoryItemId: gid("InventoryItem", 1 + (i % spec.variants)),
        quantity: 1,
        allocated: 0,
        backordered: 0,
        state: "cancelled",
        waitedUnits: 1,
      })),
    });
  }
}

// Admin API use per order event: the built app on a simulated store takes
// 1,000 orders (some waiting for stock), then a restock; prints the calls and
// query cost the app spent per order event, and how fully it used the
// throttle's restore rate while draining. Targets (DESIGN.md): at most one
// read and one write per order event on average; a burst drains at 90% or
// more of what the restore rate permits.
import { DEFAULT_BUCKET } from "../sim/cost";
import { TEST_SHOP } from "../tests/support/constants";
import { startTestStack } from "../tests/support/engine-harness";
import type { Benchmark } from "./harness";

const ORDERS = 1_000;

async function benchApiPerOrder(): Promise<Record<string, string>> {
  const skus = { MUG: 40, TEAPOT: 10, BOARD: 0, TOWEL: 400, BOWL: 80 };
  const stack = await startTestStack({
    locations: [{ name: "Warehouse" }],
    products: Object.entries(skus).map(([sku, stock]) => ({
      title: sku,
      variants: [{ sku, inventoryPolicy: "CONTINUE" as const, stock: { Warehouse: stock } }],
    })),
  });
  try {
    stack.sim.resetUsage();
    const deliveredBefore = stack.sim.webhooks.deliveries.length;
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const names = Object.keys(skus);
    const started = performance.now();
    for (let i = 0; i < ORDERS; i++) {
      const lines = [...new Set([names[Math.floor(random() * names.length)], names[Math.floor(random() * names.length)]])];
      stack.sim.state.placeOrder(TEST_SHOP, {
        locationId: stack.location("Warehouse"),
        lines: lines.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 2) })),
      });
    }
    stack.sim.state.receiveStock(TEST_SHOP, { sku: "BOARD", locationId: stack.location("Warehouse"), quantity: 100 });
    await stack.settle(15 * 60_000);
    const seconds = (performance.now() - started) / 1000;

    const deliveries = stack.sim.webhooks.deliveries.slice(deliveredBefore);
    const orderEvents = deliveries.filter((d) => d.topic.startsWith("orders/")).length;
    const usage = stack.sim.usage(TEST_SHOP);
    const holds = await stack.db.appHold.count({ where: { shop: TEST_SHOP } });
    const per = (n: number) => (n / orderEvents).toFixed(2);
    const permitted = DEFAULT_BUCKET.restoreRate * seconds + DEFAULT_BUCKET.maximumAvailable;
    return {
      orders: `${ORDERS} placed, then 100 units received for a sold-out item`,
      webhooks: `${deliveries.length} delivered (${orderEvents} order events)`,
      reads: `${usage.queries} (${per(usage.queries)} per order event)`,
      writes: `${usage.mutations} (${per(usage.mutations)} per order event; ${holds} holds placed in all)`,
      "query cost": `${usage.actualCost} actual (${per(usage.actualCost)} per order event)`,
      throttled: `${usage.throttled} answers`,
      drained: `in ${seconds.toFixed(1)} s; cost used ${((usage.actualCost / permitted) * 100).toFixed(1)}% of what the bucket permitted (${DEFAULT_BUCKET.restoreRate}/s restore, ${DEFAULT_BUCKET.maximumAvailable} burst)`,
    };
  } finally {
    await stack.stop();
  }
}

export const apiBenchmarks: Benchmark[] = [
  { name: `Admin API per order event: ${ORDERS} orders through the built app on the simulator`, run: benchApiPerOrder },
];

// Web and workers apart, at scale, on PostgreSQL: two web instances behind a
// round-robin proxy and two job workers (pg-boss), against the simulator with
// many shops; orders pour in, many short of stock, stock arrives, and one
// worker is killed midway. The settled store must be what a fresh full
// reconcile would make it. Figures are printed, never asserted.
//
// Sized for CI by LOAD_ORDERS (and LOAD_SHOPS, LOAD_RATE); the full
// size: LOAD_ORDERS=10000 npx vitest run --project load
import { afterAll, beforeAll, expect, it } from "vitest";
import { FULL_RECONCILE_JOB, requestReconcile } from "~/engine/requests.server";
import type { Order } from "../../sim/state/orders";
import type { SeedInput } from "../../sim/state/seed";
import { freshDatabaseUrl } from "../support/databases";
import { startScaleStack, type ScaleStack } from "../support/scale-stack";
import { snapshotStore, storeProblems } from "./store-checks";

const numberFrom = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SHOPS = numberFrom("LOAD_SHOPS", 50);
// About three minutes on 2 cores, set-up and the final check included.
const ORDERS = numberFrom("LOAD_ORDERS", 200);
/** Orders placed per second, across all shops: above what the app keeps up with, so the figures show its capacity. */
const RATE = numberFrom("LOAD_RATE", 20);
/** Generous: timings are printed, not asserted. */
const SETTLE_MS = Math.max(300_000, ORDERS * 1_500);
/** One stock arrival for every this many orders. */
const ORDERS_PER_ARRIVAL = 3;

/** A seeded generator (mulberry32), so a failing run can be run again. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  return { int, pick };
}

const rng = random(Number(process.env.LOAD_SEED ?? 15));
const shops = Array.from({ length: SHOPS }, (_, i) => `load-${String(i + 1).padStart(2, "0")}.myshopify.com`);
// Backorders on for these, with a few units at one or two locations; the others never oversell.
const BACKORDERED: readonly string[] = ["MUG", "VASE", "BOWL", "PLATE"];
const STOCKED: readonly string[] = ["TOWEL", "APRON"];

function seedFor(): SeedInput {
  const few = () => rng.int(0, 4);
  const variant = (sku: string, inventoryPolicy: "CONTINUE" | "DENY", stock: Record<string, number>) => ({
    title: sku.toLowerCase(),
    variants: [{ sku, inventoryPolicy, stock }],
  });
  return {
    locations: [{ name: "Warehouse" }, { name: "Store" }],
    products: [
      variant("MUG", "CONTINUE", { Warehouse: few() + 1 }),
      variant("VASE", "CONTINUE", { Warehouse: few(), Store: few() + 1 }),
      variant("BOWL", "CONTINUE", { Warehouse: few() + 1, Store: few() }),
      variant("PLATE", "CONTINUE", { Store: few() + 1 }),
      variant("TOWEL", "DENY", { Warehouse: 1_000_000, Store: 1_000_000 }),
      variant("APRON", "DENY", { Warehouse: 1_000_000, Store: 1_000_000 }),
    ],
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: ScaleStack | undefined;

beforeAll(async () => {
  stack = await startScaleStack({
    databaseUrl: await freshDatabaseUrl(),
    seed: Object.fromEntries(shops.map((shop) => [shop, seedFor()])),
    webs: 2,
    workers: 2,
    // A killed worker's shops move to the other one a lease later.
    env: { JOBS_SWEEP_SECONDS: "1", JOBS_LEASE_SECONDS: "10" },
  });
}, 120_000);

afterAll(() => stack?.stop());

it(
  "holds exactly the lines short of stock in every shop, as a fresh full reconcile would, though a worker died midway",
  async () => {
    const { sim, db } = stack!;
    // Installing reads each store in full.
    // Each first open of the app installs it, and must answer 200 (its loaders run at once, before the shop's row exists).
    for (const shop of shops) await stack!.install(shop);
    await stack!.settle(120_000);
    sim.resetUsage();

    const placedAt = new Map<string, number>();
    const heldAt = new Map<string, number>();
    let releases = 0;
    const stopListening = sim.state.onEvent((event) => {
      if (event.topic === "fulfillment_holds/released") releases += 1;
      if (event.topic !== "fulfillment_holds/added") return;
      const foId = (event.payload.fulfillment_order as { id: string }).id;
      const orderId = sim.state.shop(event.shop).fulfillmentOrders.get(foId)?.orderId;
      if (orderId && !heldAt.has(orderId)) heldAt.set(orderId, Date.now());
    });

    const anyLocation = (shop: string) => rng.pick([...sim.state.shop(shop).locations.keys()]);
    const started = Date.now();
    let killedAt = 0;
    let runningAtKill: number[] = [];
    const wanted: Array<{ shop: string; sku: string; locationId: string }> = [];
    for (let i = 0; i < ORDERS; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const shop = rng.pick(shops);
      const skus = new Set([rng.pick([...BACKORDERED, ...BACKORDERED, ...STOCKED]), ...(rng.int(0, 1) ? [rng.pick(STOCKED)] : [])]);
      const locationId = anyLocation(shop);
      const order: Order = sim.state.placeOrder(shop, {
        locationId,
        lines: [...skus].map((sku) => ({ sku, quantity: rng.int(1, 3) })),
      });
      placedAt.set(order.id, Date.now());
      for (const sku of skus) if (BACKORDERED.includes(sku)) wanted.push({ shop, sku, locationId });
      // Stock arrives for what customers ordered: a purchase order for one of the lines ordered so far.
      if (i % ORDERS_PER_ARRIVAL === ORDERS_PER_ARRIVAL - 1 && wanted.length > 0) {
        const { shop: at, ...arrival } = rng.pick(wanted);
        sim.state.receiveStock(at, { ...arrival, quantity: rng.int(1, 6) });
      }
      if (i === Math.floor(ORDERS / 2)) {
        runningAtKill = (await db.job.findMany({ where: { status: "RUNNING" }, select: { id: true } })).map((job) => job.id);
        await stack!.workers[0].kill();
        killedAt = Date.now();
      }
    }
    const placed = Date.now();
    await stack!.settle(SETTLE_MS);
    const settled = Date.now();
    const usage = shops.map((shop) => sim.usage(shop));
    // Then more stock arrives for lines now on hold, so that holds are released.
    for (let i = 0; i < ORDERS / 10; i++) {
      const { shop: at, ...arrival } = rng.pick(wanted);
      sim.state.receiveStock(at, { ...arrival, quantity: rng.int(1, 6) });
      await sleep(1000 / RATE);
    }
    await stack!.settle(SETTLE_MS);
    stopListening();

    // Every delivery acknowledged, every job done: nothing was lost or given up on.
    expect(sim.webhooks.deliveries.filter((d) => d.status !== 200).map((d) => `${d.topic} ${d.status} ${d.error ?? ""}`)).toEqual([]);
    expect(await db.job.count({ where: { status: "DEAD" } })).toBe(0);
    const interrupted = await db.job.findMany({
      where: { id: { in: runningAtKill } },
      select: { status: true, attempts: true, finishedAt: true },
    });
    expect(interrupted.every((job) => job.status === "DONE")).toBe(true);

    // The run did what it is for: holds placed, and released as stock arrived.
    expect(heldAt.size).toBeGreaterThan(0);
    expect(releases).toBeGreaterThan(0);
    // The rules, from the simulator's records alone.
    expect(shops.flatMap((shop) => storeProblems(sim.state.shop(shop)))).toEqual([]);

    // A fresh full reconcile of every shop finds nothing to correct.
    const before = shops.map((shop) => snapshotStore(sim.state.shop(shop)));
    sim.resetUsage();
    const asked = new Date();
    for (const shop of shops) await requestReconcile(db, shop, true); // a worker's sweep picks them up
    await stack!.settle(300_000);
    expect(await db.job.count({ where: { name: FULL_RECONCILE_JOB, status: "DONE", createdAt: { gte: asked } } })).toBe(shops.length);
    expect(shops.map((shop) => snapshotStore(sim.state.shop(shop)))).toEqual(before);
    expect(shops.reduce((sum, shop) => sum + sim.usage(shop).mutations, 0)).toBe(0);

    const toHold = [...heldAt].map(([orderId, at]) => at - placedAt.get(orderId)!).filter((ms) => !Number.isNaN(ms));
    const cost = usage.reduce((sum, u) => sum + u.actualCost, 0);
    const heldNow = before.flatMap((s) => s.fulfillmentOrders).filter((fo) => fo.holds.length > 0).length;
    const retried = interrupted.filter((job) => job.attempts > 1);
    const lastRetried = Math.max(...retried.map((job) => job.finishedAt!.getTime()));
    console.log(
      [
        `load: ${SHOPS} shops, ${ORDERS} orders at ${RATE}/s, 2 web + 2 workers on PostgreSQL`,
        `  orders per second end to end: ${((ORDERS * 1000) / (settled - started)).toFixed(1)} (placing took ${((placed - started) / 1000).toFixed(1)} s, settled ${((settled - placed) / 1000).toFixed(1)} s after the last)`,
        `  Admin API cost per order: ${(cost / ORDERS).toFixed(1)} (${usage.reduce((sum, u) => sum + u.queries, 0)} queries, ${usage.reduce((sum, u) => sum + u.mutations, 0)} mutations, ${usage.reduce((sum, u) => sum + u.throttled, 0)} throttled)`,
        `  order to hold: p50 ${percentile(toHold, 50)} ms, p99 ${percentile(toHold, 99)} ms, over ${toHold.length} held orders; ${releases} holds released, ${heldNow} fulfillment orders held at the end`,
        `  webhooks delivered: ${sim.webhooks.deliveries.length}; requests per web instance: ${stack!.proxy.counts.join(", ")}`,
        `  worker killed mid-run: ${runningAtKill.length} jobs were running, ${retried.length} of them run again` +
          (retried.length ? `, the last done ${((lastRetried - killedAt) / 1000).toFixed(1)} s after the kill` : ""),
      ].join("\n"),
    );
  },
  2 * SETTLE_MS + 300_000,
);

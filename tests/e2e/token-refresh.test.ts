import { afterEach, describe, expect, it } from "vitest";
import { FULL_RECONCILE_JOB, requestReconcile } from "~/engine/requests.server";
import type { SeedInput } from "../../sim/state/seed";
import { TEST_SHOP } from "../support/constants";
import { openStoredToken, startTestStackBehindProxy, type TestStack } from "../support/engine-harness";

// Expiring offline tokens (issue 11): the app's token lasts an hour in the
// simulator's time, which these tests move on while the app's clock stays,
// so the app meets a 401 for a token it believes valid.
const HOUR = 60 * 60 * 1000;

const seed: SeedInput = {
  locations: [{ name: "Warehouse" }],
  products: [{ title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] }],
};

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function startBehindProxy() {
  const started = await startTestStackBehindProxy(seed);
  stack = started.stack;
  return started;
}

/** Two orders the app has not heard of: their webhooks are lost, so only a full reconcile finds them. */
async function ordersOnlyAFullReconcileFinds(s: TestStack) {
  s.sim.webhooks.injectFaults([
    { kind: "drop", topic: "orders/create", count: 2 },
    { kind: "drop", topic: "inventory_levels/update", count: 2 },
  ]);
  const orders = [1, 2].map(() =>
    s.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: s.location("Warehouse") }),
  );
  await s.settle();
  return orders;
}

const holdsOn = (s: TestStack, orderId: string) => s.fulfillmentOrdersOf(orderId).flatMap((fo) => fo.holds.map((h) => h.handle));
const offlineSession = (s: TestStack) => s.db.session.findFirstOrThrow({ where: { shop: TEST_SHOP, isOnline: false } });

describe("expiring offline tokens", () => {
  it("refreshes a token Shopify refuses in the middle of a full reconcile, which then completes", async () => {
    const { stack, proxy } = await startBehindProxy();
    const installed = await offlineSession(stack);
    expect(installed.refreshToken).toBeTruthy();
    const orders = await ordersOnlyAFullReconcileFinds(stack);
    expect(orders.flatMap((o) => holdsOn(stack, o.id))).toEqual([]);

    // The job's first read is answered; then the token expires.
    proxy.afterAnswer = (request) => {
      if (request.operationName === "OpenFulfillmentOrders" && proxy.afterAnswer) {
        proxy.afterAnswer = undefined;
        stack.sim.advanceClock(2 * HOUR);
      }
    };
    proxy.requests.length = 0;
    await requestReconcile(stack.db, TEST_SHOP, true);
    await stack.settle();

    expect(orders.map((o) => holdsOn(stack, o.id))).toEqual([["backorder-manager"], ["backorder-manager"]]);
    const refused = proxy.requests.findIndex((r) => r.status === 401);
    expect(refused).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => r.path.endsWith("/admin/oauth/access_token"))).toEqual([expect.objectContaining({ status: 200 })]);
    expect(proxy.requests[refused + 2]).toMatchObject({ operationName: proxy.requests[refused]!.operationName, status: 200 });
    const refreshed = await offlineSession(stack);
    expect(refreshed.accessToken).not.toBe(installed.accessToken);
    expect(refreshed.refreshToken).not.toBe(installed.refreshToken);
    expect(await stack.db.job.findMany({ where: { shop: TEST_SHOP, name: FULL_RECONCILE_JOB }, select: { status: true } })).toEqual([
      { status: "DONE" },
      { status: "DONE" },
    ]);
    expect(await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ uninstalledAt: null });

    // Neither the install's tokens nor the refresh's reach the app's log.
    const tokens = [installed, refreshed].flatMap((s) => [s.accessToken, s.refreshToken!].map((t) => openStoredToken(t, s.id)));
    expect(new Set(tokens).size).toBe(4);
    for (const token of tokens) expect(stack.app.output()).not.toContain(token);
  });

  it("sets the work aside, as for an uninstall, only when the refresh is refused too", async () => {
    const { stack, proxy } = await startBehindProxy();
    const orders = await ordersOnlyAFullReconcileFinds(stack);
    // Past the refresh token's 90 days as well.
    stack.sim.advanceClock(91 * 24 * HOUR);
    proxy.requests.length = 0;
    await requestReconcile(stack.db, TEST_SHOP, true);
    await stack.settle();

    expect(orders.flatMap((o) => holdsOn(stack, o.id))).toEqual([]);
    expect(proxy.requests.map((r) => r.status)).toEqual([401, 400]);
    const jobs = await stack.db.job.findMany({ where: { shop: TEST_SHOP, name: FULL_RECONCILE_JOB }, orderBy: { id: "asc" } });
    expect(jobs.at(-1)).toMatchObject({ status: "DONE", attempts: 1 });
  });
});

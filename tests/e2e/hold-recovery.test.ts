import { afterEach, describe, expect, it } from "vitest";
import { requestReconcile } from "~/engine/requests.server";
import type { SeedInput } from "../../sim/state/seed";
import { TEST_SHOP } from "../support/constants";
import { startTestStack, startTestStackBehindProxy, type TestStack } from "../support/engine-harness";

// A hold the app placed but whose answer it lost (issue 11): the record of it
// is rebuilt from the store, so a merchant's release of it is still respected.
const APP_HANDLE = "backorder-manager";

const seed: SeedInput = {
  locations: [{ name: "Warehouse" }],
  products: [
    { title: "Mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
    { title: "Towel", variants: [{ sku: "TOWEL", inventoryPolicy: "DENY", stock: { Warehouse: 10 } }] },
  ],
};

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** An order with a sold-out mug (held) and towels in stock (shipping now). */
function placeOrder(s: TestStack) {
  return s.sim.state.placeOrder(TEST_SHOP, {
    lines: [
      { sku: "MUG", quantity: 1 },
      { sku: "TOWEL", quantity: 2 },
    ],
    locationId: s.location("Warehouse"),
  });
}

const heldFulfillmentOrder = (s: TestStack, orderId: string) => s.fulfillmentOrdersOf(orderId).find((fo) => fo.status === "ON_HOLD")!;
const holdsOf = (s: TestStack, orderId: string) => s.fulfillmentOrdersOf(orderId).flatMap((fo) => fo.holds.map((h) => h.handle));

/** The merchant releases the hold in Shopify's admin; then the app has its say, and a full reconcile too. */
async function merchantReleases(s: TestStack, orderId: string) {
  const fo = heldFulfillmentOrder(s, orderId);
  s.sim.state.releaseHold(TEST_SHOP, null, fo.id, [fo.holds[0]!.id]);
  await s.settle();
  await requestReconcile(s.db, TEST_SHOP, true);
  await s.settle();
}

async function mugLine(s: TestStack, orderId: string) {
  const mug = s.sim.state
    .shop(TEST_SHOP)
    .orders.get(orderId)!
    .lineItems.find((l) => l.sku === "MUG")!;
  return s.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, lineItemId: mug.id } });
}

describe("a hold whose answer was lost", () => {
  it("is recorded when the retried hold meets ALREADY_HELD, and the merchant's release of it is respected", async () => {
    const started = await startTestStackBehindProxy(seed);
    stack = started.stack;
    const { proxy } = started;
    proxy.afterAnswer = (request) => {
      if (request.operationName !== "HoldFulfillmentOrder") return;
      proxy.afterAnswer = undefined;
      return "drop";
    };
    const order = placeOrder(stack);
    await stack.settle();

    const holdAttempts = proxy.requests.filter((r) => r.operationName === "HoldFulfillmentOrder");
    expect(holdAttempts.map((r) => r.dropped)).toEqual([true, false]);
    const fo = heldFulfillmentOrder(stack, order.id);
    expect(fo.holds.map((h) => h.handle)).toEqual([APP_HANDLE]);
    expect(await stack.db.appHold.findMany({ where: { shop: TEST_SHOP }, select: { holdId: true, status: true } })).toEqual([
      { holdId: fo.holds[0]!.id, status: "ACTIVE" },
    ]);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "sync.problem" } })).toBe(0);

    await merchantReleases(stack, order.id);
    expect(holdsOf(stack, order.id)).toEqual([]);
    expect(await mugLine(stack, order.id)).toMatchObject({ releasedByMerchant: true });
    expect(await stack.db.appHold.findMany({ where: { shop: TEST_SHOP }, select: { status: true } })).toEqual([
      { status: "RELEASED_BY_MERCHANT" },
    ]);
  });

  it("is recorded by the next read of the store when the app died before writing it down", async () => {
    stack = await startTestStack(seed);
    const order = placeOrder(stack);
    await stack.settle();
    const holdId = heldFulfillmentOrder(stack, order.id).holds[0]!.id;
    await stack.db.appHold.deleteMany({ where: { shop: TEST_SHOP } }); // the write that never happened

    await requestReconcile(stack.db, TEST_SHOP, true);
    await stack.settle();
    expect(await stack.db.appHold.findMany({ where: { shop: TEST_SHOP }, select: { holdId: true, status: true } })).toEqual([
      { holdId, status: "ACTIVE" },
    ]);

    await merchantReleases(stack, order.id);
    expect(holdsOf(stack, order.id)).toEqual([]);
    expect(await mugLine(stack, order.id)).toMatchObject({ releasedByMerchant: true });
  });

  it("is known by its handle when the merchant releases it before the app read the order again", async () => {
    stack = await startTestStack(seed);
    const order = placeOrder(stack);
    await stack.settle();
    await stack.db.appHold.deleteMany({ where: { shop: TEST_SHOP } }); // the write that never happened

    await merchantReleases(stack, order.id);
    expect(holdsOf(stack, order.id)).toEqual([]);
    expect(await mugLine(stack, order.id)).toMatchObject({ releasedByMerchant: true });
  });

  it("is not taken for the merchant's when the app releases it itself as stock arrives", async () => {
    stack = await startTestStack(seed);
    const order = placeOrder(stack);
    await stack.settle();
    const holdId = heldFulfillmentOrder(stack, order.id).holds[0]!.id;
    await stack.db.appHold.deleteMany({ where: { shop: TEST_SHOP } }); // the write that never happened

    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: stack.location("Warehouse"), quantity: 1 });
    await stack.settle();
    expect(holdsOf(stack, order.id)).toEqual([]);
    expect(await mugLine(stack, order.id)).toMatchObject({ releasedByMerchant: false });
    expect(await stack.db.appHold.findMany({ where: { shop: TEST_SHOP }, select: { holdId: true, status: true } })).toEqual([
      { holdId, status: "RELEASED" },
    ]);
  });
});

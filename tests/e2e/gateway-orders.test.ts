// The gateway's order commands against the simulator over real HTTP:
// removing lines a customer cancels (order edit, then the refund of what it
// left owed) and cancelling a whole order; and the order snapshot carrying
// who to write to. Nothing inside the app is replaced.
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopifyFetch, type ThrottleStates } from "~/shopify/client.server";
import { createGateway } from "~/shopify/gateway.server";
import { adminOperations } from "~/shopify/operations";
import { calculateQueryCost, SINGLE_QUERY_MAX_COST } from "../../sim/cost";
import { loadAdminSchema } from "../../sim/schema";
import { TEST_API_KEY, TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
  kit.sim.state.seed(TEST_SHOP, {
    products: [
      { title: "Green Mug", variants: [{ sku: "GREEN-MUG", price: "12.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 50 } }] },
      { title: "Plate", variants: [{ sku: "PLATE", price: "8.50", inventoryPolicy: "CONTINUE", stock: { Warehouse: 50 } }] },
    ],
  });
});
afterAll(() => kit.sim.close());

const throttleStates: ThrottleStates = new Map();

function gateway(accessToken = kit.token) {
  return createGateway({ shop: TEST_SHOP, accessToken, fetch: shopifyFetch(kit.sim.url), throttleStates });
}

/** 3 green mugs and 2 plates (53.00 paid), from the Warehouse, by a customer who shops in French. */
function placeOrder() {
  return kit.sim.state.placeOrder(TEST_SHOP, {
    customer: { email: "marie@example.com", firstName: "Marie", lastName: "Curie" },
    customerLocale: "fr",
    locationId: kit.location("Warehouse"),
    lines: [
      { sku: "GREEN-MUG", quantity: 3 },
      { sku: "PLATE", quantity: 2 },
    ],
  });
}

const shop = () => kit.sim.state.shop(TEST_SHOP);
const warehouse = (sku: string) => ({
  ...kit.sim.state.findLevel(shop(), kit.variant(sku).inventoryItemId, kit.location("Warehouse"))!.quantities,
});

async function topicsWhile(work: () => Promise<unknown>) {
  const topics: string[] = [];
  const stop = kit.sim.state.onEvent((event) => topics.push(event.topic));
  try {
    await work();
  } finally {
    stop();
  }
  return topics;
}

describe("removeLineItems", () => {
  it("removes units by an order edit, restocks them, and refunds what the edit left owed", async () => {
    const order = placeOrder();
    const [mugs, plates] = order.lineItems;
    const before = { mug: warehouse("GREEN-MUG"), plate: warehouse("PLATE") };

    let result: Awaited<ReturnType<ReturnType<typeof gateway>["removeLineItems"]>> | undefined;
    const topics = await topicsWhile(async () => {
      result = await gateway().removeLineItems({
        orderId: order.id,
        lines: [
          { lineItemId: mugs!.id, remove: 2 },
          { lineItemId: plates!.id, remove: 1 },
        ],
        staffNote: "The customer cancelled the backordered units",
      });
    });

    expect(result).toEqual({ type: "REMOVED", refunded: { amount: "32.50", currencyCode: "USD" } });
    expect(topics.filter((t) => t.startsWith("orders/"))).toEqual(["orders/edited", "orders/updated", "orders/updated"]);
    const after = shop().orders.get(order.id)!;
    expect(after.lineItems.map((l) => [l.quantity, l.currentQuantity])).toEqual([
      [3, 1],
      [2, 1],
    ]);
    expect(after.refunds).toHaveLength(1);
    expect(after.refunds[0]!.note).toBe("The customer cancelled the backordered units");
    const [fo] = kit.sim.state.fulfillmentOrdersOf(shop(), order.id);
    expect(fo!.lineItems.map((li) => li.remainingQuantity)).toEqual([1, 1]);
    expect(warehouse("GREEN-MUG")).toMatchObject({ available: before.mug.available + 2, committed: before.mug.committed - 2 });
    expect(warehouse("PLATE")).toMatchObject({ available: before.plate.available + 1, committed: before.plate.committed - 1 });
  });

  it("removes units from a held fulfillment order, closing it when none are left", async () => {
    const order = placeOrder();
    const fo = kit.sim.state.fulfillmentOrdersOf(shop(), order.id)[0]!;
    kit.sim.state.hold(TEST_SHOP, TEST_API_KEY, fo.id, {
      reason: "INVENTORY_OUT_OF_STOCK",
      handle: "backorder",
      fulfillmentOrderLineItems: [{ id: fo.lineItems[0]!.id, quantity: 3 }],
    });

    const result = await gateway().removeLineItems({
      orderId: order.id,
      lines: [{ lineItemId: order.lineItems[0]!.id, remove: 3 }],
      staffNote: "Cancelled by the customer",
    });

    expect(result).toEqual({ type: "REMOVED", refunded: { amount: "36.00", currencyCode: "USD" } });
    const held = shop().fulfillmentOrders.get(fo.id)!;
    expect(held.status).toBe("CLOSED");
    expect(held.holds).toEqual([]);
  });

  it("is REJECTED, changing nothing, when a line has shipped units it would go below", async () => {
    const order = placeOrder();
    const fo = kit.sim.state.fulfillmentOrdersOf(shop(), order.id)[0]!;
    kit.sim.state.fulfill(TEST_SHOP, { fulfillmentOrderId: fo.id, lines: [{ id: fo.lineItems[0]!.id, quantity: 2 }] });

    const result = await gateway().removeLineItems({
      orderId: order.id,
      lines: [{ lineItemId: order.lineItems[0]!.id, remove: 2 }],
      staffNote: "Cancelled by the customer",
    });

    expect(result).toEqual({ type: "REJECTED", message: "Quantity cannot be less than the fulfilled quantity of 2." });
    expect(shop().orders.get(order.id)!.lineItems[0]!.currentQuantity).toBe(3);
    expect(shop().orders.get(order.id)!.refunds).toEqual([]);
  });

  it("is REJECTED for a cancelled order, and for a shop that has not granted write_order_edits", async () => {
    const order = placeOrder();
    const lines = [{ lineItemId: order.lineItems[0]!.id, remove: 1 }];
    const previous = kit.sim.tokens.grantScopes(TEST_SHOP, "read_orders,write_orders");
    try {
      const token = kit.sim.tokens.issue(TEST_SHOP).access_token as string;
      const denied = await gateway(token).removeLineItems({ orderId: order.id, lines, staffNote: "" });
      expect(denied).toMatchObject({ type: "REJECTED", message: expect.stringContaining("write_order_edits") });
    } finally {
      kit.sim.tokens.grantScopes(TEST_SHOP, previous);
    }

    kit.sim.state.cancelOrder(TEST_SHOP, { orderId: order.id });
    const refused = await gateway().removeLineItems({ orderId: order.id, lines, staffNote: "" });
    expect(refused).toEqual({ type: "REJECTED", message: "The order has been canceled and cannot be edited." });
  });
});

describe("cancelOrder", () => {
  it("cancels the order: restocked, refunded in full, its fulfillment orders closed", async () => {
    const order = placeOrder();
    const before = warehouse("GREEN-MUG");

    const topics = await topicsWhile(async () => {
      expect(await gateway().cancelOrder({ orderId: order.id, staffNote: "The customer cancelled" })).toEqual({ type: "CANCELLED" });
    });

    expect(topics.slice(0, 2)).toEqual(["orders/cancelled", "orders/updated"]);
    const after = shop().orders.get(order.id)!;
    expect(after.cancelledAt).not.toBeNull();
    expect(after.cancelReason).toBe("CUSTOMER");
    expect(after.refunds.map((r) => r.amount)).toEqual([5300]);
    expect(kit.sim.state.fulfillmentOrdersOf(shop(), order.id).map((fo) => fo.status)).toEqual(["CLOSED"]);
    expect(warehouse("GREEN-MUG")).toMatchObject({ available: before.available + 3, committed: before.committed - 3 });
  });

  it("is REJECTED for an order already cancelled", async () => {
    const order = placeOrder();
    await gateway().cancelOrder({ orderId: order.id, staffNote: "" });
    expect(await gateway().cancelOrder({ orderId: order.id, staffNote: "" })).toEqual({
      type: "REJECTED",
      message: "Order has already been cancelled",
    });
  });
});

describe("the order snapshot", () => {
  it("carries the order's email, the customer's locale and first name", async () => {
    const order = placeOrder();
    const snapshot = await gateway().orderForBackorders(order.id);
    expect(snapshot).toMatchObject({
      email: "marie@example.com",
      customerLocale: "fr",
      customerFirstName: "Marie",
      customerName: "Marie Curie",
    });

    const listed: unknown[] = [];
    for await (const open of gateway().openOrders()) if (open.orderId === order.id) listed.push(open);
    expect(listed).toEqual([expect.objectContaining({ email: "marie@example.com", customerLocale: "fr", customerFirstName: "Marie" })]);
  });

  it("keeps every query the app sends under Shopify's 1000-point limit", () => {
    const schema = loadAdminSchema();
    for (const [name, source] of Object.entries(adminOperations)) {
      const cost = calculateQueryCost({ schema, document: parse(source) });
      expect(cost, name).toBeLessThanOrEqual(SINGLE_QUERY_MAX_COST);
    }
  });
});

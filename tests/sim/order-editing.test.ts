/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
// Order editing, refunds and cancellation through the Admin API, with
// Shopify's rules: what moves on the order, its fulfillment orders and stock,
// the userErrors, and the webhooks (checked against Shopify's schemas).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimEvent } from "../../sim/state/sim-state";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";
import { schemaErrors } from "../support/webhook-schemas";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.sim.close());

const BEGIN = `mutation Begin($id: ID!) {
  orderEditBegin(id: $id) {
    calculatedOrder { id originalOrder { id } lineItems(first: 10) { nodes { id quantity editableQuantity sku } } }
    orderEditSession { id }
    userErrors { field message }
  }
}`;
const SET_QUANTITY = `mutation Set($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
  orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
    calculatedLineItem { id quantity restocking }
    calculatedOrder { totalOutstandingSet { shopMoney { amount } } }
    userErrors { field message }
  }
}`;
const COMMIT = `mutation Commit($id: ID!, $staffNote: String) {
  orderEditCommit(id: $id, notifyCustomer: false, staffNote: $staffNote) {
    order { id totalOutstandingSet { shopMoney { amount currencyCode } } currentTotalPriceSet { shopMoney { amount } } }
    userErrors { field message }
  }
}`;
const REFUND = `mutation Refund($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id note totalRefundedSet { shopMoney { amount } } transactions(first: 5) { nodes { kind gateway amountSet { shopMoney { amount } } } } }
    userErrors { field message }
  }
}`;
const CANCEL = `mutation Cancel($orderId: ID!, $restock: Boolean!, $refundMethod: OrderCancelRefundMethodInput) {
  orderCancel(orderId: $orderId, reason: CUSTOMER, refundMethod: $refundMethod, restock: $restock, notifyCustomer: false, staffNote: "asked by the customer") {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;
const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    email customerLocale cancelledAt cancelReason displayFinancialStatus
    customer { firstName }
    totalOutstandingSet { shopMoney { amount } }
    totalRefundedSet { shopMoney { amount } }
    currentTotalPriceSet { shopMoney { amount } }
    refunds { id totalRefundedSet { shopMoney { amount } } }
    lineItems(first: 10) { nodes { id sku quantity currentQuantity } }
    fulfillmentOrders(first: 10) { nodes { id status lineItems(first: 10) { nodes { totalQuantity remainingQuantity } } } }
  }
}`;

/** Blue mugs (12.00, CONTINUE) and a teapot (30.00), from the Warehouse. */
const placeOrder = (blue = 3) =>
  kit.sim.state.placeOrder(TEST_SHOP, {
    customer: { email: "ada@example.com" },
    customerLocale: "fr",
    locationId: kit.location("Warehouse"),
    lines: [
      { sku: "MUG-BLUE", quantity: blue },
      { sku: "TEAPOT", quantity: 1 },
    ],
  });

/** The Warehouse's quantities of a SKU now (a copy). */
const available = (sku: string) => ({
  ...kit.sim.state.findLevel(kit.sim.state.shop(TEST_SHOP), kit.variant(sku).inventoryItemId, kit.location("Warehouse"))!.quantities,
});

const REFUND_TO_CARD = { originalPaymentMethodsRefund: true };

async function eventsWhile(work: () => Promise<unknown>): Promise<SimEvent[]> {
  const events: SimEvent[] = [];
  const stop = kit.sim.state.onEvent((event) => events.push(event));
  try {
    await work();
  } finally {
    stop();
  }
  return events;
}

function expectValidPayloads(events: SimEvent[]) {
  for (const event of events) expect(schemaErrors(event.topic, event.payload), `${event.topic} against its schema`).toEqual([]);
}

/** Begins an edit and stages `quantity` on the blue mug line. */
async function stageBlue(orderId: string, quantity: number, restock = true) {
  const begun = (await kit.gql(BEGIN, { id: orderId })).data.orderEditBegin;
  const line = begun.calculatedOrder.lineItems.nodes.find((l: any) => l.sku === "MUG-BLUE");
  const set = (await kit.gql(SET_QUANTITY, { id: begun.calculatedOrder.id, lineItemId: line.id, quantity, restock })).data
    .orderEditSetQuantity;
  return { calculatedOrderId: begun.calculatedOrder.id as string, lineId: line.id as string, set };
}

describe("order editing", () => {
  it("begins an edit with a CalculatedOrder over the order's lines", async () => {
    const order = placeOrder();
    const { data } = await kit.gql(BEGIN, { id: order.id });
    expect(data.orderEditBegin.userErrors).toEqual([]);
    expect(data.orderEditBegin.calculatedOrder.id).toMatch(/^gid:\/\/shopify\/CalculatedOrder\/\d+$/);
    expect(data.orderEditBegin.orderEditSession.id).toMatch(/^gid:\/\/shopify\/OrderEditSession\/\d+$/);
    expect(data.orderEditBegin.calculatedOrder.originalOrder).toEqual({ id: order.id });
    const lines = data.orderEditBegin.calculatedOrder.lineItems.nodes;
    expect(lines.map((l: any) => [l.sku, l.quantity, l.editableQuantity])).toEqual([
      ["MUG-BLUE", 3, 3],
      ["TEAPOT", 1, 1],
    ]);
    for (const l of lines) expect(l.id).toMatch(/^gid:\/\/shopify\/CalculatedLineItem\/\d+$/);
  });

  it("commits a lower quantity: currentQuantity drops, quantity stays as ordered, the units are restocked and the customer is owed the difference", async () => {
    const order = placeOrder();
    const before = available("MUG-BLUE");
    const { calculatedOrderId, set } = await stageBlue(order.id, 1);
    expect(set.userErrors).toEqual([]);
    expect(set.calculatedLineItem).toMatchObject({ quantity: 1, restocking: true });
    expect(set.calculatedOrder.totalOutstandingSet.shopMoney.amount).toBe("-24.00");

    const events = await eventsWhile(async () => {
      const commit = (await kit.gql(COMMIT, { id: calculatedOrderId, staffNote: "customer cancelled 2 mugs" })).data.orderEditCommit;
      expect(commit.userErrors).toEqual([]);
      expect(commit.order.totalOutstandingSet.shopMoney).toEqual({ amount: "-24.00", currencyCode: "USD" });
      expect(commit.order.currentTotalPriceSet.shopMoney.amount).toBe("42.00");
    });
    expect(events.map((e) => e.topic)).toEqual(["orders/edited", "orders/updated", "inventory_levels/update"]);
    expectValidPayloads(events);
    const edited = events[0]!.payload.order_edit as any;
    expect(edited.line_items.removals).toEqual([{ id: Number(order.lineItems[0]!.id.split("/").pop()), delta: 2 }]);
    expect(edited.staff_note).toBe("customer cancelled 2 mugs");
    expect((events[1]!.payload as any).total_outstanding).toBe("-24.00");

    const read = (await kit.gql(ORDER, { id: order.id })).data.order;
    expect(read.lineItems.nodes[0]).toMatchObject({ sku: "MUG-BLUE", quantity: 3, currentQuantity: 1 });
    expect(read.fulfillmentOrders.nodes[0].lineItems.nodes[0]).toEqual({ totalQuantity: 1, remainingQuantity: 1 });
    expect(available("MUG-BLUE")).toMatchObject({ available: before.available + 2, committed: before.committed - 2 });
  });

  it("takes removed units from held fulfillment orders too, closes one left empty, and leaves stock alone without restock", async () => {
    const order = placeOrder(2);
    const [fo] = kit.sim.state.fulfillmentOrdersOf(kit.sim.state.shop(TEST_SHOP), order.id);
    const blueLine = fo!.lineItems[0]!;
    const held = kit.sim.state.hold(TEST_SHOP, "someone", fo!.id, {
      reason: "INVENTORY_OUT_OF_STOCK",
      handle: "bo",
      fulfillmentOrderLineItems: [{ id: blueLine.id, quantity: 2 }],
    });
    expect(held.userErrors).toEqual([]);
    const before = available("MUG-BLUE");
    const { calculatedOrderId } = await stageBlue(order.id, 0, false);
    expect((await kit.gql(COMMIT, { id: calculatedOrderId })).data.orderEditCommit.userErrors).toEqual([]);

    const fos = kit.sim.state.fulfillmentOrdersOf(kit.sim.state.shop(TEST_SHOP), order.id);
    const heldFo = fos.find((f) => f.id === fo!.id)!;
    expect(heldFo.status).toBe("CLOSED");
    expect(heldFo.holds).toEqual([]);
    // The teapot, split off by the partial hold, still ships.
    expect(fos.find((f) => f.id !== fo!.id)!.status).toBe("OPEN");
    // Without restock the units leave committed and do not come back to available.
    expect(available("MUG-BLUE")).toMatchObject({ available: before.available, committed: before.committed - 2 });
  });

  it("refuses raising a quantity, going below what has shipped, another shop's session, and a committed one", async () => {
    const order = placeOrder(2);
    const shop = kit.sim.state.shop(TEST_SHOP);
    const fo = kit.sim.state.fulfillmentOrdersOf(shop, order.id)[0]!;
    kit.sim.state.fulfill(TEST_SHOP, { fulfillmentOrderId: fo.id, lines: [{ id: fo.lineItems[0]!.id, quantity: 1 }] });

    const raised = (await stageBlue(order.id, 3)).set;
    expect(raised.calculatedLineItem).toBeNull();
    expect(raised.userErrors[0].field).toEqual(["quantity"]);
    expect(raised.userErrors[0].message).toMatch(/cannot be increased above the original quantity of 2/);
    const { set: belowShipped, calculatedOrderId } = await stageBlue(order.id, 0);
    expect(belowShipped.userErrors).toEqual([
      { field: ["quantity"], message: "Quantity cannot be less than the fulfilled quantity of 1." },
    ]);

    // Sessions live in their shop: another shop's token does not find this one.
    kit.sim.state.seed("other-shop.myshopify.com", { locations: [{ name: "Warehouse" }] });
    const otherToken = kit.sim.tokens.issue("other-shop.myshopify.com").access_token as string;
    const foreign = (await kit.sim.graphql("other-shop.myshopify.com", otherToken, COMMIT, { id: calculatedOrderId })).body.data;
    expect(foreign.orderEditCommit).toEqual({
      order: null,
      userErrors: [{ field: ["id"], message: "The calculated order does not exist." }],
    });

    expect((await kit.gql(COMMIT, { id: calculatedOrderId })).data.orderEditCommit.userErrors).toEqual([]);
    const again = (await kit.gql(COMMIT, { id: calculatedOrderId })).data.orderEditCommit;
    expect(again.userErrors).toEqual([{ field: ["id"], message: "The order edit has already been committed." }]);
  });

  it("answers ACCESS_DENIED to an edit from a token without write_order_edits", async () => {
    const order = placeOrder(1);
    const previous = kit.sim.tokens.grantScopes(TEST_SHOP, "read_orders,write_orders");
    try {
      const token = kit.sim.tokens.issue(TEST_SHOP).access_token as string;
      const body = (await kit.sim.graphql(TEST_SHOP, token, BEGIN, { id: order.id })).body;
      expect(body.errors[0].extensions.code).toBe("ACCESS_DENIED");
      expect(body.errors[0].message).toContain("write_order_edits");
    } finally {
      kit.sim.tokens.grantScopes(TEST_SHOP, previous);
    }
  });
});

describe("refunds", () => {
  it("refunds what an edit made owed: the order's refunds and totalRefundedSet read it back and nothing is outstanding", async () => {
    const order = placeOrder();
    const { calculatedOrderId } = await stageBlue(order.id, 2);
    await kit.gql(COMMIT, { id: calculatedOrderId });
    const events = await eventsWhile(async () => {
      const refund = (
        await kit.gql(REFUND, {
          input: {
            orderId: order.id,
            note: "1 mug cancelled",
            notify: false,
            refundLineItems: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, restockType: "NO_RESTOCK" }],
            transactions: [{ orderId: order.id, amount: "12.00", gateway: "manual", kind: "REFUND" }],
          },
        })
      ).data.refundCreate;
      expect(refund.userErrors).toEqual([]);
      expect(refund.refund).toMatchObject({
        note: "1 mug cancelled",
        totalRefundedSet: { shopMoney: { amount: "12.00" } },
        transactions: { nodes: [{ kind: "REFUND", gateway: "manual", amountSet: { shopMoney: { amount: "12.00" } } }] },
      });
    });
    expect(events.map((e) => e.topic)).toEqual(["orders/updated"]);
    expectValidPayloads(events);
    const read = (await kit.gql(ORDER, { id: order.id })).data.order;
    expect(read.totalRefundedSet.shopMoney.amount).toBe("12.00");
    expect(read.totalOutstandingSet.shopMoney.amount).toBe("0.00");
    expect(read.refunds).toHaveLength(1);
    expect(read.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
  });

  it("refuses to refund more than the customer paid", async () => {
    const order = placeOrder(1);
    const refund = (
      await kit.gql(REFUND, {
        input: { orderId: order.id, transactions: [{ orderId: order.id, amount: "100.00", gateway: "manual", kind: "REFUND" }] },
      })
    ).data.refundCreate;
    expect(refund.refund).toBeNull();
    expect(refund.userErrors[0].message).toMatch(/greater than net payment received 42.00/);
    expect(kit.sim.state.shop(TEST_SHOP).orders.get(order.id)!.refunds).toEqual([]);
  });
});

describe("orderCancel", () => {
  it("cancels: held fulfillment orders close and their holds go, stock is restocked, the payment refunded, and the webhooks go out", async () => {
    const order = placeOrder(2);
    const shop = kit.sim.state.shop(TEST_SHOP);
    const fo = kit.sim.state.fulfillmentOrdersOf(shop, order.id)[0]!;
    kit.sim.state.hold(TEST_SHOP, "someone", fo.id, { reason: "INVENTORY_OUT_OF_STOCK", handle: "bo" });
    const before = available("MUG-BLUE");
    const events = await eventsWhile(async () => {
      const cancel = (await kit.gql(CANCEL, { orderId: order.id, restock: true, refundMethod: REFUND_TO_CARD })).data.orderCancel;
      expect(cancel.orderCancelUserErrors).toEqual([]);
      expect(cancel.job).toMatchObject({ done: true });
      expect(cancel.job.id).toMatch(/^gid:\/\/shopify\/Job\//);
    });
    expect(events.map((e) => e.topic).slice(0, 2)).toEqual(["orders/cancelled", "orders/updated"]);
    expect(
      events
        .map((e) => e.topic)
        .slice(2)
        .every((t) => t === "inventory_levels/update"),
    ).toBe(true);
    expectValidPayloads(events);
    expect(events[0]!.payload).toMatchObject({ cancel_reason: "customer", financial_status: "refunded", total_outstanding: "0.00" });

    const read = (await kit.gql(ORDER, { id: order.id })).data.order;
    expect(read.cancelledAt).not.toBeNull();
    expect(read.cancelReason).toBe("CUSTOMER");
    expect(read.totalRefundedSet.shopMoney.amount).toBe("54.00");
    expect(read.fulfillmentOrders.nodes.map((f: any) => f.status)).toEqual(["CLOSED"]);
    expect(kit.sim.state.fulfillmentOrdersOf(shop, order.id)[0]!.holds).toEqual([]);
    expect(available("MUG-BLUE")).toMatchObject({ available: before.available + 2, committed: before.committed - 2 });
  });

  it("without refund or restock the customer is still owed and the units leave the shelf count", async () => {
    const order = placeOrder(1);
    const before = available("MUG-BLUE");
    const cancel = (await kit.gql(CANCEL, { orderId: order.id, restock: false, refundMethod: null })).data.orderCancel;
    expect(cancel.orderCancelUserErrors).toEqual([]);
    const read = (await kit.gql(ORDER, { id: order.id })).data.order;
    expect(read.totalRefundedSet.shopMoney.amount).toBe("0.00");
    expect(read.totalOutstandingSet.shopMoney.amount).toBe("-42.00");
    expect(available("MUG-BLUE")).toMatchObject({ available: before.available, committed: before.committed - 1 });
  });

  it("refuses an order already cancelled and a fulfilled one", async () => {
    const cancelled = placeOrder(1);
    await kit.gql(CANCEL, { orderId: cancelled.id, restock: true, refundMethod: REFUND_TO_CARD });
    const again = (await kit.gql(CANCEL, { orderId: cancelled.id, restock: true, refundMethod: REFUND_TO_CARD })).data.orderCancel;
    expect(again).toEqual({
      job: null,
      orderCancelUserErrors: [{ field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" }],
    });

    const shipped = placeOrder(1);
    const shop = kit.sim.state.shop(TEST_SHOP);
    kit.sim.state.fulfill(TEST_SHOP, { fulfillmentOrderId: kit.sim.state.fulfillmentOrdersOf(shop, shipped.id)[0]!.id });
    const refused = (await kit.gql(CANCEL, { orderId: shipped.id, restock: true, refundMethod: REFUND_TO_CARD })).data.orderCancel;
    expect(refused.orderCancelUserErrors).toEqual([{ field: ["orderId"], message: "Cannot cancel a fulfilled order", code: "INVALID" }]);
    expect(shop.orders.get(shipped.id)!.cancelledAt).toBeNull();
  });
});

describe("customer locale", () => {
  it("records the customer's locale and email on the order, in the Admin API and orders/create", async () => {
    const events = await eventsWhile(async () => {
      const order = placeOrder(1);
      const read = (await kit.gql(ORDER, { id: order.id })).data.order;
      expect(read).toMatchObject({ email: "ada@example.com", customerLocale: "fr", customer: { firstName: "Ada" } });
    });
    const created = events.find((e) => e.topic === "orders/create")!;
    expect(created.payload).toMatchObject({ customer_locale: "fr", email: "ada@example.com" });
    expectValidPayloads([created]);
  });
});

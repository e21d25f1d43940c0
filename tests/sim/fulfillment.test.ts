/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimError } from "../../sim/state/errors";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.sim.close());

const LEVEL = `query Level($item: ID!, $loc: ID!) {
  inventoryItem(id: $item) { inventoryLevel(locationId: $loc) { quantities(names: ["available", "committed", "on_hand"]) { name quantity } } }
}`;

async function quantities(sku: string, location = "Warehouse") {
  const body = await kit.gql(LEVEL, { item: kit.variant(sku).inventoryItemId, loc: kit.location(location) });
  expect(body.errors).toBeUndefined();
  return Object.fromEntries(body.data.inventoryItem.inventoryLevel.quantities.map((q: any) => [q.name, q.quantity]));
}

const FO_FIELDS = `id status supportedActions { action }
  lineItems(first: 10) { nodes { id totalQuantity remainingQuantity sku } }
  fulfillmentHolds { id handle reason reasonNotes heldByRequestingApp heldByApp { apiKey } }`;

const HOLD = `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
    fulfillmentHold { id handle }
    fulfillmentOrder { ${FO_FIELDS} }
    remainingFulfillmentOrder { ${FO_FIELDS} }
    userErrors { field message code }
  }
}`;

const RELEASE = `mutation Release($id: ID!, $holdIds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
    fulfillmentOrder { ${FO_FIELDS} }
    userErrors { field message code }
  }
}`;

function placeTwoLineOrder() {
  return kit.sim.state.placeOrder(TEST_SHOP, {
    customer: { email: "ada@example.com" },
    locationId: kit.location("Warehouse"),
    lines: [
      { sku: "MUG-BLUE", quantity: 3 },
      { sku: "TEAPOT", quantity: 1 },
    ],
  });
}

async function fulfillmentOrders(orderId: string) {
  const body = await kit.gql(
    `query($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillmentOrders(first: 10) { nodes { ${FO_FIELDS} } } } }`,
    { id: orderId },
  );
  expect(body.errors).toBeUndefined();
  return body.data.order.fulfillmentOrders.nodes as any[];
}

describe("orders and inventory", () => {
  it("placing an order moves units from available to committed", async () => {
    const before = await quantities("MUG-BLUE");
    kit.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 2 }], locationId: kit.location("Warehouse") });
    const after = await quantities("MUG-BLUE");
    expect(after.available).toBe(before.available - 2);
    expect(after.committed).toBe(before.committed + 2);
    expect(after.on_hand).toBe(before.on_hand);
  });

  it("keeps a line's properties as its customAttributes", async () => {
    const order = kit.sim.state.placeOrder(TEST_SHOP, {
      lines: [
        { sku: "MUG-BLUE", quantity: 1, properties: { Backorder: "ships by 15 March" } },
        { sku: "TEAPOT", quantity: 1 },
      ],
    });
    const body = await kit.gql(
      `query($id: ID!) { order(id: $id) { lineItems(first: 5) { nodes { sku customAttributes { key value } } } } }`,
      {
        id: order.id,
      },
    );
    expect(body.data.order.lineItems.nodes).toEqual([
      { sku: "MUG-BLUE", customAttributes: [{ key: "Backorder", value: "ships by 15 March" }] },
      { sku: "TEAPOT", customAttributes: [] },
    ]);
  });

  it("lets a CONTINUE variant go negative but refuses to oversell a DENY variant", async () => {
    const blue = await quantities("MUG-BLUE");
    kit.sim.state.placeOrder(TEST_SHOP, {
      lines: [{ sku: "MUG-BLUE", quantity: blue.available + 4 }],
      locationId: kit.location("Warehouse"),
    });
    expect((await quantities("MUG-BLUE")).available).toBe(-4);
    const red = await quantities("MUG-RED");
    expect(() =>
      kit.sim.state.placeOrder(TEST_SHOP, {
        lines: [{ sku: "MUG-RED", quantity: red.available + 1 }],
        locationId: kit.location("Warehouse"),
      }),
    ).toThrow(SimError);
    expect(await quantities("MUG-RED")).toEqual(red);
  });

  it("creates one fulfillment order per assigned location", async () => {
    const order = kit.sim.state.placeOrder(TEST_SHOP, {
      lines: [
        { sku: "MUG-BLUE", quantity: 1, locationId: kit.location("Warehouse") },
        { sku: "MUG-BLUE", quantity: 1, locationId: kit.location("Store") },
      ],
    });
    const fos = await fulfillmentOrders(order.id);
    expect(fos).toHaveLength(2);
    expect(fos.every((fo) => fo.status === "OPEN")).toBe(true);
  });

  it("cancelling restocks; receiving adds to available and on_hand; fulfilling removes committed", async () => {
    const start = await quantities("MUG-BLUE");
    const order = kit.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 2 }], locationId: kit.location("Warehouse") });
    kit.sim.state.cancelOrder(TEST_SHOP, { orderId: order.id, restock: true });
    expect(await quantities("MUG-BLUE")).toEqual(start);
    kit.sim.state.receiveStock(TEST_SHOP, { sku: "MUG-BLUE", locationId: kit.location("Warehouse"), quantity: 10 });
    const received = await quantities("MUG-BLUE");
    expect(received).toEqual({ ...start, available: start.available + 10, on_hand: start.on_hand + 10 });
    const shipped = kit.sim.state.placeOrder(TEST_SHOP, {
      lines: [{ sku: "MUG-BLUE", quantity: 1 }],
      locationId: kit.location("Warehouse"),
    });
    const [fo] = await fulfillmentOrders(shipped.id);
    kit.sim.state.fulfill(TEST_SHOP, { fulfillmentOrderId: fo.id });
    const after = await quantities("MUG-BLUE");
    expect(after).toEqual({ available: received.available - 1, committed: received.committed, on_hand: received.on_hand - 1 });
    expect((await fulfillmentOrders(shipped.id))[0].status).toBe("CLOSED");
  });
});

describe("fulfillment holds", () => {
  it("a partial hold splits the fulfillment order and returns the remaining one", async () => {
    const order = placeTwoLineOrder();
    const [fo] = await fulfillmentOrders(order.id);
    const blueLine = fo.lineItems.nodes.find((l: any) => l.sku === "MUG-BLUE");
    const body = await kit.gql(HOLD, {
      id: fo.id,
      hold: {
        reason: "INVENTORY_OUT_OF_STOCK",
        reasonNotes: "Awaiting PO",
        handle: "backorder",
        fulfillmentOrderLineItems: [{ id: blueLine.id, quantity: 2 }],
      },
    });
    const payload = body.data.fulfillmentOrderHold;
    expect(payload.userErrors).toEqual([]);
    expect(payload.fulfillmentOrder.id).toBe(fo.id);
    expect(payload.fulfillmentOrder.status).toBe("ON_HOLD");
    expect(payload.fulfillmentOrder.lineItems.nodes).toEqual([
      { id: blueLine.id, totalQuantity: 2, remainingQuantity: 2, sku: "MUG-BLUE" },
    ]);
    expect(payload.fulfillmentOrder.fulfillmentHolds).toEqual([
      {
        id: payload.fulfillmentHold.id,
        handle: "backorder",
        reason: "INVENTORY_OUT_OF_STOCK",
        reasonNotes: "Awaiting PO",
        heldByRequestingApp: true,
        heldByApp: { apiKey: "test-api-key" },
      },
    ]);
    expect(payload.fulfillmentOrder.supportedActions.map((a: any) => a.action)).toContain("RELEASE_HOLD");
    const rest = payload.remainingFulfillmentOrder;
    expect(rest.status).toBe("OPEN");
    expect(rest.lineItems.nodes.map((l: any) => [l.sku, l.remainingQuantity]).sort()).toEqual([
      ["MUG-BLUE", 1],
      ["TEAPOT", 1],
    ]);
    expect(await fulfillmentOrders(order.id)).toHaveLength(2);
  });

  it("refuses a second hold with the same handle from the same app", async () => {
    const [fo] = await fulfillmentOrders(placeTwoLineOrder().id);
    const first = await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "same" } });
    expect(first.data.fulfillmentOrderHold.userErrors).toEqual([]);
    const second = await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "same" } });
    expect(second.data.fulfillmentOrderHold.fulfillmentHold).toBeNull();
    expect(second.data.fulfillmentOrderHold.userErrors).toEqual([
      {
        field: ["fulfillmentHold", "handle"],
        code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
        message: "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.",
      },
    ]);
  });

  it("refuses a partial hold on a fulfillment order that is already held", async () => {
    const [fo] = await fulfillmentOrders(placeTwoLineOrder().id);
    await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "a" } });
    const line = fo.lineItems.nodes[0];
    const body = await kit.gql(HOLD, {
      id: fo.id,
      hold: { reason: "OTHER", handle: "b", fulfillmentOrderLineItems: [{ id: line.id, quantity: 1 }] },
    });
    expect(body.data.fulfillmentOrderHold.userErrors[0].code).toBe("FULFILLMENT_ORDER_NOT_SPLITTABLE");
  });

  it("allows at most 10 holds per app on one fulfillment order", async () => {
    const [fo] = await fulfillmentOrders(placeTwoLineOrder().id);
    for (let i = 0; i < 10; i++) {
      const ok = await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: `h${i}` } });
      expect(ok.data.fulfillmentOrderHold.userErrors).toEqual([]);
    }
    const body = await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "h10" } });
    expect(body.data.fulfillmentOrderHold.userErrors[0].code).toBe("FULFILLMENT_ORDER_HOLD_LIMIT_REACHED");
  });

  it("releasing one of two holds keeps the order held; releasing the last reopens it", async () => {
    const [fo] = await fulfillmentOrders(placeTwoLineOrder().id);
    const a = (await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "a" } })).data.fulfillmentOrderHold.fulfillmentHold.id;
    const b = (await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER", handle: "b" } })).data.fulfillmentOrderHold.fulfillmentHold.id;
    const first = await kit.gql(RELEASE, { id: fo.id, holdIds: [a] });
    expect(first.data.fulfillmentOrderReleaseHold.userErrors).toEqual([]);
    expect(first.data.fulfillmentOrderReleaseHold.fulfillmentOrder.status).toBe("ON_HOLD");
    expect(first.data.fulfillmentOrderReleaseHold.fulfillmentOrder.fulfillmentHolds.map((h: any) => h.id)).toEqual([b]);
    const last = await kit.gql(RELEASE, { id: fo.id, holdIds: [b] });
    expect(last.data.fulfillmentOrderReleaseHold.fulfillmentOrder.status).toBe("OPEN");
    expect(last.data.fulfillmentOrderReleaseHold.fulfillmentOrder.fulfillmentHolds).toEqual([]);
    expect(last.data.fulfillmentOrderReleaseHold.fulfillmentOrder.supportedActions.map((x: any) => x.action)).toContain(
      "CREATE_FULFILLMENT",
    );
  });

  it("a held fulfillment order cannot be fulfilled", async () => {
    const [fo] = await fulfillmentOrders(placeTwoLineOrder().id);
    await kit.gql(HOLD, { id: fo.id, hold: { reason: "OTHER" } });
    expect(() => kit.sim.state.fulfill(TEST_SHOP, { fulfillmentOrderId: fo.id })).toThrow(/ON_HOLD/);
  });
});

describe("catalogue and inventory mutations", () => {
  it("metafieldsSet writes up to 25 metafields and refuses more", async () => {
    const set = `mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { namespace key value jsonValue } userErrors { field code message elementIndex } } }`;
    const variant = kit.variant("MUG-BLUE").id;
    const ok = await kit.gql(set, { m: [{ ownerId: variant, namespace: "$app", key: "eta", type: "date", value: "2030-01-31" }] });
    expect(ok.data.metafieldsSet.userErrors).toEqual([]);
    expect(ok.data.metafieldsSet.metafields[0]).toMatchObject({ key: "eta", value: "2030-01-31" });
    const read = await kit.gql(`query($id: ID!) { productVariant(id: $id) { metafield(namespace: "$app", key: "eta") { value type } } }`, {
      id: variant,
    });
    expect(read.data.productVariant.metafield).toEqual({ value: "2030-01-31", type: "date" });
    const many = Array.from({ length: 26 }, (_, i) => ({
      ownerId: variant,
      namespace: "$app",
      key: `k${i}`,
      type: "number_integer",
      value: String(i),
    }));
    const refused = await kit.gql(set, { m: many });
    expect(refused.data.metafieldsSet.metafields).toBeNull();
    expect(refused.data.metafieldsSet.userErrors[0]).toMatchObject({ field: ["metafields"], code: "LESS_THAN_OR_EQUAL_TO" });
    const bad = await kit.gql(set, { m: [{ ownerId: variant, namespace: "$app", key: "count", type: "number_integer", value: "x" }] });
    expect(bad.data.metafieldsSet.userErrors[0]).toMatchObject({
      field: ["metafields", "0", "value"],
      code: "INVALID_VALUE",
      elementIndex: 0,
    });
  });

  it("productVariantsBulkUpdate switches inventoryPolicy", async () => {
    const red = kit.variant("MUG-RED").id;
    const product = kit.sim.state.shop(TEST_SHOP).variants.get(red)!.productId;
    const body = await kit.gql(
      `mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { productVariants { id inventoryPolicy } userErrors { field code message } } }`,
      { p: product, v: [{ id: red, inventoryPolicy: "CONTINUE" }] },
    );
    expect(body.data.productVariantsBulkUpdate).toEqual({ productVariants: [{ id: red, inventoryPolicy: "CONTINUE" }], userErrors: [] });
    kit.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-RED", quantity: 50 }], locationId: kit.location("Warehouse") });
    expect((await quantities("MUG-RED")).available).toBeLessThan(0);
  });

  it("inventoryAdjustQuantities adjusts available and reports the on_hand change", async () => {
    const before = await quantities("MUG-BLUE", "Store");
    const { inventoryItemId } = kit.variant("MUG-BLUE");
    const body = await kit.gql(
      `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) {
        inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } } userErrors { field code message } } }`,
      {
        input: {
          name: "available",
          reason: "received",
          changes: [{ inventoryItemId, locationId: kit.location("Store"), delta: 7, changeFromQuantity: before.available }],
        },
      },
    );
    expect(body.data.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(body.data.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: "available", delta: 7, quantityAfterChange: before.available + 7 },
      { name: "on_hand", delta: 7, quantityAfterChange: before.on_hand + 7 },
    ]);
    const stale = await kit.gql(
      `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { code } } }`,
      {
        input: {
          name: "available",
          reason: "received",
          changes: [{ inventoryItemId, locationId: kit.location("Store"), delta: 1, changeFromQuantity: before.available }],
        },
      },
    );
    expect(stale.data.inventoryAdjustQuantities.userErrors).toEqual([{ code: "CHANGE_FROM_QUANTITY_STALE" }]);
  });

  it("inventorySetQuantities sets on_hand through available and insists on changeFromQuantity", async () => {
    const { inventoryItemId } = kit.variant("TEAPOT");
    const locationId = kit.location("Store");
    const before = await quantities("TEAPOT", "Store");
    const SETQ = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
      inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { field code message } } }`;
    const ok = await kit.gql(SETQ, {
      input: {
        name: "on_hand",
        reason: "correction",
        quantities: [{ inventoryItemId, locationId, quantity: before.on_hand + 3, changeFromQuantity: before.on_hand }],
      },
    });
    expect(ok.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(await quantities("TEAPOT", "Store")).toEqual({ ...before, available: before.available + 3, on_hand: before.on_hand + 3 });
    const missing = await kit.gql(SETQ, {
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId, locationId, quantity: 1 }] },
    });
    expect(missing.data.inventorySetQuantities.userErrors[0].field).toEqual(["input", "quantities", "0", "changeFromQuantity"]);
  });
});

describe("lookups", () => {
  it("resolves nodes by GID and refuses search terms it does not implement", async () => {
    const order = placeTwoLineOrder();
    const body = await kit.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Order { name customer { email tags } } } }`, {
      ids: [order.id, kit.variant("TEAPOT").id, "gid://shopify/Order/999999"],
    });
    expect(body.data.nodes).toEqual([
      { __typename: "Order", id: order.id, name: order.name, customer: { email: "ada@example.com", tags: ["vip"] } },
      { __typename: "ProductVariant", id: kit.variant("TEAPOT").id },
      null,
    ]);
    const byName = await kit.gql(`query($q: String) { orders(first: 5, query: $q) { nodes { id } } }`, { q: `name:${order.name}` });
    expect(byName.data.orders.nodes).toEqual([{ id: order.id }]);
    const unsupported = await kit.gql(`{ orders(first: 5, query: "financial_status:paid") { nodes { id } } }`);
    expect(unsupported.errors[0].extensions.code).toBe("SIMULATOR_NOT_IMPLEMENTED");
  });
});

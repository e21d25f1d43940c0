import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";
import { validatorFor } from "../support/webhook-schemas";

interface Received {
  headers: Record<string, string>;
  raw: Buffer;
}

// A minimal app: it records every webhook request as received.
let received: Received[] = [];
let receiver: Server;
let kit: Kit;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, raw: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  kit = await startKit({ appUrl, webhooks: true });
  await kit.sim.webhooks.idle();
});
beforeEach(async () => {
  await kit.sim.webhooks.idle();
  received = [];
});
afterAll(async () => {
  await kit.sim.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const HOLD = `mutation($id: ID!) { fulfillmentOrderHold(id: $id, fulfillmentHold: { reason: INVENTORY_OUT_OF_STOCK, reasonNotes: "PO 12", handle: "bo" }) { fulfillmentHold { id } userErrors { code } } }`;
const RELEASE = `mutation($id: ID!, $h: [ID!]) { fulfillmentOrderReleaseHold(id: $id, holdIds: $h) { userErrors { code } } }`;

const topicsOf = (list: Received[]) => list.map((r) => r.headers["x-shopify-topic"]);

describe("webhook delivery", () => {
  it("emits each subscribed topic with Shopify's headers, a correct HMAC and a schema-valid body", async () => {
    const state = kit.sim.state;
    const order = state.placeOrder(TEST_SHOP, {
      customer: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
      lines: [{ sku: "MUG-BLUE", quantity: 2, properties: { Backorder: "ships by 15 March", _backorder_eta: "2027-03-15" } }],
    });
    state.editOrder(TEST_SHOP, {
      orderId: order.id,
      setQuantities: [{ lineItemId: order.lineItems[0]!.id, quantity: 3 }],
      addLines: [{ sku: "TEAPOT", quantity: 1 }],
    });
    const fo = state.fulfillmentOrdersOf(state.shop(TEST_SHOP), order.id)[0]!;
    const hold = await kit.gql(HOLD, { id: fo.id });
    await kit.gql(RELEASE, { id: fo.id, h: [hold.data.fulfillmentOrderHold.fulfillmentHold.id] });
    state.receiveStock(TEST_SHOP, { sku: "MUG-RED", quantity: 4 });
    state.fulfill(TEST_SHOP, { fulfillmentOrderId: fo.id });
    const other = state.placeOrder(TEST_SHOP, { customer: { email: "ada@example.com" }, lines: [{ sku: "TEAPOT", quantity: 1 }] });
    state.cancelOrder(TEST_SHOP, { orderId: other.id });
    const red = kit.variant("MUG-RED").id;
    await kit.gql(
      `mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { code } } }`,
      {
        p: state.shop(TEST_SHOP).variants.get(red)!.productId,
        v: [{ id: red, inventoryPolicy: "CONTINUE" }],
      },
    );
    await kit.sim.webhooks.idle();

    const topics = new Set(topicsOf(received));
    for (const t of [
      "orders/create",
      "orders/updated",
      "orders/edited",
      "orders/cancelled",
      "inventory_levels/update",
      "products/update",
      "fulfillment_holds/released",
    ]) {
      expect(topics, t).toContain(t);
    }
    // Only subscribed topics are delivered.
    expect(topics).not.toContain("orders/fulfilled");
    expect(topics).not.toContain("fulfillment_holds/added");

    for (const r of received) {
      const topic = r.headers["x-shopify-topic"]!;
      const expected = createHmac("sha256", TEST_SECRET).update(r.raw).digest();
      expect(timingSafeEqual(Buffer.from(r.headers["x-shopify-hmac-sha256"]!, "base64"), expected), `HMAC of ${topic}`).toBe(true);
      expect(r.headers["x-shopify-shop-domain"]).toBe(TEST_SHOP);
      expect(r.headers["x-shopify-api-version"]).toBe("2026-10");
      expect(r.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers["x-shopify-event-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(r.headers["x-shopify-triggered-at"]!))).toBe(false);
      const validate = validatorFor(topic);
      const body = JSON.parse(r.raw.toString("utf8"));
      expect(validate(body) ? [] : validate.errors, `${topic} body against its schema`).toEqual([]);
    }
    const released = JSON.parse(received.find((r) => r.headers["x-shopify-topic"] === "fulfillment_holds/released")!.raw.toString());
    expect(released.fulfillment_hold).toMatchObject({ handle: "bo", reason: "inventory_out_of_stock", held_by_requesting_app: true });
    const created = JSON.parse(received.find((r) => r.headers["x-shopify-topic"] === "orders/create")!.raw.toString());
    expect(created).toMatchObject({ admin_graphql_api_id: order.id, name: order.name, line_items: [{ sku: "MUG-BLUE", quantity: 2 }] });
    expect(created.line_items[0].properties).toEqual([
      { name: "Backorder", value: "ships by 15 March" },
      { name: "_backorder_eta", value: "2027-03-15" },
    ]);
  });

  it("delivers compliance topics on request", async () => {
    const payload = {
      shop_id: 1,
      shop_domain: TEST_SHOP,
      customer: { id: 2, email: "ada@example.com", phone: "555-0100" },
      orders_to_redact: [3],
    };
    await kit.sim.webhooks.deliverTopic(TEST_SHOP, "customers/redact", payload);
    expect(topicsOf(received)).toEqual(["customers/redact"]);
    expect(JSON.parse(received[0]!.raw.toString())).toEqual(payload);
    const validate = validatorFor("customers/redact");
    expect(validate(payload) ? [] : validate.errors).toEqual([]);
  });

  it("duplicates, drops, reorders and delays deliveries on request", async () => {
    const state = kit.sim.state;
    kit.sim.webhooks.injectFaults([{ kind: "duplicate", topic: "orders/create" }]);
    state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 1 }] });
    await kit.sim.webhooks.idle();
    const creates = received.filter((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(creates).toHaveLength(2);
    expect(creates[0]!.headers["x-shopify-webhook-id"]).toBe(creates[1]!.headers["x-shopify-webhook-id"]);
    expect(creates[0]!.raw.equals(creates[1]!.raw)).toBe(true);

    received = [];
    kit.sim.webhooks.injectFaults([{ kind: "drop", topic: "orders/create" }]);
    state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 1 }] });
    await kit.sim.webhooks.idle();
    expect(topicsOf(received)).not.toContain("orders/create");
    expect(kit.sim.webhooks.deliveries.some((d) => d.fault === "drop" && d.topic === "orders/create")).toBe(true);

    received = [];
    kit.sim.webhooks.injectFaults([{ kind: "reorder", topic: "orders/create" }]);
    state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 1 }] });
    await kit.sim.webhooks.idle();
    expect(topicsOf(received)[0]).toBe("inventory_levels/update");
    expect(topicsOf(received).indexOf("orders/create")).toBe(1);

    received = [];
    kit.sim.webhooks.injectFaults([{ kind: "delay", topic: "orders/create", ms: 50 }]);
    state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 1 }] });
    await kit.sim.webhooks.idle();
    expect(topicsOf(received).at(-1)).toBe("orders/create");
    expect(topicsOf(received)).toHaveLength(3);
  });
});

// Last in this file: uninstalling revokes the token the other tests use.
describe("app lifecycle", () => {
  it("sends app/scopes_update when the merchant grants scopes, and new tokens carry them", async () => {
    const configured = kit.sim.tokens.scopeOf(TEST_SHOP).split(",");
    await kit.sim.grantScopes(TEST_SHOP, [...configured, "read_returns"]);
    await kit.sim.webhooks.idle();
    expect(topicsOf(received)).toEqual(["app/scopes_update"]);
    const body = JSON.parse(received[0]!.raw.toString());
    const validate = validatorFor("app/scopes_update");
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    expect(body).toMatchObject({
      previous: configured,
      current: [...configured, "read_returns"],
      shop_id: kit.sim.state.shop(TEST_SHOP).id,
    });
    expect(kit.sim.tokens.issue(TEST_SHOP).scope).toBe([...configured, "read_returns"].join(","));
  });

  it("sends app/uninstalled with the shop when the merchant uninstalls, then refuses its tokens and sends none of its events until a new install", async () => {
    const other = "other-shop.myshopify.com";
    kit.sim.state.seed(other, { locations: [{ name: "Warehouse" }] });
    const otherToken = kit.sim.tokens.issue(other).access_token as string;
    expect((await kit.sim.graphql(TEST_SHOP, kit.token, "{ shop { name } }")).status).toBe(200);

    await kit.sim.uninstall(TEST_SHOP);
    await kit.sim.webhooks.idle();
    expect((await kit.sim.graphql(TEST_SHOP, kit.token, "{ shop { name } }")).status).toBe(401);
    expect((await kit.sim.graphql(other, otherToken, "{ shop { name } }")).status).toBe(200);
    expect(topicsOf(received)).toEqual(["app/uninstalled"]);
    expect(received[0]!.headers["x-shopify-shop-domain"]).toBe(TEST_SHOP);
    const body = JSON.parse(received[0]!.raw.toString());
    const validate = validatorFor("app/uninstalled");
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    expect(body).toMatchObject({ myshopify_domain: TEST_SHOP, name: kit.sim.state.shop(TEST_SHOP).name });

    // Uninstalled, the shop's events go nowhere; a new token installs the app again.
    received = [];
    kit.sim.state.receiveStock(TEST_SHOP, { sku: "MUG-BLUE", quantity: 1 });
    await kit.sim.webhooks.idle();
    expect(received).toEqual([]);
    kit.sim.tokens.issue(TEST_SHOP);
    kit.sim.state.receiveStock(TEST_SHOP, { sku: "MUG-BLUE", quantity: 1 });
    await kit.sim.webhooks.idle();
    expect(topicsOf(received)).toEqual(["inventory_levels/update"]);
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_API_KEY, TEST_SECRET } from "../support/constants";
import { SEED, startKit, type Kit } from "../support/sim-kit";

import { verifySessionToken } from "../../sim/auth";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.sim.close());

const SHOP2 = "control-api.myshopify.com";

async function call(method: "GET" | "POST", path: string, body?: unknown) {
  const res = await fetch(`${kit.sim.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("control API", () => {
  it("seeds a shop and acts in it: place, edit, cancel, receive, fulfil", async () => {
    const seeded = await call("POST", `/_sim/shops/${SHOP2}/seed`, SEED);
    expect(seeded.status).toBe(200);
    expect(seeded.body.locations.map((l: any) => l.name)).toEqual(["Warehouse", "Store"]);
    const warehouse = seeded.body.locations[0].id;

    const placed = await call("POST", `/_sim/shops/${SHOP2}/orders`, {
      customer: { email: "ada@example.com" },
      locationId: warehouse,
      lines: [{ sku: "MUG-BLUE", quantity: 2 }],
    });
    expect(placed.status).toBe(200);
    expect(placed.body.fulfillmentOrders).toHaveLength(1);
    const line = placed.body.lineItems[0].id;

    const edited = await call("POST", `/_sim/shops/${SHOP2}/orders/edit`, {
      orderId: placed.body.id,
      setQuantities: [{ lineItemId: line, quantity: 1 }],
      addLines: [{ sku: "TEAPOT", quantity: 1 }],
    });
    expect(edited.body.lineItems.map((l: any) => [l.sku, l.currentQuantity])).toEqual([
      ["MUG-BLUE", 1],
      ["TEAPOT", 1],
    ]);
    expect(edited.body.fulfillmentOrders).toHaveLength(2);

    const received = await call("POST", `/_sim/shops/${SHOP2}/inventory/receive`, { sku: "MUG-RED", quantity: 3, locationId: warehouse });
    expect(received.body.quantities).toMatchObject({ available: 5, on_hand: 5 });

    const fo = edited.body.fulfillmentOrders[0].id;
    const fulfilled = await call("POST", `/_sim/shops/${SHOP2}/fulfillment-orders/fulfill`, { fulfillmentOrderId: fo });
    expect(fulfilled.body.order.fulfillmentOrders[0].status).toBe("CLOSED");

    const cancelled = await call("POST", `/_sim/shops/${SHOP2}/orders/cancel`, { orderId: placed.body.id });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    expect(cancelled.body.fulfillmentOrders.map((f: any) => f.status)).toEqual(["CLOSED", "CLOSED"]);

    const state = await call("GET", `/_sim/shops/${SHOP2}/state`);
    const blue = state.body.products[0].variants[0].levels.find((l: any) => l.locationId === warehouse);
    // 5 seeded, 2 ordered, 1 removed by the edit, 1 shipped.
    expect(blue).toMatchObject({ available: 4, committed: 0, on_hand: 4 });
  });

  it("answers a refused action with 422 and the reason", async () => {
    const res = await call("POST", `/_sim/shops/${SHOP2}/orders`, { lines: [{ sku: "MUG-RED", quantity: 99 }] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/Not enough stock for MUG-RED/);
  });

  it("issues access tokens and session tokens", async () => {
    const token = await call("POST", `/_sim/shops/${SHOP2}/tokens`, {});
    expect((await kit.sim.graphql(SHOP2, token.body.access_token, "{ shop { myshopifyDomain } }")).body.data.shop.myshopifyDomain).toBe(
      SHOP2,
    );
    const session = await call("POST", "/_sim/session-token", { shop: SHOP2, userId: 5 });
    expect(verifySessionToken(session.body.token, { apiKey: TEST_API_KEY, apiSecret: TEST_SECRET }).sub).toBe("5");
  });

  it("grants scopes and uninstalls: new tokens carry the scopes, and an uninstall refuses the shop's tokens", async () => {
    const token = (await call("POST", `/_sim/shops/${SHOP2}/tokens`, {})).body.access_token;
    const granted = await call("POST", `/_sim/shops/${SHOP2}/scopes`, { scopes: ["read_orders", "read_products"] });
    expect(granted.body).toEqual({ scope: "read_orders,read_products" });
    expect((await call("POST", `/_sim/shops/${SHOP2}/scopes`, { scopes: "read_orders" })).status).toBe(422);
    expect((await call("POST", `/_sim/shops/${SHOP2}/tokens`, {})).body.scope).toBe("read_orders,read_products");

    expect((await call("POST", `/_sim/shops/${SHOP2}/uninstall`)).status).toBe(200);
    expect((await kit.sim.graphql(SHOP2, token, "{ shop { name } }")).status).toBe(401);
  });
});

describe("CLI", () => {
  it("acts on a running simulator through the control API", async () => {
    const require = createRequire(import.meta.url);
    const viteNode = require.resolve("vite-node/vite-node.mjs");
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [viteNode, "--config", "scripts/vite-node.config.ts", "sim/cli.ts", "--", ...args], {
        env: { ...process.env, SIM_URL: kit.sim.url },
      });
    const { stdout } = await run("order", "--shop", SHOP2, "--line", "TEAPOT:2", "--email", "cli@example.com");
    const order = JSON.parse(stdout);
    expect(order.lineItems).toEqual([expect.objectContaining({ sku: "TEAPOT", quantity: 2 })]);
    const state = JSON.parse((await run("state", "--shop", SHOP2)).stdout);
    expect(state.orders.map((o: any) => o.id)).toContain(order.id);
  });
});

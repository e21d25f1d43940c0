// The Shopify gateway against the simulator over real HTTP: holds, releases,
// snapshots, inventory, metafields and policies, throttling, retries and
// terminal errors. Nothing inside the app is replaced; a stub HTTP server
// stands between gateway and simulator only to answer 502.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError, isTerminal } from "~/errors";
import { AdminApiError, AdminGraphQLClient, shopifyFetch, ShopifyUnavailableError, type ThrottleStates } from "~/shopify/client.server";
import { createGateway, type GatewayOptions } from "~/shopify/gateway.server";
import type { OrderSnapshot } from "~/shopify/snapshots";
import { startSimulator } from "../../sim/server";
import { legacyId } from "../../sim/state/ids";
import { TEST_SHOP } from "../support/constants";
import { SEED, startKit, type Kit } from "../support/sim-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
  kit.sim.state.seed(TEST_SHOP, {
    products: [
      { title: "Green Mug", variants: [{ sku: "GREEN-MUG", price: "12.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 50 } }] },
      { title: "Plate", variants: [{ sku: "PLATE", price: "8.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 50 } }] },
      { title: "Kettle", variants: [{ sku: "KETTLE", price: "40.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 4, Store: 1 } }] },
    ],
  });
});
afterAll(() => kit.sim.close());

const noSleep = async () => {};

// The kit's bucket, as the process would know it; simulators started by other tests have their own.
const kitThrottle: ThrottleStates = new Map();

/** A gateway to the kit's shop, as the app makes one per job. */
function gateway(options: Partial<GatewayOptions> = {}) {
  return createGateway({
    shop: TEST_SHOP,
    accessToken: kit.token,
    fetch: shopifyFetch(kit.sim.url),
    throttleStates: kitThrottle,
    ...options,
  });
}

function placeOrder() {
  return kit.sim.state.placeOrder(TEST_SHOP, {
    customer: { email: "grace@example.com", tags: ["vip", "wholesale"] },
    customerLocale: "de",
    locationId: kit.location("Warehouse"),
    lines: [
      // The badge's properties: the date the product page showed, kept; the words, not read.
      { sku: "GREEN-MUG", quantity: 2, properties: { Backorder: "Backorder: ships by 1 May", _backorder_eta: "2030-05-01" } },
      { sku: "PLATE", quantity: 1 },
    ],
  });
}

async function snapshotOf(orderId: string) {
  const snapshot = await gateway().orderForBackorders(orderId);
  if (!snapshot) throw new Error(`no order ${orderId}`);
  return snapshot;
}

const lineOf = (snapshot: Awaited<ReturnType<typeof snapshotOf>>, sku: string) =>
  snapshot.fulfillmentOrders
    .flatMap((fo) => fo.lines.map((line) => ({ ...line, fo })))
    .find((line) => line.variantId === kit.variant(sku).id)!;

describe("holds and releases", () => {
  it("a partial hold splits the fulfillment order and returns both, as a read of the order shows them", async () => {
    const order = placeOrder();
    const before = await snapshotOf(order.id);
    const blue = lineOf(before, "GREEN-MUG");

    const result = await gateway().holdLines({
      fulfillmentOrderId: blue.fo.id,
      handle: "backorder",
      reasonNotes: "Waiting for stock",
      lineItems: [{ id: blue.id, quantity: 2 }],
    });

    expect(result).toMatchObject({
      type: "HELD",
      holdId: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentHold\//),
      heldFulfillmentOrderId: blue.fo.id,
      remainingFulfillmentOrderId: expect.any(String),
    });
    if (result.type !== "HELD") return;
    const after = await snapshotOf(order.id);
    const held = after.fulfillmentOrders.find((fo) => fo.id === result.heldFulfillmentOrderId)!;
    const remaining = after.fulfillmentOrders.find((fo) => fo.id === result.remainingFulfillmentOrderId)!;
    expect(held.status).toBe("ON_HOLD");
    expect(held.holds).toEqual([{ id: result.holdId, handle: "backorder", reason: "INVENTORY_OUT_OF_STOCK", mine: true }]);
    expect(held.lines.map((l) => l.variantId)).toEqual([kit.variant("GREEN-MUG").id]);
    expect(remaining.status).toBe("OPEN");
    expect(remaining.lines.map((l) => l.variantId)).toEqual([kit.variant("PLATE").id]);
    expect(result.fulfillmentOrders).toEqual([held, remaining]);
  });

  it("a second hold with the same handle is ALREADY_HELD, a partial hold on a held order NOT_SPLITTABLE", async () => {
    const order = placeOrder();
    const blue = lineOf(await snapshotOf(order.id), "GREEN-MUG");
    const first = await gateway().holdLines({
      fulfillmentOrderId: blue.fo.id,
      handle: "backorder",
      reasonNotes: "Waiting for stock",
      lineItems: [{ id: blue.id, quantity: 2 }],
    });
    expect(first.type).toBe("HELD");

    const again = await gateway().holdLines({
      fulfillmentOrderId: blue.fo.id,
      handle: "backorder",
      reasonNotes: "Waiting for stock",
      lineItems: "ALL",
    });
    const partial = await gateway().holdLines({
      fulfillmentOrderId: blue.fo.id,
      handle: "backorder-2",
      reasonNotes: "Waiting for stock",
      lineItems: [{ id: blue.id, quantity: 1 }],
    });

    expect(again).toEqual({ type: "ALREADY_HELD" });
    expect(partial).toEqual({ type: "NOT_SPLITTABLE" });
  });

  it("a hold on the whole fulfillment order does not split it", async () => {
    const order = placeOrder();
    const foId = (await snapshotOf(order.id)).fulfillmentOrders[0]!.id;

    const result = await gateway().holdLines({
      fulfillmentOrderId: foId,
      handle: "backorder",
      reasonNotes: "Ships complete",
      lineItems: "ALL",
    });

    expect(result).toMatchObject({ type: "HELD", heldFulfillmentOrderId: foId, remainingFulfillmentOrderId: null });
  });

  it("releasing the app's hold by id reopens the fulfillment order; releasing it again is NOT_FOUND", async () => {
    const order = placeOrder();
    const foId = (await snapshotOf(order.id)).fulfillmentOrders[0]!.id;
    const held = await gateway().holdLines({
      fulfillmentOrderId: foId,
      handle: "backorder",
      reasonNotes: "Waiting for stock",
      lineItems: "ALL",
    });
    if (held.type !== "HELD") throw new Error(`not held: ${JSON.stringify(held)}`);

    const released = await gateway().releaseHold({ fulfillmentOrderId: foId, holdId: held.holdId });
    const again = await gateway().releaseHold({ fulfillmentOrderId: foId, holdId: held.holdId });

    expect(released).toEqual({ type: "RELEASED" });
    expect(again).toEqual({ type: "NOT_FOUND" });
    const fo = (await snapshotOf(order.id)).fulfillmentOrders.find((f) => f.id === foId)!;
    expect(fo.status).toBe("OPEN");
    expect(fo.holds).toEqual([]);
  });

  it("a merchant's hold shows as not mine, and releasing it is REJECTED", async () => {
    const order = placeOrder();
    const foId = (await snapshotOf(order.id)).fulfillmentOrders[0]!.id;
    const merchant = kit.sim.state.hold(TEST_SHOP, null, foId, { reason: "OTHER", reasonNotes: "Checking the address" }).hold!;

    const fo = (await snapshotOf(order.id)).fulfillmentOrders.find((f) => f.id === foId)!;
    const released = await gateway().releaseHold({ fulfillmentOrderId: foId, holdId: merchant.id });

    expect(fo.holds).toEqual([{ id: merchant.id, handle: "", reason: "OTHER", mine: false }]);
    expect(released).toEqual({ type: "REJECTED", code: "INVALID_ACCESS", message: expect.any(String) });
  });

  it("refuses a handle longer than Shopify's 64 characters before sending", async () => {
    await expect(
      gateway().holdLines({
        fulfillmentOrderId: "gid://shopify/FulfillmentOrder/1",
        handle: "x".repeat(65),
        reasonNotes: "",
        lineItems: "ALL",
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe("reads", () => {
  it("flattens an order into a plain snapshot", async () => {
    const order = placeOrder();

    const snapshot = await snapshotOf(order.id);

    expect(snapshot).toEqual({
      orderId: order.id,
      name: order.name,
      createdAt: order.createdAt,
      cancelledAt: null,
      // The customer has no name: Shopify's displayName falls back to the email.
      customerName: "grace@example.com",
      customerTags: ["vip", "wholesale"],
      email: "grace@example.com",
      customerLocale: "de",
      customerFirstName: null,
      fulfillmentOrders: [
        {
          id: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentOrder\//),
          status: "OPEN",
          requestStatus: "UNSUBMITTED",
          locationId: kit.location("Warehouse"),
          createdAt: expect.any(String),
          supportedActions: expect.arrayContaining(["HOLD"]),
          holds: [],
          lines: ["GREEN-MUG", "PLATE"].map((sku, i) => {
            const variant = kit.sim.state.shop(TEST_SHOP).variants.get(kit.variant(sku).id)!;
            return {
              id: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentOrderLineItem\//),
              lineItemId: order.lineItems[i]!.id,
              variantId: variant.id,
              productId: variant.productId,
              inventoryItemId: variant.inventoryItemId,
              sku,
              inventoryPolicy: variant.inventoryPolicy,
              title: variant.title === "Default Title" ? order.lineItems[i]!.title : `${order.lineItems[i]!.title} - ${variant.title}`,
              totalQuantity: order.lineItems[i]!.quantity,
              remainingQuantity: order.lineItems[i]!.quantity,
              unitPrice: variant.price,
              shownEta: i === 0 ? "2030-05-01" : null,
            };
          }),
        },
      ],
    });
  });

  it("reads an order whole when it has more lines or fulfillment orders than one page", async () => {
    const skus = Array.from({ length: 47 }, (_, i) => `BIG-${i}`);
    kit.sim.state.seed(TEST_SHOP, {
      products: [
        {
          title: "Sampler",
          variants: skus.map((sku) => ({ sku, price: "1.00", inventoryPolicy: "CONTINUE" as const, stock: { Warehouse: 10 } })),
        },
      ],
    });
    const order = kit.sim.state.placeOrder(TEST_SHOP, {
      locationId: kit.location("Warehouse"),
      lines: skus.map((sku) => ({ sku, quantity: 1 })),
    });
    // Each partial hold splits the rest off into a new fulfillment order: 7 in all, the last with 41 lines.
    for (let i = 0; i < 6; i += 1) {
      const open = (await snapshotOf(order.id)).fulfillmentOrders.find((fo) => fo.status === "OPEN")!;
      const held = await gateway().holdLines({
        fulfillmentOrderId: open.id,
        handle: "backorder",
        reasonNotes: "",
        lineItems: [{ id: open.lines[0]!.id, quantity: 1 }],
      });
      expect(held.type).toBe("HELD");
    }
    const g = gateway();

    const snapshot = (await g.orderForBackorders(order.id))!;

    expect(snapshot.fulfillmentOrders).toHaveLength(7);
    expect(snapshot.fulfillmentOrders.flatMap((fo) => fo.lines.map((l) => l.lineItemId)).sort()).toEqual(
      order.lineItems.map((l) => l.id).sort(),
    );
    // Two pages of fulfillment orders, and a second page of lines for the one with 41.
    expect(g.stats).toMatchObject({ requests: 3, throttled: 0 });
  });

  it("an unknown order is null", async () => {
    expect(await gateway().orderForBackorders("gid://shopify/Order/999999999")).toBeNull();
  });

  it("reads available, committed, on_hand and incoming per item and location, with the location's name", async () => {
    const kettle = kit.variant("KETTLE").inventoryItemId;
    kit.sim.state.placeOrder(TEST_SHOP, { locationId: kit.location("Store"), lines: [{ sku: "KETTLE", quantity: 3 }] });

    const everywhere = await gateway().inventoryLevels([kettle]);
    const atStore = await gateway().inventoryLevels([kettle], kit.location("Store"));

    expect(everywhere).toEqual(
      expect.arrayContaining([
        {
          inventoryItemId: kettle,
          locationId: kit.location("Warehouse"),
          locationName: "Warehouse",
          available: 4,
          committed: 0,
          onHand: 4,
          incoming: 0,
        },
        {
          inventoryItemId: kettle,
          locationId: kit.location("Store"),
          locationName: "Store",
          available: -2,
          committed: 3,
          onHand: 1,
          incoming: 0,
        },
      ]),
    );
    expect(everywhere).toHaveLength(2);
    expect(atStore).toEqual([
      {
        inventoryItemId: kettle,
        locationId: kit.location("Store"),
        locationName: "Store",
        available: -2,
        committed: 3,
        onHand: 1,
        incoming: 0,
      },
    ]);
  });

  it("lists the open fulfillment orders of the shop grouped by order, oldest order first, leaving closed ones out", async () => {
    const split = placeOrder();
    const [fo] = [...kit.sim.state.shop(TEST_SHOP).fulfillmentOrders.values()].filter((f) => f.orderId === split.id);
    const mug = fo.lineItems.find((l) => l.lineItemId === split.lineItems[0].id)!;
    expect(
      (
        await gateway().holdLines({
          fulfillmentOrderId: fo.id,
          handle: "list-test",
          reasonNotes: "",
          lineItems: [{ id: mug.id, quantity: 1 }],
        })
      ).type,
    ).toBe("HELD");
    const cancelled = placeOrder();
    kit.sim.state.cancelOrder(TEST_SHOP, { orderId: cancelled.id });

    const orders: OrderSnapshot[] = [];
    for await (const order of gateway().openOrders()) orders.push(order);

    const ids = orders.map((o) => o.orderId);
    expect(ids).toContain(split.id);
    expect(ids).not.toContain(cancelled.id);
    expect(ids).toEqual(
      [...ids].sort((a, b) => orders.find((o) => o.orderId === a)!.createdAt.localeCompare(orders.find((o) => o.orderId === b)!.createdAt)),
    );
    const listed = orders.find((o) => o.orderId === split.id)!;
    expect(listed.fulfillmentOrders.map((f) => f.status).sort()).toEqual(["ON_HOLD", "OPEN"]);
    expect(listed.customerTags).toEqual(["vip", "wholesale"]);
    expect(listed).toEqual(await snapshotOf(split.id));
  });
});

describe("writes", () => {
  it("sets 30 metafields in two calls of at most 25", async () => {
    const variantId = kit.variant("MUG-BLUE").id;
    const entries = Array.from({ length: 30 }, (_, i) => ({
      ownerId: variantId,
      namespace: "$app:backorder",
      key: `key_${i}`,
      type: "single_line_text_field",
      value: `value ${i}`,
    }));
    const g = gateway();

    const result = await g.setMetafields(entries);

    expect(result).toEqual({ type: "SET", count: 30 });
    expect(g.stats.requests).toBe(2);
    const body = await kit.gql(
      `query($id: ID!) { productVariant(id: $id) { metafield(namespace: "$app:backorder", key: "key_29") { value } } }`,
      { id: variantId },
    );
    expect(body.data.productVariant.metafield.value).toBe("value 29");
  });

  it("a rejected metafield names its index in the whole list and what was written before", async () => {
    const variantId = kit.variant("MUG-BLUE").id;
    const entries = Array.from({ length: 27 }, (_, i) => ({
      ownerId: variantId,
      namespace: "$app:backorder",
      key: `n_${i}`,
      type: "number_integer",
      value: i === 26 ? "many" : String(i),
    }));

    const result = await gateway().setMetafields(entries);

    expect(result).toEqual({
      type: "REJECTED",
      written: 25,
      errors: [{ index: 26, code: "INVALID_VALUE", message: expect.any(String), field: expect.any(Array) }],
    });
  });

  it("turns continue-selling off and on", async () => {
    const { id: variantId } = kit.variant("MUG-BLUE");
    const productId = kit.sim.state.shop(TEST_SHOP).variants.get(variantId)!.productId;

    const off = await gateway().setInventoryPolicy({ productId, variantId, policy: "DENY" });
    const policyAfterOff = kit.sim.state.shop(TEST_SHOP).variants.get(variantId)!.inventoryPolicy;
    const on = await gateway().setInventoryPolicy({ productId, variantId, policy: "CONTINUE" });

    expect([off, policyAfterOff, on]).toEqual([{ type: "UPDATED" }, "DENY", { type: "UPDATED" }]);
    expect(kit.sim.state.shop(TEST_SHOP).variants.get(variantId)!.inventoryPolicy).toBe("CONTINUE");
    expect(await gateway().setInventoryPolicy({ productId, variantId: kit.variant("MUG-RED").id, policy: "DENY" })).toMatchObject({
      type: "REJECTED",
      code: "PRODUCT_VARIANT_DOES_NOT_EXIST",
    });
  });
});

describe("Flow triggers", () => {
  it("sends a trigger Flow accepts, which then starts the shop's workflows", async () => {
    const order = placeOrder();
    const payload = { order_id: legacyId(order.id), "Old date": "2030-05-01", "New date": "2030-05-15", Items: "2 × Green Mug" };

    const result = await gateway().sendFlowTrigger({ handle: "backorder-date-moved", payload });

    expect(result).toEqual({ type: "SENT" });
    expect(kit.sim.state.shop(TEST_SHOP).flowTriggers.at(-1)).toMatchObject({ handle: "backorder-date-moved", payload });
  });

  it("a trigger Flow refuses is REJECTED with Flow's message, not thrown", async () => {
    const before = kit.sim.state.shop(TEST_SHOP).flowTriggers.length;

    const unknown = await gateway().sendFlowTrigger({ handle: "backorder-lost", payload: { order_id: 1 } });
    const incomplete = await gateway().sendFlowTrigger({ handle: "backorder-released", payload: { order_id: 1 } });

    expect(unknown).toEqual({ type: "REJECTED", message: "Errors validating schema:\n  Invalid handle 'backorder-lost'.\n" });
    expect(incomplete).toEqual({ type: "REJECTED", message: "Errors validating schema:\n  Required field missing: 'Items'.\n" });
    expect(kit.sim.state.shop(TEST_SHOP).flowTriggers).toHaveLength(before);
  });
});

describe("throttling", () => {
  it("a burst against a tiny bucket completes without a failure, waiting instead", async () => {
    // Simulated time: the simulator's bucket refills as the gateway's sleeps advance the clock.
    let clock = Date.parse("2026-11-02T10:00:00Z");
    const sleep = async (ms: number) => {
      clock += ms;
      await new Promise((resolve) => setImmediate(resolve));
    };
    const sim = await startSimulator({
      appUrl: "http://127.0.0.1:9",
      apiKey: "k",
      apiSecret: "s",
      webhooks: false,
      bucket: { maximumAvailable: 100, restoreRate: 50 },
      clock: () => clock,
    });
    try {
      sim.state.seed(TEST_SHOP, SEED);
      const shop = sim.state.shop(TEST_SHOP);
      const variant = [...shop.variants.values()].find((v) => v.sku === "MUG-BLUE")!;
      const g = createGateway({
        shop: TEST_SHOP,
        accessToken: sim.tokens.issue(TEST_SHOP).access_token as string,
        fetch: shopifyFetch(sim.url),
        throttleStates: new Map(),
        sleep,
        now: () => clock,
      });
      const started = clock;

      // 40 mutations of 10 points and 10 reads at once: 4 times the bucket.
      const results = await Promise.all([
        ...Array.from({ length: 40 }, (_, i) =>
          g.setInventoryPolicy({ productId: variant.productId, variantId: variant.id, policy: i % 2 ? "DENY" : "CONTINUE" }),
        ),
        ...Array.from({ length: 10 }, () => g.inventoryLevels([variant.inventoryItemId])),
      ]);

      expect(results.slice(0, 40).every((r) => !Array.isArray(r) && r.type === "UPDATED")).toBe(true);
      const warehouse = [...shop.locations.values()].find((l) => l.name === "Warehouse")!.id;
      expect(results.slice(40)).toEqual(
        Array.from({ length: 10 }, () => expect.arrayContaining([expect.objectContaining({ locationId: warehouse, available: 5 })])),
      );
      expect(g.stats.waits).toBeGreaterThan(0);
      expect(g.stats.throttled).toBeGreaterThan(0);
      expect(g.stats.actualCost).toBeGreaterThanOrEqual(400);
      // The bucket (100) plus what it restores must have paid for every point.
      expect(clock - started).toBeGreaterThanOrEqual(((g.stats.actualCost - 100) / 50) * 1000);
    } finally {
      await sim.close();
    }
  });

  it("once it knows the bucket, it waits before sending instead of being throttled", async () => {
    let clock = Date.parse("2026-11-02T10:00:00Z");
    const sleep = async (ms: number) => {
      clock += ms;
    };
    const sim = await startSimulator({
      appUrl: "http://127.0.0.1:9",
      apiKey: "k",
      apiSecret: "s",
      webhooks: false,
      bucket: { maximumAvailable: 100, restoreRate: 50 },
      clock: () => clock,
    });
    try {
      sim.state.seed(TEST_SHOP, SEED);
      const variant = [...sim.state.shop(TEST_SHOP).variants.values()].find((v) => v.sku === "MUG-BLUE")!;
      const g = createGateway({
        shop: TEST_SHOP,
        accessToken: sim.tokens.issue(TEST_SHOP).access_token as string,
        fetch: shopifyFetch(sim.url),
        throttleStates: new Map(),
        sleep,
        now: () => clock,
      });

      for (let i = 0; i < 30; i += 1)
        await g.setInventoryPolicy({ productId: variant.productId, variantId: variant.id, policy: "CONTINUE" });

      expect(g.stats).toMatchObject({ requests: 30, throttled: 0 });
      expect(g.stats.waits).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});

describe("failures", () => {
  /** Answers 502 to the first `failures` requests, then passes requests on to the simulator. */
  async function flakyProxy(failures: number): Promise<{ url: string; seen: () => number; close: () => Promise<void> }> {
    let seen = 0;
    const server: Server = createServer((req, res) => {
      seen += 1;
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (seen <= failures) {
          res.writeHead(502, { "Content-Type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>");
          return;
        }
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([name]) => name !== "host" && name !== "content-length"),
        ) as Record<string, string>;
        fetch(`${kit.sim.url}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) })
          .then(async (answer) =>
            res
              .writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "application/json" })
              .end(await answer.text()),
          )
          .catch((error: unknown) => res.writeHead(500).end(String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      seen: () => seen,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it("retries a 502 with growing backoff, then succeeds", async () => {
    const proxy = await flakyProxy(2);
    const sleeps: number[] = [];
    try {
      const g = gateway({ fetch: shopifyFetch(proxy.url), sleep: async (ms) => void sleeps.push(ms), random: () => 1 });

      const levels = await g.inventoryLevels([kit.variant("MUG-RED").inventoryItemId], kit.location("Warehouse"));

      expect(levels).toHaveLength(1);
      expect(g.stats).toMatchObject({ requests: 3, retries: 2 });
      expect(proxy.seen()).toBe(3);
      expect(sleeps).toHaveLength(2);
      expect(sleeps[1]).toBeGreaterThan(sleeps[0]!);
    } finally {
      await proxy.close();
    }
  });

  it("gives up after its attempts with an error the job runner retries", async () => {
    const proxy = await flakyProxy(Infinity);
    try {
      const g = gateway({ fetch: shopifyFetch(proxy.url), maxAttempts: 3, sleep: noSleep });

      const error = await g.orderForBackorders("gid://shopify/Order/1").catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ShopifyUnavailableError);
      expect(error).toMatchObject({ operationName: "OrderForBackorders", status: 502 });
      expect(isTerminal(error)).toBe(false);
      expect(proxy.seen()).toBe(3);
    } finally {
      await proxy.close();
    }
  });

  it("retries when no HTTP answer comes at all", async () => {
    const closed = await flakyProxy(0);
    await closed.close();
    const g = gateway({ fetch: shopifyFetch(closed.url), maxAttempts: 2, sleep: noSleep });

    const error = await g.orderForBackorders("gid://shopify/Order/1").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect(g.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it("a revoked token throws HttpError(401), which the job runner does not retry", async () => {
    const g = gateway({ accessToken: "shpat_revoked" });

    const error = await g.orderForBackorders("gid://shopify/Order/1").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    expect(isTerminal(error)).toBe(true);
    expect(g.stats.requests).toBe(1);
  });

  it("a refused token is refreshed once through the function given, and the request sent again with the new one", async () => {
    const rejected: string[] = [];
    const g = gateway({
      accessToken: "shpat_expired",
      refreshAccessToken: async (token) => {
        rejected.push(token);
        return kit.token;
      },
    });

    expect(await g.orderForBackorders("gid://shopify/Order/1")).toBeNull();
    expect(await g.orderForBackorders("gid://shopify/Order/2")).toBeNull();
    expect(rejected).toEqual(["shpat_expired"]);
    expect(g.stats.requests).toBe(3);
  });

  it("a token refused again after its refresh, or a refused refresh, is HttpError(401): no access", async () => {
    let refreshes = 0;
    const again = gateway({ accessToken: "shpat_expired", refreshAccessToken: async () => (refreshes++, "shpat_also_refused") });
    const error = await again.orderForBackorders("gid://shopify/Order/1").catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(401);
    expect(refreshes).toBe(1);

    const refused = gateway({
      accessToken: "shpat_expired",
      refreshAccessToken: () => Promise.reject(new HttpError(401, "Shopify refused to refresh the offline token")),
    });
    const refusal = await refused.orderForBackorders("gid://shopify/Order/1").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HttpError);
    expect((refusal as HttpError).message).toMatch(/refused to refresh/);
  });

  it("a document Shopify rejects throws an error naming the operation", async () => {
    const client = new AdminGraphQLClient({
      shop: TEST_SHOP,
      accessToken: kit.token,
      fetch: shopifyFetch(kit.sim.url),
      throttleStates: new Map(),
    });

    const error = await client.request("query BrokenShop { shop { nameOfTheShop } }").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as Error).message).toMatch(/^Shopify rejected BrokenShop: .*nameOfTheShop.*\(undefinedField\)/);
    expect(isTerminal(error)).toBe(true);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { refreshLevels, refreshOrder, refreshVariants } from "~/engine/ingest.server";
import { FULL_RECONCILE_JOB, requestReconcile } from "~/engine/requests.server";
import { scheduleFullReconciles } from "~/engine/schedule.server";
import { updateVariantSettings } from "~/engine/settings.server";
import { moveSupply, recordSupply } from "~/engine/supply.server";
import { signSessionToken } from "../../sim/auth";
import type { SeedInput } from "../../sim/state/seed";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";

// The backorder engine's scenarios (issue 4), each on its own simulated
// store with the built app installed: webhooks, jobs, Admin API, holds.
const APP_HANDLE = "backorder-manager";

const seed = (stock: Record<string, { policy: "CONTINUE" | "DENY"; at: Record<string, number> }>): SeedInput => ({
  locations: [{ name: "Warehouse" }, { name: "Store" }],
  products: Object.entries(stock).map(([sku, { policy, at }]) => ({ title: sku, variants: [{ sku, inventoryPolicy: policy, stock: at }] })),
  customers: [{ firstName: "Vera", lastName: "Vip", email: "vera@example.com", tags: ["priority"] }],
});

/** The storefront badge metafield the app wrote on a variant, with its type; undefined when none. */
function badgeOf(s: TestStack, sku: string) {
  const metafield = s.sim.state
    .shop(TEST_SHOP)
    .variants.get(s.variant(sku).id)!
    .metafields.find((m) => m.namespace.startsWith("app--") && m.key === "backorder");
  return metafield && { type: metafield.type, ...(JSON.parse(metafield.value) as object) };
}

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** What the store holds of an order: per fulfillment order, its status, lines (sku: qty) and holds. */
function holdsOf(s: TestStack, orderId: string) {
  const shop = s.sim.state.shop(TEST_SHOP);
  const sku = (lineItemId: string) => {
    const order = shop.orders.get(orderId)!;
    const line = order.lineItems.find((l) => l.id === lineItemId)!;
    return shop.variants.get(line.variantId)!.sku;
  };
  return s
    .fulfillmentOrdersOf(orderId)
    .map((fo) => ({
      status: fo.status,
      lines: Object.fromEntries(fo.lineItems.filter((l) => l.remainingQuantity > 0).map((l) => [sku(l.lineItemId), l.remainingQuantity])),
      holds: fo.holds.map(
        (h) => `${h.appKey === null ? "merchant" : h.appKey === TEST_API_KEY ? h.handle : `${h.appKey}/${h.handle}`}:${h.reason}`,
      ),
    }))
    .filter((fo) => Object.keys(fo.lines).length > 0)
    .sort((a, b) => a.status.localeCompare(b.status));
}

/** Submits the Settings page's form as the embedded admin does: with a session token from App Bridge. */
function saveSettings(s: TestStack, fields: Record<string, string>) {
  const sessionToken = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  const headers = { Authorization: `Bearer ${sessionToken}`, "User-Agent": BROWSER_USER_AGENT };
  return fetch(`${s.app.url}/app/settings.data`, { method: "POST", headers, body: new URLSearchParams(fields) });
}

describe("backorder engine against the simulated store", () => {
  it("holds only the sold-out line; the in-stock part can be fulfilled now", async () => {
    stack = await startTestStack(
      seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } }, TOWEL: { policy: "DENY", at: { Warehouse: 10 } } }),
    );
    const order = stack.sim.state.placeOrder(TEST_SHOP, {
      lines: [
        { sku: "MUG", quantity: 1 },
        { sku: "TOWEL", quantity: 2 },
      ],
      locationId: stack.location("Warehouse"),
    });
    await stack.settle();

    expect(holdsOf(stack, order.id)).toEqual([
      { status: "ON_HOLD", lines: { MUG: 1 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] },
      { status: "OPEN", lines: { TOWEL: 2 }, holds: [] },
    ]);
    const line = await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: order.id } });
    expect(line).toMatchObject({ state: "backordered", quantity: 1, allocated: 0, backordered: 1, queuePosition: 1 });
    // The hold above was placed with the offline token, which the database holds only encrypted.
    const session = await stack.db.session.findFirstOrThrow({ where: { shop: TEST_SHOP, isOnline: false } });
    expect(session.accessToken).toMatch(/^enc:v1:[0-9a-f]{8}:/);
  });

  it("keeps the date the product page showed beside the line's promise, and measures the promise against it", async () => {
    stack = await startTestStack(
      seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } }, BOWL: { policy: "CONTINUE", at: { Warehouse: 0 } } }),
    );
    const warehouse = stack.location("Warehouse");
    const order = stack.sim.state.placeOrder(TEST_SHOP, {
      lines: [
        { sku: "MUG", quantity: 1, properties: { Backorder: "Backorder: ships by 1 March", _backorder_eta: "2030-03-01" } },
        // Written by the shopper's browser: a value that is not a date is not kept.
        { sku: "BOWL", quantity: 1, properties: { _backorder_eta: "soon" } },
      ],
      locationId: warehouse,
    });
    await stack.settle();
    const line = (sku: string) =>
      stack!.db.backorderLine.findFirstOrThrow({
        where: { shop: TEST_SHOP, orderId: order.id, inventoryItemId: stack!.variant(sku).inventoryItemId },
      });
    expect(await line("MUG")).toMatchObject({ state: "backordered", shownEta: "2030-03-01", promisedEta: null });
    expect((await line("BOWL")).shownEta).toBeNull();

    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 1 });
    stack.sim.state.receiveStock(TEST_SHOP, { sku: "BOWL", locationId: warehouse, quantity: 1 });
    await stack.settle();
    // No date was ever promised by the app; the one the shopper saw was kept.
    expect(await line("MUG")).toMatchObject({ state: "released", releasedOnTime: true });
    expect(await line("BOWL")).toMatchObject({ state: "released", releasedOnTime: null });
  });

  it("ships the oldest order, holds the others, and releases only the next in line when two units arrive", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 2 } } }));
    const warehouse = stack.location("Warehouse");
    const [a, b, c] = [2, 2, 1].map((quantity) =>
      stack!.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity }], locationId: warehouse }),
    );
    await stack.settle();
    expect([a, b, c].map((o) => holdsOf(stack!, o.id))).toEqual([
      [{ status: "OPEN", lines: { MUG: 2 }, holds: [] }],
      [{ status: "ON_HOLD", lines: { MUG: 2 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] }],
      [{ status: "ON_HOLD", lines: { MUG: 1 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] }],
    ]);
    const positions = async () =>
      (await stack!.db.backorderLine.findMany({ where: { shop: TEST_SHOP, state: "backordered" }, orderBy: { queuePosition: "asc" } })).map(
        (l) => [l.orderId, l.queuePosition],
      );
    expect(await positions()).toEqual([
      [b.id, 1],
      [c.id, 2],
    ]);

    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 2 });
    await stack.settle();
    expect(holdsOf(stack, b.id)).toEqual([{ status: "OPEN", lines: { MUG: 2 }, holds: [] }]);
    expect(holdsOf(stack, c.id)).toEqual([{ status: "ON_HOLD", lines: { MUG: 1 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] }]);
    expect(await positions()).toEqual([[c.id, 1]]);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "hold.released" } })).toBe(1);
  });

  it("gives a cancelled held order's stock to the next order in line", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 3 } } }));
    const warehouse = stack.location("Warehouse");
    const [, b, c] = [2, 2, 1].map((quantity) =>
      stack!.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity }], locationId: warehouse }),
    );
    await stack.settle();
    // b got one unit and waits for one; c waits for its only unit.
    expect(holdsOf(stack, b.id)).toEqual([
      { status: "ON_HOLD", lines: { MUG: 1 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] },
      { status: "OPEN", lines: { MUG: 1 }, holds: [] },
    ]);
    expect(holdsOf(stack, c.id)[0].status).toBe("ON_HOLD");

    stack.sim.state.cancelOrder(TEST_SHOP, { orderId: b.id, restock: true });
    await stack.settle();
    expect(holdsOf(stack, c.id)).toEqual([{ status: "OPEN", lines: { MUG: 1 }, holds: [] }]);
    expect((await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: b.id } })).state).toBe("cancelled");
  });

  it("acts on a merchant's settings change at once, not at the next sweep for due jobs", async () => {
    stack = await startTestStack(
      seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } }, TOWEL: { policy: "DENY", at: { Warehouse: 10 } } }),
      { JOBS_SWEEP_SECONDS: "3600" },
    );
    const order = stack.sim.state.placeOrder(TEST_SHOP, {
      lines: [
        { sku: "MUG", quantity: 1 },
        { sku: "TOWEL", quantity: 2 },
      ],
      locationId: stack.location("Warehouse"),
    });
    await stack.settle();
    expect(holdsOf(stack, order.id).map((fo) => fo.status)).toEqual(["ON_HOLD", "OPEN"]);

    // The merchant saves the Settings page in the admin.
    const saved = await saveSettings(stack, {
      priorityRule: "OLDEST_FIRST",
      priorityTag: "priority",
      fulfillmentMode: "SHIP_COMPLETE",
      handlingDays: "0",
    });
    expect(saved.status).toBe(200);

    // Shipping complete orders holds the in-stock part too, long before the hour's sweep.
    await expect.poll(() => holdsOf(stack!, order.id).map((fo) => fo.status), { timeout: 5_000 }).toEqual(["ON_HOLD", "ON_HOLD"]);
  });

  it("refuses a settings form with a bad field, naming it, and changes nothing", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const refused = await saveSettings(stack, {
      priorityRule: "OLDEST_FIRST",
      priorityTag: "priority",
      fulfillmentMode: "SHIP_SOMETIMES",
      handlingDays: "-1",
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain("fulfillmentMode");
    expect(body).toContain("handlingDays");
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "settings.changed" } })).toBe(0);
  });

  it("serves a priority-tagged customer's newer order before an older untagged one", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 1 } } }));
    expect(
      (
        await saveSettings(stack, {
          priorityRule: "PRIORITY_TAG_FIRST",
          priorityTag: "priority",
          fulfillmentMode: "SHIP_AVAILABLE",
          handlingDays: "0",
        })
      ).status,
    ).toBe(200);
    await stack.settle();
    const warehouse = stack.location("Warehouse");
    const vera = [...stack.sim.state.shop(TEST_SHOP).customers.values()].find((x) => x.tags.includes("priority"))!;
    const older = stack.sim.state.placeOrder(TEST_SHOP, {
      customer: { firstName: "Otto", email: "otto@example.com" },
      lines: [{ sku: "MUG", quantity: 1 }],
      locationId: warehouse,
    });
    const newer = stack.sim.state.placeOrder(TEST_SHOP, {
      customerId: vera.id,
      lines: [{ sku: "MUG", quantity: 1 }],
      locationId: warehouse,
    });
    await stack.settle();
    expect(holdsOf(stack, newer.id)).toEqual([{ status: "OPEN", lines: { MUG: 1 }, holds: [] }]);
    expect(holdsOf(stack, older.id)[0]).toMatchObject({ status: "ON_HOLD", holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] });
  });

  it("gives waiting lines a date and a place in line from an inbound shipment, and moves both dates when the shipment moves", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const warehouse = stack.location("Warehouse");
    const [first, second] = [1, 1].map((quantity) =>
      stack!.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity }], locationId: warehouse }),
    );
    await stack.settle();
    const { inventoryItemId } = stack.variant("MUG");
    const shipment = await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId,
      locationId: warehouse,
      quantity: 2,
      expectedOn: "2030-01-10",
    });
    await stack.settle();
    const lines = () => stack!.db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { queuePosition: "asc" } });
    expect((await lines()).map((l) => [l.orderId, l.queuePosition, l.currentEta, l.promisedEta])).toEqual([
      [first.id, 1, "2030-01-10", "2030-01-10"],
      [second.id, 2, "2030-01-10", "2030-01-10"],
    ]);

    await moveSupply(stack.changes, TEST_SHOP, shipment.id, "2030-01-24");
    await stack.settle();
    expect((await lines()).map((l) => [l.currentEta, l.promisedEta])).toEqual([
      ["2030-01-24", "2030-01-10"],
      ["2030-01-24", "2030-01-10"],
    ]);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "line.promise_moved" } })).toBe(2);
  });

  it("turns continue-selling off at the cap and back on when new supply arrives", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const warehouse = stack.location("Warehouse");
    const mug = stack.variant("MUG");
    const policy = () => stack!.sim.state.shop(TEST_SHOP).variants.get(mug.id)!.inventoryPolicy;
    stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
    await stack.settle();
    await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId: mug.inventoryItemId,
      locationId: warehouse,
      quantity: 2,
      expectedOn: "2030-02-01",
    });
    await updateVariantSettings({ ...stack.changes, gateway: await stack.gateway() }, TEST_SHOP, mug.id, {
      backordersEnabled: true,
      capKind: "DYNAMIC",
      capUnits: null,
      leadTimeDays: null,
      message: null,
    });
    await stack.settle();
    expect(policy()).toBe("CONTINUE"); // one of two incoming units is promised

    stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
    await stack.settle();
    expect(policy()).toBe("DENY"); // every incoming unit is promised: the cap is reached

    await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId: mug.inventoryItemId,
      locationId: warehouse,
      quantity: 3,
      expectedOn: "2030-02-15",
    });
    await stack.settle();
    expect(policy()).toBe("CONTINUE");
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "variant.policy_changed" } })).toBe(2);
  });

  it("publishes the storefront badge: on backorder with the date a unit ordered now would ship, in stock again once stock arrives", async () => {
    stack = await startTestStack(
      seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } }, VASE: { policy: "DENY", at: { Warehouse: 1 } } }),
    );
    const warehouse = stack.location("Warehouse");
    const mug = stack.variant("MUG");
    const badge = () => badgeOf(stack!, "MUG");
    stack.sim.state.placeOrder(TEST_SHOP, {
      lines: [
        { sku: "MUG", quantity: 1 },
        { sku: "VASE", quantity: 1 },
      ],
      locationId: warehouse,
    });
    await stack.settle();
    // The last vase sold out a variant that does not sell without stock: nothing to tell shoppers.
    expect(badgeOf(stack, "VASE")).toBeUndefined();
    await updateVariantSettings({ ...stack.changes, gateway: await stack.gateway() }, TEST_SHOP, mug.id, {
      backordersEnabled: true,
      capKind: null,
      capUnits: null,
      leadTimeDays: null,
      message: "Hand-thrown to order",
    });
    await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId: mug.inventoryItemId,
      locationId: warehouse,
      quantity: 1,
      expectedOn: "2030-03-01",
    });
    await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId: mug.inventoryItemId,
      locationId: warehouse,
      quantity: 5,
      expectedOn: "2030-03-15",
    });
    await stack.settle();
    // The waiting order has the first shipment's unit; a new one would get the second's.
    expect(badge()).toEqual({ type: "json", status: "BACKORDER", eta: "2030-03-15", leadTimeDays: null, message: "Hand-thrown to order" });

    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 3 });
    await stack.settle();
    expect(badge()).toEqual({ type: "json", status: "IN_STOCK", eta: null, leadTimeDays: null, message: null });
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "sync.problem" } })).toBe(0);
  });

  it("follows the merchant's change of a variant's policy: a variant that stops selling gets a sold-out badge", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const mug = stack.variant("MUG");
    stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: stack.location("Warehouse") });
    await stack.settle();
    const state = stack.sim.state.shop(TEST_SHOP);
    expect(badgeOf(stack, "MUG")).toMatchObject({ status: "BACKORDER" });

    // The merchant turns continue-selling off in the admin.
    state.variants.get(mug.id)!.inventoryPolicy = "DENY";
    stack.sim.state.productChanged(state, state.products.get(mug.productId)!);
    await stack.settle();
    expect(
      (await stack.db.variantSetting.findUniqueOrThrow({ where: { shop_variantId: { shop: TEST_SHOP, variantId: mug.id } } }))
        .inventoryPolicy,
    ).toBe("DENY");
    expect(badgeOf(stack, "MUG")).toMatchObject({ status: "SOLD_OUT" });
  });

  it("sets up a variant no order has named yet, reading it from the store, and publishes its badge", async () => {
    stack = await startTestStack(seed({ LAMP: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const lamp = stack.variant("LAMP");
    const gateway = await stack.gateway();
    const settings = { backordersEnabled: true, capKind: null, capUnits: null, leadTimeDays: null, message: "Ships in spring" } as const;
    expect(await stack.db.variantSetting.count({ where: { shop: TEST_SHOP, variantId: lamp.id } })).toBe(0);

    stack.sim.resetUsage();
    await updateVariantSettings({ ...stack.changes, gateway: gateway }, TEST_SHOP, lamp.id, settings);
    expect(stack.sim.usage(TEST_SHOP).queries).toBe(2); // the variant, then its item's stock
    await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId: lamp.inventoryItemId,
      locationId: stack.location("Warehouse"),
      quantity: 10,
      expectedOn: "2030-04-01",
    });
    await stack.settle();
    expect(badgeOf(stack, "LAMP")).toEqual({
      type: "json",
      status: "BACKORDER",
      eta: "2030-04-01",
      leadTimeDays: null,
      message: "Ships in spring",
    });

    // Known now: changing it again reads nothing.
    stack.sim.resetUsage();
    await updateVariantSettings({ ...stack.changes, gateway: gateway }, TEST_SHOP, lamp.id, { ...settings, message: "Ships in April" });
    expect(stack.sim.usage(TEST_SHOP).queries).toBe(0);
    await expect(
      updateVariantSettings({ ...stack.changes, gateway: gateway }, TEST_SHOP, "gid://shopify/ProductVariant/999999", settings),
    ).rejects.toThrow("variantId: no variant gid://shopify/ProductVariant/999999 in the store");
  });

  it("never releases or alters a hold the merchant or another app placed, even one with the app's handle", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const warehouse = stack.location("Warehouse");
    const order = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
    const [fo] = stack.fulfillmentOrdersOf(order.id);
    stack.sim.state.hold(TEST_SHOP, null, fo.id, { reason: "HIGH_RISK_OF_FRAUD", reasonNotes: "check the address" });
    stack.sim.state.hold(TEST_SHOP, "other-app", fo.id, { reason: "AWAITING_PAYMENT", handle: APP_HANDLE });
    await stack.settle();
    const theirs = ["merchant:HIGH_RISK_OF_FRAUD", `other-app/${APP_HANDLE}:AWAITING_PAYMENT`];
    expect(holdsOf(stack, order.id)).toEqual([
      { status: "ON_HOLD", lines: { MUG: 1 }, holds: [...theirs, `${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] },
    ]);

    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 1 });
    await stack.settle();
    // The app's own hold goes; the merchant's and the other app's stay as they were.
    expect(holdsOf(stack, order.id)).toEqual([{ status: "ON_HOLD", lines: { MUG: 1 }, holds: theirs }]);
  });

  it("respects a hold of the app that the merchant released by hand, and says so in the audit log", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const order = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: stack.location("Warehouse") });
    await stack.settle();
    const [fo] = stack.fulfillmentOrdersOf(order.id);
    stack.sim.state.releaseHold(
      TEST_SHOP,
      null,
      fo.id,
      fo.holds.map((h) => h.id),
    );
    await stack.settle();
    expect(holdsOf(stack, order.id)).toEqual([{ status: "OPEN", lines: { MUG: 1 }, holds: [] }]);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "hold.released_by_merchant" } })).toBe(1);
    expect((await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: order.id } })).releasedByMerchant).toBe(
      true,
    );
  });

  it("plans two locations independently", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 1, Store: 0 } } }));
    const atWarehouse = stack.sim.state.placeOrder(TEST_SHOP, {
      lines: [{ sku: "MUG", quantity: 1 }],
      locationId: stack.location("Warehouse"),
    });
    const atStore = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: stack.location("Store") });
    await stack.settle();
    expect(holdsOf(stack, atWarehouse.id)[0].status).toBe("OPEN");
    expect(holdsOf(stack, atStore.id)[0].status).toBe("ON_HOLD");

    // Stock arriving at the warehouse does nothing for the store's order.
    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: stack.location("Warehouse"), quantity: 3 });
    await stack.settle();
    expect(holdsOf(stack, atStore.id)[0].status).toBe("ON_HOLD");
    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: stack.location("Store"), quantity: 1 });
    await stack.settle();
    expect(holdsOf(stack, atStore.id)[0].status).toBe("OPEN");
  });

  it("repairs by reconciliation what a dropped webhook left behind", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    stack.sim.webhooks.injectFaults([
      { kind: "drop", topic: "orders/create" },
      { kind: "drop", topic: "inventory_levels/update" },
    ]);
    const order = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 2 }], locationId: stack.location("Warehouse") });
    await stack.settle();
    expect(holdsOf(stack, order.id)[0].holds).toEqual([]);

    await requestReconcile(stack.db, TEST_SHOP, true); // what the schedule does
    await stack.settle();
    expect(holdsOf(stack, order.id)).toEqual([{ status: "ON_HOLD", lines: { MUG: 2 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] }]);
  });

  it("ends in the same state when webhooks arrive duplicated, delayed and out of order, with no duplicate hold", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 2 } } }));
    stack.sim.webhooks.injectFaults([
      { kind: "duplicate", count: 20 },
      { kind: "reorder", topic: "orders/create", count: 3 },
      { kind: "delay", topic: "inventory_levels/update", ms: 300, count: 5 },
    ]);
    const warehouse = stack.location("Warehouse");
    const [a, b, c] = [2, 2, 1].map((quantity) =>
      stack!.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity }], locationId: warehouse }),
    );
    await stack.settle();
    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 2 });
    await stack.settle();
    expect([a, b, c].map((o) => holdsOf(stack!, o.id))).toEqual([
      [{ status: "OPEN", lines: { MUG: 2 }, holds: [] }],
      [{ status: "OPEN", lines: { MUG: 2 }, holds: [] }],
      [{ status: "ON_HOLD", lines: { MUG: 1 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] }],
    ]);
    expect(stack.sim.webhooks.deliveries.some((d) => d.fault === "duplicate")).toBe(true);
    expect(await stack.db.appHold.count({ where: { shop: TEST_SHOP, status: "ACTIVE" } })).toBe(1);
  });

  it("leaves an uninstalled shop alone, and rebuilds its backorders from the store when it installs again", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const warehouse = stack.location("Warehouse");
    const first = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
    await stack.settle();
    expect(holdsOf(stack, first.id)[0].holds).toEqual([`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`]);

    // An order's events are still on their way when the merchant uninstalls.
    stack.sim.webhooks.injectFaults([{ kind: "delay", topic: "orders/create", ms: 300 }]);
    stack.sim.resetUsage();
    const late = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
    await stack.sim.uninstall(TEST_SHOP);
    await stack.settle();
    expect(stack.sim.webhooks.deliveries.find((d) => d.topic === "orders/create" && d.body.includes(late.id))?.status).toBe(200);
    // Events Shopify sent before the uninstall are set aside, not dead letters: met by a refused
    // token, or, as app/uninstalled runs in the priority lane, found after it.
    expect(await stack.db.job.groupBy({ by: ["status"], where: { shop: TEST_SHOP }, _count: true })).toEqual([
      { status: "DONE", _count: expect.any(Number) },
    ]);
    const setAside = await stack.db.webhookEvent.findMany({ where: { shop: TEST_SHOP, status: "IGNORED" }, select: { error: true } });
    expect(setAside.length).toBeGreaterThan(0);
    for (const { error } of setAside) expect(error).toMatch(/no access|not installed/);
    expect(await stack.db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await stack.db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).uninstalledAt).not.toBeNull();
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "app.uninstalled" } })).toBe(1);

    // While uninstalled, nothing reaches the app and it asks the store nothing, not even on schedule.
    stack.sim.resetUsage();
    stack.sim.state.receiveStock(TEST_SHOP, { sku: "MUG", locationId: warehouse, quantity: 1 });
    const second = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: warehouse });
    expect(await scheduleFullReconciles(stack.db, { notify: async () => {} })).toBe(0);
    await stack.settle();
    expect(stack.sim.usage(TEST_SHOP)).toMatchObject({ queries: 0, mutations: 0 });
    expect(holdsOf(stack, first.id)[0].holds).toEqual([`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`]);

    // Installing again reconciles in full: the unit goes to the oldest order, the newer one waits.
    await stack.install();
    expect(holdsOf(stack, first.id)).toEqual([{ status: "OPEN", lines: { MUG: 1 }, holds: [] }]);
    expect(holdsOf(stack, second.id)).toEqual([{ status: "ON_HOLD", lines: { MUG: 1 }, holds: [`${APP_HANDLE}:INVENTORY_OUT_OF_STOCK`] }]);
  });

  it("keeps the stored session's scopes as the merchant grants them, and reconciles the shop in full", async () => {
    stack = await startTestStack(seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 0 } } }));
    const fullReconciles = () => stack!.db.job.count({ where: { shop: TEST_SHOP, name: FULL_RECONCILE_JOB, status: "DONE" } });
    const before = await fullReconciles();
    const granted = [...stack.sim.tokens.scopeOf(TEST_SHOP).split(","), "read_returns"];
    await stack.sim.grantScopes(TEST_SHOP, granted);
    await stack.settle();
    const sessions = await stack.db.session.findMany({ where: { shop: TEST_SHOP }, select: { scope: true } });
    expect(sessions.map((s) => s.scope)).toEqual([granted.join(",")]);
    expect(await fullReconciles()).toBe(before + 1);
  });

  it("reads an order, a stock level or a product's variants for an event only when no read of it began after the event arrived", async () => {
    stack = await startTestStack(
      seed({ MUG: { policy: "CONTINUE", at: { Warehouse: 1 } }, VASE: { policy: "DENY", at: { Warehouse: 1 } } }),
    );
    const order = stack.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG", quantity: 1 }], locationId: stack.location("Warehouse") });
    await stack.settle();
    const gateway = await stack.gateway();
    const readsFor = async (refresh: () => Promise<unknown>) => {
      stack!.sim.resetUsage();
      await refresh();
      return stack!.sim.usage(TEST_SHOP).queries;
    };
    const stock = { inventoryItemId: stack.variant("MUG").inventoryItemId, locationId: stack.location("Warehouse") };

    const before = new Date(Date.now() - 5_000);
    expect(await readsFor(() => refreshOrder(stack!.db, gateway, TEST_SHOP, order.id))).toBe(2); // the order, then its items' stock
    // An event that arrived well before that read began: the read already shows it.
    expect(await readsFor(() => refreshOrder(stack!.db, gateway, TEST_SHOP, order.id, before))).toBe(0);
    expect(await readsFor(() => refreshLevels(stack!.db, gateway, TEST_SHOP, [stock], before))).toBe(0);
    // An event that arrived after it: read again.
    expect(await readsFor(() => refreshOrder(stack!.db, gateway, TEST_SHOP, order.id, new Date()))).toBe(2);
    expect(await readsFor(() => refreshLevels(stack!.db, gateway, TEST_SHOP, [stock], new Date()))).toBe(1);

    // A product's variants: the order read gave the mug's policy; a product no order or merchant named is not followed.
    const mug = stack.variant("MUG").productId;
    expect(await readsFor(() => refreshVariants(stack!.db, gateway, TEST_SHOP, mug, before))).toBe(0);
    expect(await readsFor(() => refreshVariants(stack!.db, gateway, TEST_SHOP, mug, new Date()))).toBe(1);
    expect(await readsFor(() => refreshVariants(stack!.db, gateway, TEST_SHOP, stack!.variant("VASE").productId, new Date()))).toBe(0);
  });
});

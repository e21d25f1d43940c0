// An event's reconcile reads and plans what it touched: the orders holding a
// touched item, with all their items, and nothing else. A line of another
// order that went stale stays as it is until the whole shop is planned.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { markDirty, saveOrder, stockKeys } from "~/engine/ingest.server";
import { reconcileShop, reconcileTouched } from "~/engine/reconcile.server";
import { shopifyFetch } from "~/shopify/client.server";
import { createGateway } from "~/shopify/gateway.server";
import { startSimulator, type Simulator } from "../../sim/server";
import { TEST_API_KEY, TEST_SECRET } from "../support/constants";
import { useFreshDatabase } from "../support/databases";
import { gid, LOCATION, orderSnapshot } from "../support/order-snapshots";

const fresh = useFreshDatabase();
const SHOP = "scope.myshopify.com";
let sim: Simulator;
// Stock covers every order here, so the store is never called: a call would be refused and show as a problem.
const gateway = () => createGateway({ shop: SHOP, accessToken: "none", fetch: shopifyFetch(sim.url), throttleStates: new Map() });

beforeAll(async () => {
  sim = await startSimulator({ appUrl: "http://127.0.0.1:9", apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
});
afterAll(() => sim?.close());

async function seed(db: Db) {
  for (const v of [1, 2, 3]) {
    await db.variantSetting.create({
      data: {
        shop: SHOP,
        variantId: gid("ProductVariant", v),
        productId: gid("Product", v),
        inventoryItemId: gid("InventoryItem", v),
        inventoryPolicy: "DENY",
      },
    });
    await db.inventoryLevel.create({
      data: { shop: SHOP, inventoryItemId: gid("InventoryItem", v), locationId: LOCATION, available: 10, committed: 0 },
    });
  }
  // Order 1 holds items 1 and 2; order 2 holds item 3 only.
  for (const order of [orderSnapshot(1, [1, 2]), orderSnapshot(2, [3])]) await saveOrder(db, SHOP, order, new Date());
}

/** A line left waiting although stock covers it, as a missed stock event would leave it. */
const staleLine = (db: Db, order: number, variant: number, line: number) =>
  db.backorderLine.create({
    data: {
      shop: SHOP,
      orderId: gid("Order", order),
      lineItemId: gid("LineItem", order * 10 + line),
      locationId: LOCATION,
      inventoryItemId: gid("InventoryItem", variant),
      quantity: 1,
      allocated: 0,
      backordered: 1,
      state: "backordered",
    },
  });
const stateOf = async (db: Db, order: number) =>
  (await db.backorderLine.findFirstOrThrow({ where: { shop: SHOP, orderId: gid("Order", order) } })).state;

it("plans the orders holding the touched item with all their items, and leaves the others for the whole shop's plan", async () => {
  const { db } = fresh;
  await seed(db);
  await staleLine(db, 1, 2, 1);
  await staleLine(db, 2, 3, 0);

  // An order for item 1 arrives: order 1 competes for it, and its line of item 2 is planned with it.
  const order = orderSnapshot(3, [1]);
  await saveOrder(db, SHOP, order, new Date());
  await markDirty(db, SHOP, stockKeys(order.fulfillmentOrders));
  const touched = await reconcileTouched(db, gateway(), SHOP);
  expect(touched.problems).toEqual([]);
  expect(await stateOf(db, 1)).toBe("released");
  expect(await stateOf(db, 2)).toBe("backordered");
  expect(await db.dirtyKey.count({ where: { shop: SHOP } })).toBe(0);
  // Nothing touched since: nothing is read or planned.
  expect(await reconcileTouched(db, gateway(), SHOP)).toMatchObject({ lines: 0, problems: [] });
  expect(await stateOf(db, 2)).toBe("backordered");

  const whole = await reconcileShop(db, gateway(), SHOP);
  expect(whole.problems).toEqual([]);
  expect(await stateOf(db, 2)).toBe("released");
});

it("plans a closed order's waiting line, found through the line once the order left the index", async () => {
  const { db } = fresh;
  // Order 2 is fulfilled; the store's read says so, and its item is touched.
  const closed = orderSnapshot(2, [3], false);
  await db.backorderLine.updateMany({ where: { shop: SHOP, orderId: gid("Order", 2) }, data: { state: "backordered" } });
  await saveOrder(db, SHOP, closed, new Date());
  expect(await db.orderItem.count({ where: { shop: SHOP, orderId: gid("Order", 2) } })).toBe(0);
  await markDirty(db, SHOP, stockKeys(closed.fulfillmentOrders));
  expect((await reconcileTouched(db, gateway(), SHOP)).problems).toEqual([]);
  expect(await stateOf(db, 2)).toBe("fulfilled");
});

// The demo store: a small homeware shop a newcomer can read at a glance.
// Products in each state: in stock, on backorder with incoming stock (so
// customers have dates), on backorder with a lead time only, on backorder
// with no date, sold out; the apron's sizes differ, so its product page
// changes badge with the size. Open orders
// placed over the past weeks wait on them, two of them past the date first
// promised; and the weeks before left history (orders shipped from stock,
// backorders released on time or late, one cancelled) for the dashboard.
import type { Db } from "~/db/client.server";
import { recordSupply } from "~/engine/supply.server";
import type { SeedInput } from "../sim/state/seed";
import type { SimState } from "../sim/state/sim-state";

export const DEMO_SHOP = "demo-homeware.myshopify.com";

/** A product photo stand-in the demo can show offline: a square of the product's colour. */
const swatch = (colour: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" rx="6" fill="${colour}"/></svg>`)}`;

export const DEMO_SEED: SeedInput = {
  name: "Demo Homeware",
  email: "owner@demo-homeware.example",
  currencyCode: "CAD",
  locations: [{ name: "Ottawa warehouse" }, { name: "Montreal store" }],
  products: [
    {
      title: "Stoneware Mug",
      image: swatch("#4a6fa5"),
      vendor: "Kiln & Co",
      variants: [
        // On backorder at the warehouse, incoming stock dated.
        {
          title: "Blue",
          sku: "MUG-BLUE",
          price: "18.00",
          inventoryPolicy: "CONTINUE",
          stock: { "Ottawa warehouse": 0, "Montreal store": 2 },
        },
        // In stock.
        { title: "Sand", sku: "MUG-SAND", price: "18.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 24 } },
      ],
    },
    {
      // One left: the next orders wait for the dated shipment.
      title: "Cast Iron Teapot",
      image: swatch("#3d3d3d"),
      vendor: "Kiln & Co",
      variants: [{ sku: "TEAPOT-CI", price: "64.00", inventoryPolicy: "CONTINUE", stock: { "Ottawa warehouse": 1 } }],
    },
    {
      title: "Linen Tea Towel",
      image: swatch("#d8cbb3"),
      vendor: "Fieldhouse",
      variants: [{ sku: "TOWEL-LINEN", price: "14.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 40 } }],
    },
    {
      // On backorder with nothing incoming: no date to give.
      title: "Walnut Serving Board",
      image: swatch("#7a5230"),
      vendor: "Fieldhouse",
      variants: [{ sku: "BOARD-WALNUT", price: "85.00", inventoryPolicy: "CONTINUE", stock: { "Ottawa warehouse": 0 } }],
    },
    {
      title: "Ceramic Planter",
      image: swatch("#c9704f"),
      vendor: "Kiln & Co",
      variants: [{ sku: "PLANTER-CER", price: "32.00", inventoryPolicy: "CONTINUE", stock: { "Ottawa warehouse": 0 } }],
    },
    {
      title: "Beeswax Candle",
      image: swatch("#e8b936"),
      vendor: "Fieldhouse",
      variants: [{ sku: "CANDLE-BEE", price: "12.00", inventoryPolicy: "CONTINUE", stock: { "Ottawa warehouse": 30 } }],
    },
    {
      // Sold out: not for sale until stock returns.
      title: "Copper Kettle",
      image: swatch("#b66a3c"),
      vendor: "Kiln & Co",
      variants: [{ sku: "KETTLE-CU", price: "110.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 0 } }],
    },
    {
      // Its sizes differ on the product page: one in stock, one made to order
      // (a lead time, no incoming stock), one no longer sold once out.
      title: "Linen Apron",
      image: swatch("#5b6f8f"),
      vendor: "Fieldhouse",
      variants: [
        { title: "Natural", sku: "APRON-NATURAL", price: "38.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 12 } },
        { title: "Indigo", sku: "APRON-INDIGO", price: "42.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 0 } },
        { title: "Charcoal", sku: "APRON-CHARCOAL", price: "38.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 0 } },
      ],
    },
    {
      title: "Wool Throw",
      image: swatch("#8c9a7b"),
      vendor: "Fieldhouse",
      variants: [{ sku: "THROW-WOOL", price: "95.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 0 } }],
    },
  ],
  customers: [
    { firstName: "Amara", lastName: "Okafor", email: "amara@example.com", tags: ["vip"] },
    { firstName: "Lucas", lastName: "Tremblay", email: "lucas@example.com" },
    { firstName: "Mei", lastName: "Chen", email: "mei@example.com" },
  ],
};

const MS_PER_DAY = 86_400_000;
const daysAgo = (now: number, days: number) => new Date(now - days * MS_PER_DAY).toISOString();

/** The open orders, oldest first, as days before now: some of their lines wait for stock. */
const OPEN_ORDERS: { customer: number; daysAgo: number; lines: { sku: string; quantity: number }[] }[] = [
  {
    customer: 0,
    daysAgo: 16,
    lines: [
      { sku: "BOARD-WALNUT", quantity: 1 },
      { sku: "MUG-SAND", quantity: 4 },
    ],
  },
  { customer: 2, daysAgo: 12, lines: [{ sku: "PLANTER-CER", quantity: 1 }] },
  {
    customer: 1,
    daysAgo: 9,
    lines: [
      { sku: "MUG-BLUE", quantity: 2 },
      { sku: "TOWEL-LINEN", quantity: 1 },
    ],
  },
  { customer: 2, daysAgo: 6, lines: [{ sku: "TEAPOT-CI", quantity: 2 }] },
  {
    customer: 1,
    daysAgo: 3,
    lines: [
      { sku: "CANDLE-BEE", quantity: 2 },
      { sku: "PLANTER-CER", quantity: 2 },
    ],
  },
  {
    customer: 0,
    daysAgo: 1,
    lines: [
      { sku: "MUG-BLUE", quantity: 1 },
      { sku: "TEAPOT-CI", quantity: 1 },
    ],
  },
];

/** Orders that leave some lines waiting for stock, placed (as the store records them) over the past two weeks. */
export function placeDemoOrders(state: SimState, now = Date.now()) {
  const shop = state.shop(DEMO_SHOP);
  const customers = [...shop.customers.values()];
  const warehouse = [...shop.locations.values()][0]!.id;
  for (const placed of OPEN_ORDERS) {
    const order = state.placeOrder(DEMO_SHOP, { customerId: customers[placed.customer]!.id, locationId: warehouse, lines: placed.lines });
    order.createdAt = order.processedAt = order.updatedAt = daysAgo(now, placed.daysAgo);
  }
}

/** Incoming stock, as days from today: the waiting mugs, teapots and planters get dates from it. */
const INCOMING = [
  { sku: "MUG-BLUE", quantity: 12, inDays: 5, reference: "PO-1042" },
  { sku: "TEAPOT-CI", quantity: 6, inDays: 9, reference: "PO-1043" },
  { sku: "PLANTER-CER", quantity: 4, inDays: 3, reference: "PO-1044" },
];

/**
 * What the app would have recorded before today, written into its database
 * once it has read the store: the merchant's incoming stock (through the
 * app's own use case), the open orders' lines backordered when ordered (two
 * of them promised a date that has passed), and the past weeks' closed
 * orders with their released and cancelled backorders.
 */
export async function seedDemoHistory(db: Db, jobs: { notify: (shop: string) => Promise<void> }, state: SimState, now = Date.now()) {
  const shop = DEMO_SHOP;
  const today = new Date(now).toISOString().slice(0, 10);
  const day = (offset: number) => new Date(now + offset * MS_PER_DAY).toISOString().slice(0, 10);
  const warehouse = [...state.shop(shop).locations.values()].find((l) => l.name === "Ottawa warehouse")!.id;
  for (const incoming of INCOMING) {
    const variant = await db.variantSetting.findFirstOrThrow({ where: { shop, sku: incoming.sku } });
    await recordSupply({ db, jobs }, shop, {
      inventoryItemId: variant.inventoryItemId,
      locationId: warehouse,
      quantity: incoming.quantity,
      expectedOn: day(incoming.inDays),
      reference: incoming.reference,
    });
  }

  // The open orders' lines went on backorder when their order came in.
  const orders = await db.orderSnapshot.findMany({ where: { shop, open: true }, select: { orderId: true, orderedAt: true } });
  for (const { orderId, orderedAt } of orders) {
    if (!orderedAt) continue;
    await db.backorderLine.updateMany({
      where: { shop, orderId },
      data: { createdAt: orderedAt, backorderedOn: orderedAt.toISOString().slice(0, 10) },
    });
  }
  // The oldest two waiting lines were promised a date that has passed.
  const oldest = await db.backorderLine.findMany({ where: { shop, state: "backordered" }, orderBy: { createdAt: "asc" }, take: 2 });
  for (const [i, line] of oldest.entries()) {
    await db.backorderLine.updateMany({ where: { id: line.id, shop }, data: { promisedEta: day(-3 - i * 2) } });
  }

  // Closed orders of the past eight weeks: most shipped from stock, some waited.
  const history: { daysAgo: number; lines: number; waited?: { days: number; late?: boolean; cancelled?: boolean; units: number } }[] = [];
  for (let i = 0; i < 36; i += 1) history.push({ daysAgo: 2 + ((i * 37) % 56), lines: 1 + (i % 3) });
  const waited = [
    { daysAgo: 50, days: 9, units: 2 },
    { daysAgo: 44, days: 6, units: 1 },
    { daysAgo: 38, days: 12, late: true, units: 3 },
    { daysAgo: 33, days: 3, units: 1 },
    { daysAgo: 27, days: 5, units: 2, cancelled: true },
    { daysAgo: 24, days: 3, units: 1 },
    { daysAgo: 19, days: 8, late: true, units: 2 },
    { daysAgo: 15, days: 2, units: 1 },
    { daysAgo: 11, days: 5, units: 4 },
    { daysAgo: 8, days: 1, units: 1 },
    { daysAgo: 6, days: 3, units: 2 },
    { daysAgo: 4, days: 2, units: 1 },
  ];
  for (const { daysAgo: ago, ...rest } of waited) history.push({ daysAgo: ago, lines: 2, waited: rest });
  history.sort((a, b) => b.daysAgo - a.daysAgo);
  const variant = await db.variantSetting.findFirstOrThrow({ where: { shop, sku: "MUG-BLUE" } });
  for (const [i, order] of history.entries()) {
    const orderId = `gid://shopify/Order/${9000 + i}`;
    const orderedAt = new Date(daysAgo(now, order.daysAgo));
    await db.orderSnapshot.create({
      data: {
        shop,
        orderId,
        name: `#${900 + i}`,
        snapshot: JSON.stringify({
          orderId,
          name: `#${900 + i}`,
          createdAt: orderedAt.toISOString(),
          cancelledAt: null,
          customerTags: [],
          fulfillmentOrders: [],
        }),
        open: false,
        fetchedAt: orderedAt,
        orderedAt,
        lineCount: order.lines,
      },
    });
    if (!order.waited) continue;
    const { days, late, cancelled, units } = order.waited;
    const resolvedAt = new Date(orderedAt.getTime() + days * MS_PER_DAY);
    const promisedEta = new Date(orderedAt.getTime() + (late ? days - 3 : days + 1) * MS_PER_DAY).toISOString().slice(0, 10);
    const resolvedOn = resolvedAt.toISOString().slice(0, 10);
    await db.backorderLine.create({
      data: {
        shop,
        orderId,
        lineItemId: `gid://shopify/LineItem/${90000 + i}`,
        locationId: warehouse,
        inventoryItemId: variant.inventoryItemId,
        quantity: units,
        allocated: 0,
        backordered: 0,
        state: cancelled ? "cancelled" : "fulfilled",
        promisedEta,
        currentEta: promisedEta,
        etaSource: "SUPPLY",
        createdAt: orderedAt,
        backorderedOn: orderedAt.toISOString().slice(0, 10),
        waitedUnits: units,
        unitPriceCents: 1800,
        resolvedAt: resolvedOn <= today ? resolvedAt : null,
        resolvedOn: resolvedOn <= today ? resolvedOn : null,
        waitHours: cancelled ? null : days * 24,
        releasedOnTime: cancelled ? null : resolvedOn <= promisedEta,
      },
    });
  }
}

/** The demo's product page on the simulated storefront: the apron, whose badge changes with the size. */
export const DEMO_PRODUCT_PATH = "/products/linen-apron";

/** A merchant's change on the app's Products page, as the embedded admin posts it. */
export type ProductsAction = (fields: [string, string][]) => Promise<void>;

/**
 * The merchant sets the apron up in the app, through its Products page: the
 * indigo one is made to order (three weeks' lead time); the charcoal one sold
 * on backorder until the merchant turned backorders off, so the shop shows it
 * sold out. The engine publishes each badge; `settle` waits for it.
 */
export async function setUpDemoBadges(state: SimState, post: ProductsAction, settle: () => Promise<void>) {
  const id = (sku: string) => [...state.shop(DEMO_SHOP).variants.values()].find((v) => v.sku === sku)!.id;
  const [natural, indigo, charcoal] = ["APRON-NATURAL", "APRON-INDIGO", "APRON-CHARCOAL"].map(id);
  await post([["intent", "add"], ...[natural!, indigo!, charcoal!].map((v): [string, string] => ["variantIds", v])]);
  await post([
    ["intent", "edit"],
    ["variantIds", indigo!],
    ["backordersEnabled", "on"],
    ["leadTimeDays", "21"],
    ["message", "Dyed to order in small batches."],
  ]);
  await post([
    ["intent", "edit"],
    ["variantIds", charcoal!],
    ["backordersEnabled", "on"],
  ]);
  await settle();
  await post([
    ["intent", "edit"],
    ["variantIds", charcoal!],
    ["backordersEnabled", "off"],
  ]);
  await settle();
}

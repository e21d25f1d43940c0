// One variant at one location with 100,000 waiting lines: the allocation
// alone (sort and walk), and the whole pure plan from Shopify-shaped facts.
import { allocate, plan, type DemandLine, type Facts, type Order } from "~/backorders";
import { formatTiming, measure, seededRandom, type Benchmark } from "./harness";

const LINES = 100_000;
const ITEM = "gid://shopify/InventoryItem/1";
const LOCATION = "gid://shopify/Location/1";
const START = Date.UTC(2030, 0, 1);

function waitingLines(): DemandLine[] {
  const random = seededRandom(42);
  // Orders arrive over 30 days in shuffled order, with second-level ties; one in ten customers is tagged.
  return Array.from({ length: LINES }, (_, i) => ({
    lineId: `gid://shopify/LineItem/${1_000_000 + i}`,
    orderId: `gid://shopify/Order/${500_000 + i}`,
    orderedAt: START + Math.floor(random() * 30 * 86_400) * 1000,
    priorityCustomer: random() < 0.1,
    quantity: 1 + Math.floor(random() * 3),
  }));
}

function shopFacts(lines: readonly DemandLine[]): Facts {
  const orders: Order[] = lines.map((line, i) => ({
    id: line.orderId,
    createdAt: new Date(line.orderedAt).toISOString(),
    cancelledAt: null,
    customerTags: line.priorityCustomer ? ["vip"] : [],
    fulfillmentOrders: [
      {
        id: `gid://shopify/FulfillmentOrder/${2_000_000 + i}`,
        status: "OPEN",
        assignedLocationId: LOCATION,
        holds: [],
        lineItems: [
          {
            id: `gid://shopify/FulfillmentOrderLineItem/${3_000_000 + i}`,
            lineItemId: line.lineId,
            inventoryItemId: ITEM,
            totalQuantity: line.quantity,
            remainingQuantity: line.quantity,
          },
        ],
      },
    ],
  }));
  return {
    orders,
    inventoryLevels: [{ inventoryItemId: ITEM, locationId: LOCATION, available: 50_000 - 200_000, committed: 200_000 }],
    variants: [
      {
        id: "gid://shopify/ProductVariant/1",
        productId: "gid://shopify/Product/1",
        inventoryItemId: ITEM,
        inventoryPolicy: "CONTINUE",
        backorders: { enabled: true, cap: { kind: "DYNAMIC" }, leadTimeDays: 21, message: null },
        badge: null,
      },
    ],
    supply: [
      { id: "gid://shopify/Supply/1", inventoryItemId: ITEM, locationId: LOCATION, quantity: 60_000, expectedOn: "2030-02-15" },
      { id: "gid://shopify/Supply/2", inventoryItemId: ITEM, locationId: LOCATION, quantity: 40_000, expectedOn: "2030-03-01" },
    ],
    releasedByMerchant: [],
    storedLines: [],
  };
}

export const allocationBenchmarks: Benchmark[] = [
  {
    name: `allocate: 1 variant, 1 location, ${LINES.toLocaleString("en")} waiting lines, 50,000 units, priority-tag rule, 100 pins`,
    run() {
      const lines = waitingLines();
      const priority = { rule: "PRIORITY_TAG_FIRST" as const, pins: lines.slice(-100).map((l) => l.lineId) };
      return formatTiming(measure(() => allocate(50_000, lines, priority)));
    },
  },
  {
    name: `plan: the same ${LINES.toLocaleString("en")} orders as facts (demand, allocation, promises, holds, caps)`,
    run() {
      const facts = shopFacts(waitingLines());
      const settings = {
        priorityRule: "OLDEST_FIRST" as const,
        priorityTag: "vip",
        pins: [],
        fulfillmentMode: "SHIP_AVAILABLE" as const,
        handlingDays: 2,
        timeZone: "UTC",
      };
      const now = new Date("2030-01-31T12:00:00Z");
      return formatTiming(
        measure(() => plan(facts, settings, now), { warmup: 3, runs: 15 }),
        15,
      );
    },
  },
];

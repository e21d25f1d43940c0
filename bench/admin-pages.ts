// Server time of each admin page's loaders in a big shop: 100,000 waiting
// lines, 10,000 variants, 5,000 incoming-stock rows and 1,000,000 audit
// events, on SQLite and on PostgreSQL. Each page is fetched as the embedded
// admin fetches it on navigation (`<path>.data`, with a session token) from
// the built app. Target (issue 12): p95 under 150 ms per page.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb, type Db } from "~/db/client.server";
import { lateOn, searchTextOf, tagsColumn } from "~/engine/queue-columns.server";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { migrate } from "../scripts/migrate.mjs";
import { BROWSER_USER_AGENT, removeSqlite } from "../sim/app-process";
import { signSessionToken } from "../sim/auth";
import { startApp } from "../tests/support/app-server";
import { TEST_API_KEY, TEST_ENCRYPTION_KEY, TEST_SECRET, TEST_SHOP } from "../tests/support/constants";
import { postgresUrl, root, withPostgres } from "../tests/support/postgres";
import { seededRandom, type Benchmark } from "./harness";

const SIZES = { variants: 10_000, waitingLines: 100_000, linesPerOrder: 2, supply: 5_000, auditEvents: 1_000_000 };
const ALL_PAGES = ["/app", "/app/backorders", "/app/products", "/app/incoming", "/app/planning", "/app/activity", "/app/settings"];
// ADMIN_BENCH_PAGES=/app/planning,/app/incoming measures only those pages (with their query strings, if any).
const PAGES = process.env.ADMIN_BENCH_PAGES?.split(",") ?? ALL_PAGES;
const RUNS = 40;
const BATCH = 5_000;

export const adminBenchmarks: Benchmark[] = [
  { name: "admin page loaders: big shop on SQLite", run: () => benchAdminPages("sqlite") },
  { name: "admin page loaders: big shop on PostgreSQL", run: () => benchAdminPages("postgresql") },
];

async function benchAdminPages(provider: "sqlite" | "postgresql"): Promise<Record<string, string>> {
  const { url, drop } = await freshDatabase(provider);
  const db = createDb(url);
  const seeding = performance.now();
  await seedBigShop(db);
  // A live PostgreSQL has been vacuumed and analysed by autovacuum long before a page is read; a
  // freshly bulk-loaded one has neither (no visibility map for index-only scans, no statistics).
  if (provider === "postgresql") await db.$executeRawUnsafe("VACUUM ANALYZE");
  const seededIn = ((performance.now() - seeding) / 1000).toFixed(0);
  const app = await startApp({ DATABASE_URL: url, RUN_JOBS: "false" });
  try {
    const figures: Record<string, string> = {
      shop: `${SIZES.waitingLines} waiting lines, ${SIZES.variants} variants, ${SIZES.supply} incoming, ${SIZES.auditEvents} audit events (seeded in ${seededIn} s)`,
    };
    for (const page of PAGES) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 5; i++) {
        const started = performance.now();
        const response = await fetch(`${app.url}${dataPath(page)}`, { headers: adminHeaders() });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${page}: ${response.status}\n${app.output().slice(-2000)}`);
        if (i >= 5) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1);
      figures[page] = `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
    }
    return figures;
  } finally {
    await app.stop();
    await db.$disconnect();
    await drop();
  }
}

/** The loader data URL of a page path that may carry a query string: `/app/backorders.data?late=1`. */
function dataPath(page: string) {
  const [path, query] = page.split("?");
  return query ? `${path}.data?${query}` : `${path}.data`;
}

/** Headers of the embedded admin's data requests: a fresh session token each time, as App Bridge sends. */
function adminHeaders() {
  const token = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
  return { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT };
}

async function freshDatabase(provider: "sqlite" | "postgresql") {
  if (provider === "sqlite") {
    const dir = join(root, ".cache", "bench");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `admin-${process.pid}.db`);
    removeSqlite(file);
    await migrate(`file:${file}`);
    return { url: `file:${file}`, drop: async () => removeSqlite(file) };
  }
  const name = `bm_bench_admin_${process.pid}`;
  await withPostgres((client) => client.query(`CREATE DATABASE "${name}"`));
  await migrate(postgresUrl(name));
  return { url: postgresUrl(name), drop: () => withPostgres((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)) };
}

async function inBatches<T>(count: number, make: (i: number) => T, write: (rows: T[]) => Promise<unknown>) {
  for (let from = 0; from < count; from += BATCH) {
    await write(Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => make(from + k)));
  }
}

/** The installed shop with its offline session, and the big shop's rows. */
async function seedBigShop(db: Db) {
  const shop = TEST_SHOP;
  const random = seededRandom(12);
  const sessionId = `offline_${shop}`;
  const sealed = tokenCipher(Buffer.from(TEST_ENCRYPTION_KEY, "base64")).seal("bench-offline-token", sessionId);
  await db.shop.create({ data: { shop, name: "Big Shop", currencyCode: "USD", ianaTimezone: "UTC", storeReadAt: new Date() } });
  await db.session.create({
    data: { id: sessionId, shop, state: "", isOnline: false, scope: "read_orders,read_products", accessToken: sealed },
  });
  const locations = ["gid://shopify/Location/1", "gid://shopify/Location/2"];
  await db.location.createMany({ data: locations.map((locationId, i) => ({ shop, locationId, name: `Warehouse ${i + 1}` })) });
  const item = (v: number) => `gid://shopify/InventoryItem/${v + 1}`;

  await inBatches(
    SIZES.variants,
    (v) => ({
      shop,
      variantId: `gid://shopify/ProductVariant/${v + 1}`,
      productId: `gid://shopify/Product/${Math.floor(v / 4) + 1}`,
      inventoryItemId: item(v),
      sku: `SKU-${String(v + 1).padStart(5, "0")}`,
      title: `Size ${(v % 4) + 1}`,
      productTitle: `Product ${Math.floor(v / 4) + 1}`,
      vendor: `Vendor ${(v % 25) + 1}`,
      inventoryPolicy: "CONTINUE",
      backordersEnabled: v % 3 !== 0,
      leadTimeDays: v % 5 === 0 ? null : 14,
    }),
    (data) => db.variantSetting.createMany({ data }),
  );
  const orders = SIZES.waitingLines / SIZES.linesPerOrder;
  const started = Date.UTC(2026, 8, 1);
  await inBatches(
    orders,
    (o) => ({
      shop,
      orderId: `gid://shopify/Order/${o + 1}`,
      name: `#${1001 + o}`,
      snapshot: JSON.stringify({
        orderId: `gid://shopify/Order/${o + 1}`,
        name: `#${1001 + o}`,
        createdAt: new Date(started + o * 60_000).toISOString(),
        cancelledAt: null,
        customerTags: o % 10 === 0 ? ["priority"] : [],
        fulfillmentOrders: [],
      }),
      orderedAt: new Date(started + o * 60_000),
      lineCount: SIZES.linesPerOrder,
    }),
    (data) => db.orderSnapshot.createMany({ data }),
  );
  // Each item's waiting lines in order of arrival, their place in line counted per item and location.
  const place = new Map<string, number>();
  await inBatches(
    SIZES.waitingLines,
    (n) => {
      const v = Math.floor(random() * SIZES.variants);
      const locationId = locations[n % 2];
      const key = `${v}@${locationId}`;
      const queuePosition = (place.get(key) ?? 0) + 1;
      place.set(key, queuePosition);
      const quantity = 1 + Math.floor(random() * 3);
      const eta = new Date(started + (60 + Math.floor(random() * 90)) * 86_400_000).toISOString().slice(0, 10);
      // The Backorders page's columns, as the engine copies them from the order and the variant.
      const o = Math.floor(n / SIZES.linesPerOrder);
      const queue = {
        orderName: `#${1001 + o}`,
        sku: `SKU-${String(v + 1).padStart(5, "0")}`,
        productLabel: `Product ${Math.floor(v / 4) + 1} (Size ${(v % 4) + 1})`,
        customerName: `Customer ${o % 20_000}`,
      };
      return {
        ...queue,
        orderedAt: new Date(started + o * 60_000),
        customerTags: tagsColumn(o % 10 === 0 ? ["priority"] : []),
        searchText: searchTextOf(queue),
        lateOn: lateOn({ promisedEta: eta, currentEta: eta }),
        shop,
        orderId: `gid://shopify/Order/${Math.floor(n / SIZES.linesPerOrder) + 1}`,
        lineItemId: `gid://shopify/LineItem/${n + 1}`,
        locationId,
        inventoryItemId: item(v),
        quantity,
        allocated: 0,
        backordered: quantity,
        queuePosition,
        state: "backordered",
        promisedEta: eta,
        currentEta: eta,
        etaSource: "SUPPLY",
        createdAt: new Date(started + n * 30_000),
        backorderedOn: new Date(started + n * 30_000).toISOString().slice(0, 10),
        waitedUnits: quantity,
        unitPriceCents: 1_000 + (v % 50) * 100,
      };
    },
    (data) => db.backorderLine.createMany({ data }),
  );
  await inBatches(
    SIZES.supply,
    (s) => ({
      shop,
      inventoryItemId: item(Math.floor(random() * SIZES.variants)),
      locationId: locations[s % 2],
      quantity: 10 + Math.floor(random() * 90),
      expectedOn: new Date(started + (30 + (s % 120)) * 86_400_000).toISOString().slice(0, 10),
      reference: `PO-${1000 + Math.floor(s / 10)}`,
      vendor: `Vendor ${(s % 25) + 1}`,
      status: s % 5 === 0 ? "RECEIVED" : "EXPECTED",
    }),
    (data) => db.inboundSupply.createMany({ data }),
  );
  const types = ["line.backordered", "line.released", "line.eta_changed", "hold.placed", "hold.released", "variant.policy_changed"];
  await inBatches(
    SIZES.auditEvents,
    (a) => ({
      shop,
      type: types[a % types.length],
      subject: `gid://shopify/LineItem/${(a % SIZES.waitingLines) + 1}@${locations[a % 2]}`,
      data: JSON.stringify({ orderId: `gid://shopify/Order/${(a % orders) + 1}` }),
      createdAt: new Date(started + a * 7_000),
    }),
    (data) => db.auditEvent.createMany({ data }),
  );
}

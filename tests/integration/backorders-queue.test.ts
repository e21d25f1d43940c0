// The Backorders page's data and actions on both databases: the waiting
// lines of one shop only, filtered, searched, sorted and paged by cursor
// over the columns the engine copies onto each line; pins, unpins and
// "release now" are written, audited, asked to be acted on at once, and
// refused for another shop's lines.
import { beforeAll, describe, expect, it } from "vitest";
import { RECONCILE_JOB } from "~/engine/requests.server";
import { LineNotFoundError, pinLines, releaseLinesNow, unpinLines } from "~/engine/queue-actions.server";
import { lateOn, searchTextOf, tagsColumn } from "~/engine/queue-columns.server";
import { lineDetail, queueFilters, queuePage, type QueueFilters } from "~/engine/queue.server";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();
const OTHER_SHOP = "queue-other.myshopify.com";
const WAREHOUSE = "gid://shopify/Location/1";
const STORE = "gid://shopify/Location/2";
/** Today in the shop's time zone, for the late filter. */
const NOW = new Date("2026-12-02T12:00:00Z");
const notified: string[] = [];
const jobs = { notify: async (shop: string) => void notified.push(shop) };

type Seed = {
  n: number;
  sku: string;
  customer: string;
  tags?: string[];
  locationId?: string;
  promised?: string | null;
  current?: string | null;
  units?: number;
  state?: string;
  shop?: string;
};

function line({ n, sku, customer, tags = [], locationId = WAREHOUSE, promised = null, current = null, units = 1, state, shop }: Seed) {
  const orderName = `#${1000 + n}`;
  const productLabel = sku === "MUG" ? "Mug (Blue)" : `Sock ${sku}`;
  return {
    shop: shop ?? TEST_SHOP,
    orderId: `gid://shopify/Order/${n}`,
    lineItemId: `gid://shopify/LineItem/${n}`,
    locationId,
    inventoryItemId: sku === "MUG" ? "gid://shopify/InventoryItem/1" : `gid://shopify/InventoryItem/${sku}`,
    quantity: units,
    allocated: 0,
    backordered: units,
    queuePosition: n,
    state: state ?? "backordered",
    promisedEta: promised,
    currentEta: current,
    lateOn: lateOn({ promisedEta: promised, currentEta: current }),
    orderName,
    orderedAt: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000),
    customerName: customer,
    customerTags: tagsColumn(tags),
    sku,
    productLabel,
    searchText: searchTextOf({ orderName, sku, productLabel, customerName: customer }),
    createdAt: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000),
  };
}

const page = (input: Record<string, string> = {}) => queuePage(fresh.db, TEST_SHOP, queueFilters.parse(input) as QueueFilters, NOW);
const orders = async (input: Record<string, string> = {}) => (await page(input)).rows.map((row) => row.orderName);

beforeAll(async () => {
  const { db } = fresh;
  await db.shop.createMany({ data: [{ shop: TEST_SHOP, ianaTimezone: "America/Toronto" }, { shop: OTHER_SHOP }] });
  await db.location.createMany({
    data: [
      { shop: TEST_SHOP, locationId: WAREHOUSE, name: "Warehouse" },
      { shop: TEST_SHOP, locationId: STORE, name: "Shop floor" },
    ],
  });
  await db.variantSetting.create({
    data: {
      shop: TEST_SHOP,
      variantId: "gid://shopify/ProductVariant/1",
      productId: "gid://shopify/Product/1",
      inventoryItemId: "gid://shopify/InventoryItem/1",
      sku: "MUG",
      title: "Blue",
      productTitle: "Mug",
      imageUrl: "https://cdn.example/mug.png",
      inventoryPolicy: "CONTINUE",
    },
  });
  await db.backorderLine.createMany({
    data: [
      line({ n: 1, sku: "MUG", customer: "Ada Lovelace", tags: ["VIP"], promised: "2026-11-30", current: "2026-11-30" }),
      line({ n: 2, sku: "MUG", customer: "Ben Okri", promised: "2026-12-10", current: "2026-12-20", units: 3 }),
      line({ n: 3, sku: "MUG", customer: "Cleo Wu", locationId: STORE, promised: "2026-12-10", current: "2026-12-10" }),
      line({ n: 4, sku: "MUG", customer: "Dan Ito", state: "released" }),
      ...Array.from({ length: 60 }, (_, i) => line({ n: 10 + i, sku: `S${i}`, customer: "Eve Socks", tags: ["wholesale", "vip"] })),
      line({ n: 5, sku: "MUG", customer: "Other Shopper", shop: OTHER_SHOP }),
    ],
  });
});

describe("the queue's pages", () => {
  it("lists only this shop's waiting lines, oldest order first, 50 a page, with cursors both ways", async () => {
    const first = await page();
    expect(first.rows).toHaveLength(50);
    expect(first.rows.slice(0, 3).map((r) => [r.orderName, r.customerName, r.location, r.product, r.imageUrl])).toEqual([
      ["#1001", "Ada Lovelace", "Warehouse", "Mug (Blue)", "https://cdn.example/mug.png"],
      ["#1002", "Ben Okri", "Warehouse", "Mug (Blue)", "https://cdn.example/mug.png"],
      ["#1003", "Cleo Wu", "Shop floor", "Mug (Blue)", "https://cdn.example/mug.png"],
    ]);
    expect(first.rows[0].orderUrl).toBe("shopify:admin/orders/1");
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();

    const second = await page({ after: first.next! });
    expect(second.rows.map((r) => r.orderName)).toEqual(Array.from({ length: 13 }, (_, i) => `#${1057 + i}`));
    expect(second.next).toBeNull();
    const back = await page({ before: second.previous! });
    expect(back.rows.map((r) => r.orderName)).toEqual(first.rows.map((r) => r.orderName));
    expect(back.previous).toBeNull();
    // Neither the released line nor the other shop's line is ever listed.
    const all = [...first.rows, ...second.rows].map((r) => r.orderName);
    expect(all).not.toContain("#1004");
    expect(all).not.toContain("#1005");
    expect(new Set(all).size).toBe(63);
  });

  it("sorts by units waiting and by product, paging through ties by id", async () => {
    expect((await orders({ sort: "units-desc" }))[0]).toBe("#1002");
    const byProduct = await page({ sort: "product-asc" });
    expect(byProduct.rows.slice(0, 3).map((r) => r.orderName)).toEqual(["#1001", "#1002", "#1003"]);
    const rest = await page({ sort: "product-asc", after: byProduct.next! });
    expect(rest.rows).toHaveLength(13);
    const seen = new Set([...byProduct.rows, ...rest.rows].map((r) => r.id));
    expect(seen.size).toBe(63);
  });

  it("filters by product, location, lateness, customer tag and hold, and searches", async () => {
    expect(await orders({ product: "MUG" })).toEqual(["#1001", "#1002", "#1003"]);
    expect(await orders({ product: "MUG", location: "2" })).toEqual(["#1003"]);
    // #1001's date passed (today is 2026-12-02 in Toronto); #1002's moved past its promise.
    expect(await orders({ late: "1" })).toEqual(["#1001", "#1002"]);
    expect((await page({ late: "1" })).rows.map((r) => r.late)).toEqual([true, true]);
    expect(await orders({ tag: "vip", product: "MUG" })).toEqual(["#1001"]);
    const wholesale = await page({ tag: "Wholesale" });
    expect([wholesale.rows.length, (await page({ tag: "Wholesale", after: wholesale.next! })).rows.length]).toEqual([50, 10]);
    expect(await orders({ q: "okri" })).toEqual(["#1002"]);
    expect(await orders({ q: "#1003" })).toEqual(["#1003"]);
    expect(await orders({ q: "s59" })).toEqual(["#1069"]);
    expect(await orders({ hold: "released" })).toEqual([]);
    expect(await orders({ q: "Other Shopper" })).toEqual([]);
  });

  it("names a filter that matches nothing in the store, and a bad value, by its field", async () => {
    expect((await page({ product: "NOPE" })).errors).toEqual({ product: "product: no variant with SKU or ID NOPE followed by the app" });
    expect((await page({ location: "99" })).errors).toEqual({ location: "location: no location 99 in this store" });
    const byProduct = await page({ sort: "product-asc" });
    expect((await page({ sort: "units-desc", after: byProduct.next! })).errors).toEqual({ after: "after: is not a page of this list" });
    const bad = queueFilters.safeParse({ sort: "price-asc", late: "maybe", after: "garbage" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((issue) => issue.path[0]).sort()).toEqual(["after", "late", "sort"]);
  });
});

describe("the merchant's actions on lines", () => {
  const idOf = async (orderName: string, shop = TEST_SHOP) =>
    (await fresh.db.backorderLine.findFirstOrThrow({ where: { shop, orderName } })).id;

  it("pins lines in the order pinned, audits it as the merchant's, asks for a reconcile and announces it", async () => {
    const { db } = fresh;
    notified.length = 0;
    expect(await pinLines({ db, jobs }, TEST_SHOP, [await idOf("#1003"), await idOf("#1002")])).toEqual({ changed: 2 });
    expect(JSON.parse((await db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).pins)).toEqual([
      "gid://shopify/LineItem/3",
      "gid://shopify/LineItem/2",
    ]);
    // Pinning again changes nothing and records nothing.
    expect(await pinLines({ db, jobs }, TEST_SHOP, [await idOf("#1003")])).toEqual({ changed: 0 });
    const audits = await db.auditEvent.findMany({ where: { shop: TEST_SHOP, type: "line.pinned" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.subject, JSON.parse(a.data), JSON.parse(a.trigger!)])).toEqual([
      [`gid://shopify/LineItem/3@${STORE}`, { pin: 1 }, { kind: "merchant" }],
      [`gid://shopify/LineItem/2@${WAREHOUSE}`, { pin: 2 }, { kind: "merchant" }],
    ]);
    expect(await db.job.count({ where: { shop: TEST_SHOP, name: RECONCILE_JOB, status: "QUEUED" } })).toBe(1);
    expect(notified).toEqual([TEST_SHOP]);
    expect((await page({ product: "MUG" })).rows.map((r) => r.pinned)).toEqual([false, true, true]);

    expect(await unpinLines({ db, jobs }, TEST_SHOP, [await idOf("#1003")])).toEqual({ changed: 1 });
    expect(JSON.parse((await db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).pins)).toEqual(["gid://shopify/LineItem/2"]);
  });

  it("releases a line now: it is marked the merchant's to ship, audited, and shows under the released filter", async () => {
    const { db } = fresh;
    expect(await releaseLinesNow({ db, jobs }, TEST_SHOP, [await idOf("#1001")])).toEqual({ changed: 1 });
    expect((await db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderName: "#1001" } })).releasedByMerchant).toBe(true);
    expect(await db.auditEvent.count({ where: { shop: TEST_SHOP, type: "line.release_now" } })).toBe(1);
    const released = await page({ hold: "released" });
    expect(released.rows.map((r) => [r.orderName, r.hold])).toEqual([["#1001", "released"]]);
  });

  it("refuses another shop's line, a line that no longer waits, and bad ids, changing nothing", async () => {
    const { db } = fresh;
    const before = await db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    const auditsBefore = await db.auditEvent.count();
    const theirs = await idOf("#1005", OTHER_SHOP);
    await expect(pinLines({ db, jobs }, TEST_SHOP, [await idOf("#1002"), theirs])).rejects.toThrow(LineNotFoundError);
    await expect(releaseLinesNow({ db, jobs }, TEST_SHOP, [theirs])).rejects.toThrow(`ids: no waiting line ${theirs} in this store`);
    await expect(releaseLinesNow({ db, jobs }, TEST_SHOP, [await idOf("#1004")])).rejects.toThrow(LineNotFoundError);
    await expect(pinLines({ db, jobs }, TEST_SHOP, [])).rejects.toThrow("select at least one line");
    await expect(pinLines({ db, jobs }, TEST_SHOP, [-1])).rejects.toThrow("must be line ids");
    expect((await db.shop.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).pins).toBe(before.pins);
    expect((await db.backorderLine.findFirstOrThrow({ where: { id: theirs } })).releasedByMerchant).toBe(false);
    expect(await db.auditEvent.count()).toBe(auditsBefore);
  });

  it("shows a line's detail with its history to its own shop only", async () => {
    const id = await idOf("#1003");
    const detail = await lineDetail(fresh.db, TEST_SHOP, id, NOW);
    expect(detail?.line).toMatchObject({ orderName: "#1003", location: "Shop floor", state: "backordered" });
    expect(detail?.history.map((h) => h.what)).toEqual([
      "Unpinned the line of Mug (Blue) on #1003 at Shop floor",
      "Pinned the line of Mug (Blue) on #1003 at Shop floor to the front of the line (pin 1)",
    ]);
    expect(await lineDetail(fresh.db, OTHER_SHOP, id, NOW)).toBeNull();
  });
});

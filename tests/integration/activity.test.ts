// The Activity page's data: each audit event says what set it off (a store
// event, the merchant, the schedule), and the trail is read a page at a time
// with filters, on both databases. The webhook goes through the built app's
// intake and job runner; the merchant's change through its use case.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditPage } from "~/audit/activity.server";
import { auditFilters } from "~/audit/filters";
import type { Db } from "~/db/client.server";
import { jsonObject } from "~/db/codecs";
import { FULL_RECONCILE_JOB, RECONCILE_JOB } from "~/engine/requests.server";
import { scheduleFullReconciles } from "~/engine/schedule.server";
import { updateShopSettings } from "~/engine/settings.server";
import { replayFromAdmin } from "~/inbox/dead-letters.server";
import { enqueue } from "~/jobs/queue.server";
import { eventually, type AppServer } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { installTestShop, startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, customersDataRequest } from "../support/payloads";
import { deliver } from "../support/webhooks";

let app: AppServer;
let db: Db;
const OTHER_SHOP = "activity-other.myshopify.com";
/** The job runner's port, as a merchant's change sees it: which shops it was told about. */
const notified: string[] = [];
const jobs = { notify: async (shop: string) => void notified.push(shop) };

beforeAll(async () => ({ app, db } = await startAppOnFreshDatabase(installTestShop)));
afterAll(() => stopAppOnDatabase({ app, db }));

const triggerOf = (row: { trigger: string | null }) => (row.trigger ? JSON.parse(row.trigger) : null);

describe("what set a decision off", () => {
  it("records the store event (topic and webhook id) for a decision its job made", async () => {
    const webhookId = "activity-data-request";
    expect((await deliver(app.url, { topic: "customers/data_request", body: customersDataRequest(alice, []), webhookId })).status).toBe(
      200,
    );
    const row = await eventually(
      async () => (await db.auditEvent.findFirst({ where: { shop: TEST_SHOP, type: "customer.data_requested" } })) ?? undefined,
    );
    expect(triggerOf(row)).toEqual({ kind: "webhook", topic: "customers/data_request", webhookId });

    const page = await auditPage(db, TEST_SHOP, auditFilters.parse({ kind: "customer.data_requested" }));
    expect(page.entries.map((e) => e.trigger)).toEqual([`Store event customers/data_request (webhook ${webhookId})`]);
    expect(page.entries[0].what).toBe(`Gathered the data the app holds about customer/${alice.id}`);
  });

  it("records the merchant for a settings change, and hands the cause on to the reconcile it asks for", async () => {
    await db.job.deleteMany({ where: { shop: TEST_SHOP, name: RECONCILE_JOB } });
    await updateShopSettings({ db, jobs }, TEST_SHOP, {
      priorityRule: "PRIORITY_TAG_FIRST",
      priorityTag: "vip",
      fulfillmentMode: "SHIP_AVAILABLE",
      handlingDays: 1,
    });
    const row = await db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "settings.changed" } });
    expect(triggerOf(row)).toEqual({ kind: "merchant" });
    const reconcile = await db.job.findFirstOrThrow({ where: { shop: TEST_SHOP, name: RECONCILE_JOB } });
    expect(JSON.parse(reconcile.payload)).toEqual({ trigger: { kind: "merchant" } });
    expect(notified).toContain(TEST_SHOP);

    const page = await auditPage(db, TEST_SHOP, auditFilters.parse({ kind: "settings.changed" }));
    expect(page.entries[0]).toMatchObject({ what: "Changed how waiting orders are ranked and held", trigger: "You, in the app" });
  });

  it("marks the periodic full reconcile as the schedule's", async () => {
    await db.shop.create({ data: { shop: OTHER_SHOP } });
    await scheduleFullReconciles(db, jobs);
    const job = await db.job.findFirstOrThrow({ where: { shop: OTHER_SHOP, name: FULL_RECONCILE_JOB } });
    expect(JSON.parse(job.payload)).toEqual({ trigger: { kind: "schedule" } });
    await db.job.deleteMany({ where: { shop: OTHER_SHOP } });
    await db.shop.update({ where: { shop: OTHER_SHOP }, data: { uninstalledAt: new Date() } });
  });
});

describe("replaying a dead letter from the admin", () => {
  it("answers nothing for another shop's dead letter, and replays one of this shop's alone, as the merchant", async () => {
    const mine = await enqueue(db, { shop: OTHER_SHOP, name: "no.such.job", payload: {} });
    await db.job.update({ where: { id: mine.id }, data: { status: "DEAD", attempts: 8, lastError: "Error: boom" } });
    const other = await enqueue(db, { shop: OTHER_SHOP, name: "no.such.job", payload: {} });
    await db.job.update({ where: { id: other.id }, data: { status: "DEAD", attempts: 8, lastError: "Error: boom" } });

    expect(await replayFromAdmin({ db, jobs }, TEST_SHOP, { kind: "job", id: mine.id })).toBeNull();
    expect((await db.job.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("DEAD");

    notified.length = 0;
    expect(await replayFromAdmin({ db, jobs }, OTHER_SHOP, { kind: "job", id: mine.id })).toEqual({ jobs: 1, webhookEvents: 0 });
    expect((await db.job.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("QUEUED");
    expect((await db.job.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("DEAD");
    expect(notified).toEqual([OTHER_SHOP]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { shop: OTHER_SHOP, type: "dead_letters.replayed" } });
    expect(triggerOf(audit)).toEqual({ kind: "merchant" });
    await db.job.deleteMany({ where: { shop: OTHER_SHOP } });
  });
});

describe("reading the trail a page at a time", () => {
  const shop = "activity-pages.myshopify.com";
  const base = Date.parse("2026-11-20T12:00:00Z");

  beforeAll(async () => {
    await db.shop.create({ data: { shop, ianaTimezone: "UTC" } });
    // 120 events, two a day at the same instant (the cursor must not lose one of a pair), newest last.
    await db.auditEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        shop,
        type: i % 3 === 0 ? "hold.placed" : "line.line_transition",
        subject: i % 3 === 0 ? `gid://shopify/FulfillmentOrder/${i}` : `gid://shopify/LineItem/${i}@gid://shopify/Location/1`,
        data: jsonObject.encode(i % 3 === 0 ? { holdId: `h${i}` } : { from: null, to: "backordered", n: i }),
        createdAt: new Date(base - Math.floor((119 - i) / 2) * 86_400_000),
      })),
    });
    // Another shop's events never show.
    await db.auditEvent.create({ data: { shop: OTHER_SHOP, type: "hold.placed", createdAt: new Date(base) } });
  });

  const pageOf = (filters: Record<string, string>) => auditPage(db, shop, auditFilters.parse(filters));

  it("pages newest first, 50 at a time, through every event once, and back again", async () => {
    const seen: number[] = [];
    let page = await pageOf({});
    const first = page;
    expect(page.newer).toBeNull();
    for (;;) {
      seen.push(...page.entries.map((e) => e.id));
      if (!page.older) break;
      page = await pageOf({ after: page.older });
    }
    const all = await db.auditEvent.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((row) => row.id));
    expect(first.entries).toHaveLength(50);

    const second = await pageOf({ after: first.older ?? "" });
    const back = await pageOf({ before: second.newer ?? "" });
    expect(back.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect(back.newer).toBeNull();
  });

  it("filters by kind and by date range, in the shop's days, and lists the kinds the trail holds", async () => {
    const holds = await pageOf({ kind: "hold.placed" });
    expect(holds.entries).toHaveLength(40);
    expect(new Set(holds.entries.map((e) => e.kind))).toEqual(new Set(["Hold placed"]));
    expect(holds.kinds).toEqual([
      { value: "hold.placed", label: "Hold placed" },
      { value: "line.line_transition", label: "Line state changed" },
    ]);
    const day = await pageOf({ from: "2026-11-20", to: "2026-11-20" });
    expect(day.entries).toHaveLength(2);
    expect(day.entries.every((e) => e.at.startsWith("2026-11-20"))).toBe(true);
    expect((await pageOf({ from: "2026-11-19", to: "2026-11-20", kind: "line.line_transition" })).entries.length).toBeGreaterThan(0);
  });

  it("says which filter names nothing in the store", async () => {
    expect((await pageOf({ order: "#9999" })).errors).toEqual({ order: "order: no order #9999 in this store" });
    expect((await pageOf({ product: "NO-SKU" })).errors).toEqual({
      product: "product: no variant with SKU or ID NO-SKU followed by the app",
    });
  });
});

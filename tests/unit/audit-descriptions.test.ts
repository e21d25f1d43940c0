import { describe, expect, it } from "vitest";
import { describeAudit, describeTrigger, humanizeType, kindLabel, type AuditEntry } from "~/audit/describe";
import { auditFilters, dateRange, encodeCursor, orderLookup, startOfShopDay } from "~/audit/filters";
import { parseTrigger } from "~/audit/trigger";

const entry = (type: string, data: Record<string, unknown> = {}, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  type,
  subject: null,
  data,
  trigger: null,
  ...extra,
});

const names = { order: "#1001", product: "Mug (Blue)", location: "Warehouse" };

describe("what the audit trail says about each decision", () => {
  it("says a new line went on backorder, why, and names its product, order and location", () => {
    const described = describeAudit(
      entry(
        "line.line_transition",
        { from: null, to: "backordered" },
        { names, trigger: { kind: "webhook", topic: "orders/create", webhookId: "w-1" } },
      ),
    );
    expect(described).toEqual({
      kind: "Line state changed",
      what: "The line of Mug (Blue) on #1001 at Warehouse is waiting for stock",
      why: "There was not enough stock at its location to ship it, so it waits in line for incoming units.",
      trigger: "Store event orders/create (webhook w-1)",
    });
  });

  it("tells a line released after waiting from one that lost its stock to an earlier order", () => {
    expect(describeAudit(entry("line.line_transition", { from: "allocated", to: "released" }, { names })).what).toBe(
      "The line of Mug (Blue) on #1001 at Warehouse is released to ship (was given stock)",
    );
    expect(describeAudit(entry("line.line_transition", { from: "allocated", to: "backordered" })).why).toMatch(/ahead of it in line/);
  });

  it("says which date was promised or how it moved, and when no date can be promised any more", () => {
    expect(describeAudit(entry("line.promise_given", { eta: "2026-12-20" }, { names })).what).toBe(
      "Promised 2026-12-20 for the line of Mug (Blue) on #1001 at Warehouse",
    );
    expect(describeAudit(entry("line.promise_moved", { from: "2026-12-20", to: "2026-12-27" })).what).toBe(
      "Moved the date for the line from 2026-12-20 to 2026-12-27",
    );
    expect(describeAudit(entry("line.promise_moved", { from: "2026-12-20", to: null })).what).toBe(
      "No date can be promised for the line any more (it was 2026-12-20)",
    );
  });

  it("describes holds, policies and the merchant's settings in plain words", () => {
    expect(describeAudit(entry("hold.placed", { holdId: "h1" }, { names: { order: "#1002" } })).what).toBe(
      "Held the lines of order #1002 that cannot ship",
    );
    expect(describeAudit(entry("hold.released", {})).what).toBe("Released the app's hold on an order");
    expect(describeAudit(entry("variant.policy_changed", { policy: "DENY" }, { names: { product: "Lamp" } })).what).toBe(
      "Stopped Lamp selling when out of stock",
    );
    expect(
      describeAudit(
        entry("settings.changed", {
          priorityRule: "PRIORITY_TAG_FIRST",
          priorityTag: "vip",
          fulfillmentMode: "SHIP_COMPLETE",
          handlingDays: 2,
        }),
      ).why,
    ).toBe('Priority: customers tagged "vip" first, then oldest order first; ship complete orders only; 2 handling days.');
    expect(
      describeAudit(
        entry("variant.settings_changed", { backordersEnabled: true, capKind: "FIXED", capUnits: 10, leadTimeDays: 14, message: null }),
      ).why,
    ).toBe("Backorders on, capped at 10 units, lead time 14 days.");
    expect(describeAudit(entry("dead_letters.replayed", { jobs: 1, webhookEvents: 2 })).what).toBe(
      "Replayed 2 failed store events and 1 failed job",
    );
    expect(describeAudit(entry("dead_letters.replayed", { jobs: 1, webhookEvents: 0 })).what).toBe("Replayed 1 failed job");
    expect(describeAudit(entry("sync.problem", { problem: "release h1: not found" })).why).toBe("release h1: not found");
  });

  it("reads a type it does not know from its name and details, without failing", () => {
    const described = describeAudit(
      entry(
        "pin.added",
        { lineItemId: "gid://shopify/LineItem/5", position: 1, nested: { skip: true } },
        { subject: "gid://shopify/LineItem/5" },
      ),
    );
    expect(described).toEqual({
      kind: "Pin added",
      what: "Pin added (gid://shopify/LineItem/5)",
      why: "lineItemId: gid://shopify/LineItem/5, position: 1",
      trigger: "Not recorded",
    });
    expect(humanizeType("line.release_now")).toBe("Line release now");
    expect(kindLabel("incoming.received")).toBe("Incoming received");
    expect(describeAudit(entry("x", { note: "n".repeat(500) })).why.length).toBeLessThanOrEqual(200);
  });

  it("names each trigger, and an unknown stored trigger reads as not recorded", () => {
    expect(describeTrigger({ kind: "schedule" })).toBe("The scheduled full check of the store");
    expect(describeTrigger({ kind: "merchant" })).toBe("You, in the app");
    expect(describeTrigger({ kind: "install" })).toBe("Installing the app (a full read of the store)");
    expect(describeTrigger({ kind: "job", name: "engine.reconcile" })).toBe("Background job engine.reconcile");
    expect(parseTrigger({ kind: "robot" })).toBeNull();
    expect(describeTrigger(parseTrigger({ kind: "robot" }))).toBe("Not recorded");
  });
});

describe("the Activity page's filters", () => {
  it("takes empty fields as no filter and refuses a range that ends before it starts, naming the field", () => {
    expect(auditFilters.parse({ kind: "", order: " ", from: "", to: "" })).toEqual({});
    const parsed = auditFilters.safeParse({ from: "2026-12-10", to: "2026-12-01" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["to"], message: "must be on or after the start date" });
    expect(auditFilters.safeParse({ from: "yesterday" }).error?.issues[0]).toMatchObject({
      path: ["from"],
      message: "must be a date, YYYY-MM-DD",
    });
    expect(auditFilters.safeParse({ after: "x" }).success).toBe(false);
  });

  it("round-trips a page cursor", () => {
    const at = new Date("2026-12-02T03:04:05.678Z");
    expect(auditFilters.parse({ after: encodeCursor({ at, id: 42 }) }).after).toEqual({ at, id: 42 });
  });

  it("reads a date range as whole days in the shop's time zone", () => {
    expect(startOfShopDay("2026-12-02", "America/Toronto").toISOString()).toBe("2026-12-02T05:00:00.000Z");
    expect(startOfShopDay("2026-07-02", "America/Toronto").toISOString()).toBe("2026-07-02T04:00:00.000Z");
    expect(startOfShopDay("2026-03-08", "America/Toronto").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(dateRange({ from: "2026-12-01", to: "2026-12-01" }, "UTC")).toEqual({
      gte: new Date("2026-12-01T00:00:00Z"),
      lt: new Date("2026-12-02T00:00:00Z"),
    });
  });

  it("finds an order by its name with or without #, or by its id", () => {
    expect(orderLookup("1001")).toEqual({ names: ["1001", "#1001"], id: null });
    expect(orderLookup("#1001")).toEqual({ names: ["#1001"], id: null });
    expect(orderLookup("gid://shopify/Order/5550001")).toEqual({ names: [], id: "gid://shopify/Order/5550001" });
    expect(orderLookup("5550001").id).toBe("gid://shopify/Order/5550001");
  });
});

describe("what the audit trail says about incoming stock", () => {
  it("says a shipment was received, and whether the merchant or the store's stock said so", () => {
    const byStock = describeAudit(entry("supply.received", { quantity: 5, expectedOn: "2030-01-10", by: "stock", rise: 5 }, { names }));
    expect(byStock).toMatchObject({
      kind: "Incoming stock received",
      what: "Received 5 incoming units expected 2030-01-10 of Mug (Blue)",
      why: "The store's stock at its location rose by 5 units: the shipment arrived, and it no longer counts as incoming.",
    });
    expect(describeAudit(entry("supply.received", { quantity: 1, expectedOn: "2030-01-10", by: "merchant" })).why).toBe(
      "Marked received: the stock is on hand now, and no longer counts as incoming.",
    );
  });

  it("says a quantity changed and a row was deleted", () => {
    expect(describeAudit(entry("supply.quantity_changed", { from: 2, to: 5 }, { names })).what).toBe(
      "Changed incoming stock from 2 units to 5 units (Mug (Blue))",
    );
    expect(describeAudit(entry("supply.deleted", { reference: "PO-1", quantity: 1, expectedOn: "2030-01-10" })).what).toBe(
      "Deleted incoming stock PO-1 (1 unit expected 2030-01-10)",
    );
  });

  it("names the customer email and language a merchant edited, reset or switched", () => {
    expect(describeAudit(entry("email.template_changed", { kind: "date_moved", language: "fr" })).what).toBe(
      "Changed the date moved email (French)",
    );
    expect(describeAudit(entry("email.template_reset", { kind: "backorder_confirmation", language: "en" })).what).toBe(
      "Reset the backorder confirmation email (English) to the default",
    );
    expect(describeAudit(entry("email.message_switched", { kind: "on_its_way", on: false }))).toMatchObject({
      what: "Turned off the on its way email",
      why: "Customers no longer get it.",
    });
    expect(kindLabel("email.message_switched")).toBe("Customer email turned on or off");
  });

  it("says what a cancel refunded, and never a refund that was not made", () => {
    const cancelled = (data: Record<string, unknown>) =>
      describeAudit(entry("customer.cancelled_items", { by: "customer", lines: [], ...data }, { names })).why;
    expect(cancelled({ wholeOrder: false, refunded: "18.00 USD" })).toBe(
      "The customer asked, from the order status page; refunded 18.00 USD.",
    );
    expect(cancelled({ wholeOrder: true, refunded: null })).toBe(
      "The customer asked, from the order status page; Shopify refunds the order.",
    );
    expect(cancelled({ wholeOrder: false, refunded: null })).toBe("The customer asked, from the order status page; nothing was refunded.");
  });

  it("says why a delay notice went, and when a second delay asked the customer's consent", () => {
    const sent = (data: Record<string, unknown>) =>
      describeAudit(entry("email.sent", { kind: "date_moved", to: "camille@example.com", ...data }, { names }));
    expect(sent({ notice: "overdue", consentDueOn: null })).toMatchObject({
      what: "Sent the date moved email for order #1001 to camille@example.com",
      why: "The date promised for the items passed and they have not arrived.",
    });
    expect(sent({ notice: "waiting", consentDueOn: null }).why).toBe("The items have waited another 30 days with no date.");
    expect(sent({ notice: "event", consentDueOn: "2030-04-30" }).why).toBe(
      "The date promised for the items moved. It is a second delay: the customer's consent is due by 2030-04-30.",
    );
    expect(
      describeAudit(entry("delay.consent_requested", { dueOn: "2030-04-30", lines: ["gid://shopify/LineItem/1"] }, { names })),
    ).toMatchObject({
      kind: "Consent to a second delay asked",
      what: "Asked the customer of order #1001 to accept a second delay by 2030-04-30",
    });
  });
});

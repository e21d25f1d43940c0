// What the engine's line events mean for the customer: one message per order
// and kind, keyed by each line's promise version, so an event met twice is
// the same message and a new date is a new one.
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "~/backorders";
import { draftMessages, isDelay } from "~/notifications/outbox.server";

const ORDER = "gid://shopify/Order/7";
const mug = { lineItemId: "gid://shopify/LineItem/1", locationId: "gid://shopify/Location/1" };
const towel = { lineItemId: "gid://shopify/LineItem/2", locationId: "gid://shopify/Location/1" };

describe("draftMessages", () => {
  it("confirms the lines that went on backorder together in one message, their first date included", () => {
    const events: AuditEvent[] = [
      { ...mug, type: "LINE_TRANSITION", from: null, to: "backordered" },
      { ...mug, type: "PROMISE_GIVEN", eta: "2030-03-15" },
      { ...towel, type: "LINE_TRANSITION", from: null, to: "backordered" },
    ];
    expect(draftMessages(ORDER, events)).toEqual([
      {
        kind: "backorder_confirmation",
        lines: [mug, towel],
        oldDate: null,
        newDate: null,
        reason: "event",
        dedupeKey: `backorder_confirmation:${ORDER}:${mug.lineItemId}@${mug.locationId}#1|${towel.lineItemId}@${towel.locationId}#1`,
      },
    ]);
  });

  it("tells a moved date once per old and new date, and a first date given later as a move from none", () => {
    const drafts = draftMessages(ORDER, [
      { ...mug, type: "PROMISE_MOVED", from: "2030-03-15", to: "2030-04-02" },
      { ...towel, type: "PROMISE_GIVEN", eta: "2030-05-01" },
    ]);
    expect(drafts.map((d) => [d.kind, d.oldDate, d.newDate, d.lines.length])).toEqual([
      ["date_moved", "2030-03-15", "2030-04-02", 1],
      ["date_moved", null, "2030-05-01", 1],
    ]);
    // The same move met again is the same message; a move back and forth is another.
    const again = draftMessages(ORDER, [{ ...mug, type: "PROMISE_MOVED", from: "2030-03-15", to: "2030-04-02" }]);
    expect(again[0].dedupeKey).toBe(drafts[0].dedupeKey);
    const other = draftMessages(ORDER, [{ ...mug, type: "PROMISE_MOVED", from: "2030-04-02", to: "2030-03-15" }]);
    expect(other[0].dedupeKey).not.toBe(drafts[0].dedupeKey);
  });

  it("says 'on its way' for waiting lines released, 'cancelled' for waiting lines cancelled, and nothing for lines that never waited", () => {
    const drafts = draftMessages(ORDER, [
      { ...mug, type: "LINE_TRANSITION", from: "backordered", to: "released" },
      { ...towel, type: "LINE_TRANSITION", from: "allocated", to: "cancelled" },
      { ...towel, type: "LINE_TRANSITION", from: "released", to: "fulfilled" },
    ]);
    expect(drafts.map((d) => [d.kind, d.lines])).toEqual([
      ["on_its_way", [mug]],
      ["cancelled", [towel]],
    ]);
  });
});

describe("isDelay", () => {
  it("is a later date, or no date after one; not an earlier date or a first one", () => {
    expect(isDelay("2030-03-15", "2030-04-02")).toBe(true);
    expect(isDelay("2030-03-15", null)).toBe(true);
    expect(isDelay("2030-04-02", "2030-03-15")).toBe(false);
    expect(isDelay(null, "2030-03-15")).toBe(false);
  });
});

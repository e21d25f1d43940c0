import { describe, expect, it } from "vitest";
import { plan, type Badge, type Facts, type InboundSupply, type VariantBackorderSettings } from "~/backorders";
import { badgeDate, badgeDistance, badgeText, previewBadge, type BadgePreviewContext } from "~/backorders/badge-preview";
import { facts, gid, level, MUG, NOW, order, settings, variant, WAREHOUSE } from "./factories";

// NOW is 2030-01-10; the shop's handling days are 2.
const TODAY = "2030-01-10";
const backorders = (overrides: Partial<VariantBackorderSettings> = {}): VariantBackorderSettings => ({
  enabled: true,
  cap: null,
  leadTimeDays: null,
  message: null,
  ...overrides,
});
const context = (overrides: Partial<BadgePreviewContext> = {}): BadgePreviewContext => ({
  today: TODAY,
  handlingDays: 2,
  backorderedUnits: 0,
  unpromisedSupply: 0,
  nextUnpromisedArrival: null,
  ...overrides,
});
const inbound = (n: number, quantity: number, expectedOn: string): InboundSupply => ({
  id: gid("Supply", n),
  inventoryItemId: MUG,
  locationId: WAREHOUSE,
  quantity,
  expectedOn,
});

describe("the words of the storefront badge", () => {
  it("says when a backordered unit ships, and how far off that is", () => {
    expect(badgeText({ status: "BACKORDER", eta: "2030-03-15", leadTimeDays: null, message: "Hand-thrown to order" }, TODAY)).toEqual({
      headline: "Backorder: ships by 15 March",
      detail: "in about 2 months",
      message: "Hand-thrown to order",
    });
    expect(badgeText({ status: "BACKORDER", eta: "2030-01-31", leadTimeDays: null, message: null }, TODAY)).toEqual({
      headline: "Backorder: ships by 31 January",
      detail: "in about 3 weeks",
      message: null,
    });
  });

  it("names the year only when the date falls in another one", () => {
    expect(badgeDate("2031-02-01", TODAY)).toBe("1 February 2031");
    expect(badgeDate("2030-12-24", TODAY)).toBe("24 December");
  });

  it("counts days up to two weeks, then weeks, then months", () => {
    expect(
      [TODAY, "2030-01-11", "2030-01-15", "2030-01-23", "2030-01-24", "2030-03-11", "2030-07-10"].map((d) => badgeDistance(d, TODAY)),
    ).toEqual(["today", "tomorrow", "5 days", "13 days", "about 2 weeks", "about 2 months", "about 6 months"]);
    expect(badgeText({ status: "BACKORDER", eta: "2030-01-11", leadTimeDays: null, message: null }, TODAY).detail).toBe("ships tomorrow");
  });

  it("says sold out, in stock, a lead time as a span, or no date at all", () => {
    expect(badgeText({ status: "SOLD_OUT", eta: null, leadTimeDays: null, message: null }, TODAY).headline).toBe("Sold out");
    expect(badgeText({ status: "IN_STOCK", eta: null, leadTimeDays: null, message: null }, TODAY).headline).toBe("In stock");
    expect(badgeText({ status: "BACKORDER", eta: null, leadTimeDays: null, message: "Soon" }, TODAY)).toEqual({
      headline: "Backorder",
      detail: null,
      message: "Soon",
    });
    const inDays = (leadTimeDays: number) => badgeText({ status: "BACKORDER", eta: null, leadTimeDays, message: null }, TODAY).headline;
    expect([1, 5, 21, 90].map(inDays)).toEqual([
      "Backorder: ships in 1 day",
      "Backorder: ships in 5 days",
      "Backorder: ships in about 3 weeks",
      "Backorder: ships in about 3 months",
    ]);
  });
});

describe("the badge preview", () => {
  it("gives the lead time when no incoming stock is free, with the merchant's message", () => {
    expect(previewBadge(backorders({ leadTimeDays: 21, message: "Made to order" }), context())).toEqual({
      status: "BACKORDER",
      eta: null,
      leadTimeDays: 21,
      message: "Made to order",
    });
    expect(previewBadge(backorders(), context())).toEqual({ status: "BACKORDER", eta: null, leadTimeDays: null, message: null });
  });

  it("dates it by the first incoming unit nobody is promised, plus handling days, before the lead time", () => {
    const badge = previewBadge(backorders({ leadTimeDays: 60 }), context({ unpromisedSupply: 3, nextUnpromisedArrival: "2030-02-01" }));
    expect(badge.eta).toBe("2030-02-03");
  });

  it("says sold out with backorders off, at a fixed cap, or with a dynamic cap and nothing incoming", () => {
    expect(previewBadge(backorders({ enabled: false, leadTimeDays: 5 }), context()).status).toBe("SOLD_OUT");
    expect(previewBadge(backorders({ cap: { kind: "FIXED", units: 2 } }), context({ backorderedUnits: 2 })).status).toBe("SOLD_OUT");
    expect(previewBadge(backorders({ cap: { kind: "FIXED", units: 3 } }), context({ backorderedUnits: 2 })).status).toBe("BACKORDER");
    expect(previewBadge(backorders({ cap: { kind: "DYNAMIC" } }), context()).status).toBe("SOLD_OUT");
  });

  // The preview is only worth showing if it is what the engine publishes.
  it.each<[string, VariantBackorderSettings, Partial<Facts>, Partial<BadgePreviewContext>]>([
    ["a lead time and a message", backorders({ leadTimeDays: 21, message: "Hand-thrown" }), {}, {}],
    ["no lead time", backorders(), {}, {}],
    [
      "incoming stock past what the waiting line takes",
      backorders({ leadTimeDays: 30 }),
      { supply: [inbound(1, 2, "2030-02-01"), inbound(2, 5, "2030-02-15")] },
      { backorderedUnits: 3, unpromisedSupply: 4, nextUnpromisedArrival: "2030-02-15" },
    ],
    ["backorders off", backorders({ enabled: false }), {}, { backorderedUnits: 3 }],
    ["a fixed cap reached", backorders({ cap: { kind: "FIXED", units: 3 } }), {}, { backorderedUnits: 3 }],
  ])("matches the badge the engine publishes: %s", (_name, settingsOf, extra, previewContext) => {
    const f = facts({
      orders: [order(1, [{ item: MUG, quantity: 2 }]), order(2, [{ item: MUG, quantity: 1 }])],
      inventoryLevels: [level(MUG, 0, 3)],
      // The badge of a variant that had one is always rewritten when it changes.
      variants: [
        variant(MUG, {
          backorders: settingsOf,
          badge: JSON.stringify({ status: "IN_STOCK", eta: null, leadTimeDays: null, message: null }),
        }),
      ],
      ...extra,
    });
    const published = plan(f, settings(), NOW).badgeCommands.map((c) => JSON.parse(c.value) as Badge);
    expect(published).toEqual([previewBadge(settingsOf, context({ backorderedUnits: 3, ...previewContext }))]);
  });
});

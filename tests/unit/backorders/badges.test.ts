import { describe, expect, it } from "vitest";
import { badgeValue, plan, type Badge, type Facts, type InboundSupply, type VariantBackorderSettings } from "~/backorders";
import { facts, gid, level, MUG, NOW, order, settings, STORE, variant, WAREHOUSE } from "./factories";

// NOW is 2030-01-10; the shop's handling days are 2.
const MUG_VARIANT = gid("ProductVariant", 1);
const backorders = (overrides: Partial<VariantBackorderSettings> = {}): VariantBackorderSettings => ({
  enabled: true,
  cap: null,
  leadTimeDays: null,
  message: null,
  ...overrides,
});
const inbound = (n: number, quantity: number, expectedOn: string, location = WAREHOUSE): InboundSupply => ({
  id: gid("Supply", n),
  inventoryItemId: MUG,
  locationId: location,
  quantity,
  expectedOn,
});

/** Three mugs waiting (orders of 2 and 1), none in stock. */
const threeWaiting = (overrides: Partial<Facts> = {}) =>
  facts({
    orders: [order(1, [{ item: MUG, quantity: 2 }]), order(2, [{ item: MUG, quantity: 1 }])],
    inventoryLevels: [level(MUG, 0, 3)],
    variants: [variant(MUG, { backorders: backorders() })],
    ...overrides,
  });

const badgesOf = (f: Facts) => plan(f, settings(), NOW).badgeCommands.map((c) => [c.variantId, JSON.parse(c.value) as Badge]);

describe("storefront badge", () => {
  it("dates a unit ordered now by the first incoming unit nobody is promised yet, plus handling days", () => {
    // Three waiting units take the first shipment's two and one of the second's.
    const f = threeWaiting({ supply: [inbound(1, 2, "2030-02-01"), inbound(2, 5, "2030-02-15")] });
    expect(badgesOf(f)).toEqual([[MUG_VARIANT, { status: "BACKORDER", eta: "2030-02-17", leadTimeDays: null, message: null }]]);

    const enough = threeWaiting({ supply: [inbound(1, 4, "2030-02-01"), inbound(2, 5, "2030-02-15")] });
    expect(badgesOf(enough)).toEqual([[MUG_VARIANT, { status: "BACKORDER", eta: "2030-02-03", leadTimeDays: null, message: null }]]);
  });

  it("falls back to the lead time, in days so the value stays the same from day to day, then to no date, with the merchant's message", () => {
    const promisedAway = [inbound(1, 3, "2030-02-01")];
    const withLeadTime = threeWaiting({
      supply: promisedAway,
      variants: [variant(MUG, { backorders: backorders({ leadTimeDays: 14, message: "Hand-thrown to order" }) })],
    });
    expect(badgesOf(withLeadTime)).toEqual([
      [MUG_VARIANT, { status: "BACKORDER", eta: null, leadTimeDays: 14, message: "Hand-thrown to order" }],
    ]);
    // A lead time of no days is today's date.
    const sameDay = threeWaiting({ supply: promisedAway, variants: [variant(MUG, { backorders: backorders({ leadTimeDays: 0 }) })] });
    expect(badgesOf(sameDay)).toEqual([[MUG_VARIANT, { status: "BACKORDER", eta: "2030-01-10", leadTimeDays: null, message: null }]]);
    expect(badgesOf(threeWaiting({ supply: promisedAway }))).toEqual([
      [MUG_VARIANT, { status: "BACKORDER", eta: null, leadTimeDays: null, message: null }],
    ]);
  });

  it("takes the location with the earliest free incoming unit, and never a day in the past", () => {
    const f = threeWaiting({
      inventoryLevels: [level(MUG, 0, 3), level(MUG, 0, 0, STORE)],
      supply: [inbound(1, 3, "2030-01-20"), inbound(2, 1, "2030-01-05", STORE), inbound(3, 9, "2030-03-01")],
    });
    // The store's unit was due on the 5th and is late: it counts from today, the 10th.
    expect(badgesOf(f)).toEqual([[MUG_VARIANT, { status: "BACKORDER", eta: "2030-01-12", leadTimeDays: null, message: null }]]);
  });

  it("says nothing for a variant in stock that never had a badge, and tells the storefront once stock is back", () => {
    const inStock = threeWaiting({ inventoryLevels: [level(MUG, 4, 3)] });
    expect(badgesOf(inStock)).toEqual([]);

    const wasWaiting = {
      ...inStock,
      variants: [
        variant(MUG, {
          backorders: backorders(),
          badge: badgeValue({ status: "BACKORDER", eta: null, leadTimeDays: null, message: null }),
        }),
      ],
    };
    expect(badgesOf(wasWaiting)).toEqual([[MUG_VARIANT, { status: "IN_STOCK", eta: null, leadTimeDays: null, message: null }]]);
  });

  it("is in stock while any location has a unit no waiting line took", () => {
    const f = threeWaiting({
      inventoryLevels: [level(MUG, 0, 3), level(MUG, 1, 0, STORE)],
      variants: [variant(MUG, { badge: badgeValue({ status: "BACKORDER", eta: null, leadTimeDays: null, message: null }) })],
    });
    expect(badgesOf(f)).toEqual([[MUG_VARIANT, { status: "IN_STOCK", eta: null, leadTimeDays: null, message: null }]]);
  });

  it("shows sold out once the cap turns continue-selling off", () => {
    const capped = threeWaiting({
      variants: [
        variant(MUG, {
          backorders: backorders({ cap: { kind: "FIXED", units: 3 } }),
          badge: badgeValue({ status: "BACKORDER", eta: null, leadTimeDays: null, message: null }),
        }),
      ],
    });
    const result = plan(capped, settings(), NOW);
    expect(result.policyCommands.map((c) => c.inventoryPolicy)).toEqual(["DENY"]);
    expect(result.badgeCommands.map((c) => JSON.parse(c.value) as Badge)).toEqual([
      { status: "SOLD_OUT", eta: null, leadTimeDays: null, message: null },
    ]);
  });

  it("commands nothing when the published badge is already right", () => {
    const published = badgeValue({ status: "BACKORDER", eta: "2030-02-17", leadTimeDays: null, message: null });
    const f = threeWaiting({
      supply: [inbound(1, 2, "2030-02-01"), inbound(2, 5, "2030-02-15")],
      variants: [variant(MUG, { backorders: backorders(), badge: published })],
    });
    expect(badgesOf(f)).toEqual([]);
  });
});

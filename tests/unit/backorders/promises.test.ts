import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, promise, shopToday, type InboundSupply } from "~/backorders";
import { gid, MUG, WAREHOUSE } from "./factories";

const TODAY = "2030-01-10";
const terms = { today: TODAY, handlingDays: 2, leadTimeDays: null };

function supply(n: number, quantity: number, expectedOn: string): InboundSupply {
  return { id: gid("Supply", n), inventoryItemId: MUG, locationId: WAREHOUSE, quantity, expectedOn };
}

const waiting = (...quantities: number[]) => quantities.map((backordered, i) => ({ lineId: gid("LineItem", i + 1), backordered }));

describe("promises", () => {
  it("dates a line by the supply that covers its last unit plus the handling days", () => {
    const { promises } = promise(waiting(2, 3), [supply(1, 3, "2030-01-20"), supply(2, 10, "2030-01-30")], terms);
    expect(promises).toEqual([
      { lineId: gid("LineItem", 1), eta: "2030-01-22", source: "SUPPLY" },
      { lineId: gid("LineItem", 2), eta: "2030-02-01", source: "SUPPLY" },
    ]);
  });

  it("counts handling days as calendar days, across month and year ends", () => {
    expect(promise(waiting(1), [supply(1, 1, "2030-12-30")], { ...terms, handlingDays: 3 }).promises[0].eta).toBe("2031-01-02");
  });

  it("consumes supply in arrival order whatever order it was recorded in, ties by id", () => {
    const late = supply(1, 1, "2030-02-01");
    const early = supply(3, 1, "2030-01-15");
    const sameDay = supply(2, 1, "2030-01-15");
    const { promises } = promise(waiting(1, 1, 1), [late, early, sameDay], { ...terms, handlingDays: 0 });
    expect(promises.map((p) => p.eta)).toEqual(["2030-01-15", "2030-01-15", "2030-02-01"]);
  });

  it("falls back to the variant's lead time from today when supply does not cover the line, after it took what there was", () => {
    const result = promise(waiting(2, 2), [supply(1, 3, "2030-01-20")], { ...terms, leadTimeDays: 30 });
    expect(result.promises.map((p) => [p.eta, p.source])).toEqual([
      ["2030-01-22", "SUPPLY"],
      ["2030-02-09", "LEAD_TIME"],
    ]);
    expect(result.unpromised).toBe(0);
  });

  it("says unknown without supply or lead time", () => {
    expect(promise(waiting(1), [], terms).promises).toEqual([{ lineId: gid("LineItem", 1), eta: null, source: "UNKNOWN" }]);
  });

  it("never promises a past day for a late shipment: it counts from today", () => {
    expect(promise(waiting(1), [supply(1, 5, "2030-01-02")], terms).promises[0].eta).toBe(addDays(TODAY, 2));
  });

  it("reports the supply no line has claimed", () => {
    expect(promise(waiting(2), [supply(1, 3, "2030-01-20"), supply(2, 4, "2030-01-25")], terms).unpromised).toBe(5);
  });

  it("takes today from the shop's time zone", () => {
    const now = new Date("2030-01-10T03:00:00Z");
    expect(shopToday(now, "UTC")).toBe("2030-01-10");
    expect(shopToday(now, "America/New_York")).toBe("2030-01-09");
    expect(shopToday(now, "Asia/Tokyo")).toBe("2030-01-10");
  });

  it("gives dates that never go down along the queue, and claims exactly what it promises", () => {
    const arrivals = fc.array(
      fc
        .record({ quantity: fc.integer({ min: 0, max: 6 }), day: fc.integer({ min: 1, max: 28 }) })
        .map((s) => ({ ...s, expectedOn: `2030-02-${String(s.day).padStart(2, "0")}` })),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 10 }), arrivals, (quantities, specs) => {
        const result = promise(
          waiting(...quantities),
          specs.map((s, i) => supply(i, s.quantity, s.expectedOn)),
          terms,
        );
        const supplied = specs.reduce((sum, s) => sum + s.quantity, 0);
        const wanted = quantities.reduce((sum, q) => sum + q, 0);
        expect(result.unpromised).toBe(Math.max(0, supplied - wanted));
        const dated = result.promises.filter((p) => p.source === "SUPPLY").map((p) => p.eta!);
        expect(dated).toEqual([...dated].sort());
        const firstUncovered = result.promises.findIndex((p) => p.source !== "SUPPLY");
        if (firstUncovered >= 0) expect(result.promises.slice(firstUncovered).every((p) => p.source !== "SUPPLY")).toBe(true);
      }),
    );
  });
});

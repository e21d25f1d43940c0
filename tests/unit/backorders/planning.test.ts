import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planningFigures, planningRows, promise, sortByShortfall, vendorRows, type InboundSupply } from "~/backorders";
import { gid, MUG, STORE, TEAPOT as TEE, WAREHOUSE } from "./factories";

describe("purchase planning figures of one item at one location", () => {
  it("orders the shortfall plus the safety stock when the incoming stock does not cover the waiting units", () => {
    expect(planningFigures({ waiting: 10, incoming: 4 }, 3)).toEqual({
      waiting: 10,
      incoming: 4,
      unpromised: 0,
      shortfall: 6,
      suggested: 9,
    });
  });

  it("counts incoming units beyond the waiting ones as not yet promised, and orders only what is missing of the safety stock", () => {
    expect(planningFigures({ waiting: 4, incoming: 5 }, 3)).toEqual({ waiting: 4, incoming: 5, unpromised: 1, shortfall: 0, suggested: 2 });
    expect(planningFigures({ waiting: 4, incoming: 10 }, 3)).toMatchObject({ unpromised: 6, shortfall: 0, suggested: 0 });
  });

  it("suggests the shortfall alone with no safety stock, and nothing when nothing is missing", () => {
    expect(planningFigures({ waiting: 7, incoming: 0 }, 0)).toMatchObject({ shortfall: 7, suggested: 7 });
    expect(planningFigures({ waiting: 7, incoming: 7 }, 0)).toMatchObject({ unpromised: 0, shortfall: 0, suggested: 0 });
  });

  it("agrees with the promise walk: the units it leaves unpromised are the incoming units not yet promised", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 12 }),
        fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 10 }), day: fc.integer({ min: 10, max: 28 }) }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 20 }),
        (lines, arrivals, safety) => {
          const waiting = lines.map((backordered, i) => ({ lineId: gid("LineItem", i + 1), backordered }));
          const supply: InboundSupply[] = arrivals.map((a, i) => ({
            id: gid("Supply", i + 1),
            inventoryItemId: MUG,
            locationId: WAREHOUSE,
            quantity: a.quantity,
            expectedOn: `2030-01-${a.day}`,
          }));
          const walked = promise(waiting, supply, { today: "2030-01-01", handlingDays: 0, leadTimeDays: null });
          const figures = planningFigures(
            { waiting: lines.reduce((s, n) => s + n, 0), incoming: arrivals.reduce((s, a) => s + a.quantity, 0) },
            safety,
          );
          expect(figures.unpromised).toBe(walked.unpromised);
          // The lines the supply does not date are exactly the shortfall's.
          const uncovered = walked.promises.filter((p) => p.source !== "SUPPLY").map((p) => Number(p.lineId.split("/").pop()));
          const uncoveredUnits = uncovered.reduce((sum, n) => sum + lines[n - 1], 0);
          expect(figures.shortfall).toBeLessThanOrEqual(uncoveredUnits);
          expect(figures.suggested).toBeGreaterThanOrEqual(figures.shortfall);
          expect(figures.incoming + figures.suggested).toBeGreaterThanOrEqual(figures.waiting + safety);
        },
      ),
    );
  });
});

describe("planning rows", () => {
  const rows = planningRows(
    {
      waiting: [
        { inventoryItemId: MUG, locationId: WAREHOUSE, units: 6, oldest: "2030-01-03T10:00:00.000Z" },
        { inventoryItemId: MUG, locationId: STORE, units: 2, oldest: "2030-01-01T10:00:00.000Z" },
        { inventoryItemId: TEE, locationId: WAREHOUSE, units: 1, oldest: "2030-01-05T10:00:00.000Z" },
      ],
      incoming: [
        { inventoryItemId: MUG, locationId: STORE, units: 5 },
        { inventoryItemId: TEE, locationId: STORE, units: 4 },
      ],
    },
    1,
  );

  it("keeps each item at each location apart: stock coming to one location covers no line waiting at another", () => {
    const byKey = Object.fromEntries(rows.map((r) => [`${r.inventoryItemId}@${r.locationId}`, r]));
    expect(byKey[`${MUG}@${WAREHOUSE}`]).toMatchObject({ waiting: 6, incoming: 0, unpromised: 0, shortfall: 6, suggested: 7 });
    expect(byKey[`${MUG}@${STORE}`]).toMatchObject({ waiting: 2, incoming: 5, unpromised: 3, shortfall: 0, suggested: 0 });
    expect(byKey[`${TEE}@${STORE}`]).toMatchObject({ waiting: 0, incoming: 4, unpromised: 4, oldestWaiting: null });
    expect(rows).toHaveLength(4);
  });

  it("sorts by shortfall, largest first or smallest first, ties by units waiting then by oldest", () => {
    const keyed = rows.map((r) => ({ ...r, key: `${r.inventoryItemId}@${r.locationId}` }));
    expect(sortByShortfall(keyed).map((r) => [r.inventoryItemId, r.locationId, r.shortfall])).toEqual([
      [MUG, WAREHOUSE, 6],
      [TEE, WAREHOUSE, 1],
      [MUG, STORE, 0],
      [TEE, STORE, 0],
    ]);
    expect(sortByShortfall(keyed, "asc").map((r) => r.shortfall)).toEqual([0, 0, 1, 6]);
  });

  it("sums a vendor's rows location by location, never netting one location's incoming stock against another's shortfall", () => {
    const vendors = vendorRows(rows, (item) => (item === MUG ? "Mugs Inc" : null));
    expect(vendors).toEqual([
      {
        key: "Mugs Inc",
        vendor: "Mugs Inc",
        items: 2,
        waiting: 8,
        incoming: 5,
        unpromised: 3,
        shortfall: 6,
        suggested: 7,
        oldestWaiting: "2030-01-01T10:00:00.000Z",
      },
      {
        key: "",
        vendor: null,
        items: 2,
        waiting: 1,
        incoming: 4,
        unpromised: 4,
        shortfall: 1,
        suggested: 2,
        oldestWaiting: "2030-01-05T10:00:00.000Z",
      },
    ]);
  });
});

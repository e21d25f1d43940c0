import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, shippableStock, sortByPriority, type DemandLine, type Priority } from "~/backorders";
import { gid } from "./factories";

const OLDEST: Priority = { rule: "OLDEST_FIRST", pins: [] };

/** Order n's line, ordered on day `day` (default n). */
function line(n: number, quantity: number, options: { day?: number; vip?: boolean } = {}): DemandLine {
  return {
    lineId: gid("LineItem", n),
    orderId: gid("Order", n),
    orderedAt: Date.UTC(2030, 0, options.day ?? n),
    priorityCustomer: options.vip ?? false,
    quantity,
  };
}

const served = (allocations: ReturnType<typeof allocate>) =>
  allocations.map((a) => [a.lineId, a.allocated, a.backordered, a.queuePosition]);

describe("shippable stock", () => {
  it("is available plus committed: units committed to open orders still exist for them", () => {
    expect(shippableStock({ available: 3, committed: 4 })).toBe(7);
  });

  it("is what exists when a CONTINUE variant has sold past zero", () => {
    expect(shippableStock({ available: -4, committed: 6 })).toBe(2);
  });

  it("is never negative, and zero without an inventory level", () => {
    expect(shippableStock({ available: -9, committed: 2 })).toBe(0);
    expect(shippableStock(undefined)).toBe(0);
  });
});

describe("allocation", () => {
  it("serves the oldest order first and backorders what is left, with queue positions among the waiting", () => {
    const result = allocate(4, [line(3, 2), line(1, 3), line(2, 2)], OLDEST);
    expect(served(result)).toEqual([
      [gid("LineItem", 1), 3, 0, null],
      [gid("LineItem", 2), 1, 1, 1],
      [gid("LineItem", 3), 0, 2, 2],
    ]);
  });

  it("with the priority-tag rule serves tagged customers first, then the oldest", () => {
    const result = allocate(2, [line(1, 2), line(2, 1), line(3, 1, { vip: true }), line(4, 1, { vip: true })], {
      rule: "PRIORITY_TAG_FIRST",
      pins: [],
    });
    expect(result.map((a) => [a.lineId, a.allocated])).toEqual([
      [gid("LineItem", 3), 1],
      [gid("LineItem", 4), 1],
      [gid("LineItem", 1), 0],
      [gid("LineItem", 2), 0],
    ]);
  });

  it("ignores the tag under the oldest-first rule", () => {
    const result = allocate(1, [line(2, 1, { vip: true }), line(1, 1)], OLDEST);
    expect(result[0]).toMatchObject({ lineId: gid("LineItem", 1), allocated: 1 });
  });

  it("serves the merchant's pins first, in pin order, above tag and age", () => {
    const pins = [gid("LineItem", 5), gid("LineItem", 4)];
    const result = allocate(2, [line(1, 1, { vip: true }), line(4, 1), line(5, 1)], { rule: "PRIORITY_TAG_FIRST", pins });
    expect(result.map((a) => [a.lineId, a.allocated])).toEqual([
      [gid("LineItem", 5), 1],
      [gid("LineItem", 4), 1],
      [gid("LineItem", 1), 0],
    ]);
  });

  it("breaks ties of the same instant by order id as a number (9 before 10), then line id", () => {
    const sameDay = { day: 1 };
    const lines = [line(10, 1, sameDay), line(9, 1, sameDay), { ...line(9, 1, sameDay), lineId: gid("LineItem", 8) }];
    expect(allocate(0, lines, OLDEST).map((a) => a.lineId)).toEqual([gid("LineItem", 8), gid("LineItem", 9), gid("LineItem", 10)]);
  });

  it("compares creation instants, not the text of their offsets", () => {
    const tokyo = { ...line(2, 1), orderedAt: Date.parse("2030-01-01T08:00:00+09:00") };
    const london = { ...line(1, 1), orderedAt: Date.parse("2030-01-01T00:30:00Z") };
    expect(allocate(1, [london, tokyo], OLDEST)[0].lineId).toBe(gid("LineItem", 2));
  });

  it("keeps exact time order when order times span millennia", () => {
    const times = [8.64e15, 1, 0];
    const lines = times.map((orderedAt, i) => ({ ...line(i + 1, 1), orderedAt }));
    expect(allocate(0, lines, OLDEST).map((a) => a.lineId)).toEqual([gid("LineItem", 3), gid("LineItem", 2), gid("LineItem", 1)]);
  });

  it("serves a line with an unreadable order time after the others", () => {
    const unreadable = { ...line(1, 1), orderedAt: Number.NaN };
    expect(allocate(1, [unreadable, line(2, 1)], OLDEST).map((a) => [a.lineId, a.allocated])).toEqual([
      [gid("LineItem", 2), 1],
      [gid("LineItem", 1), 0],
    ]);
  });

  it("allocates nothing from negative stock", () => {
    expect(allocate(-3, [line(1, 2)], OLDEST)[0]).toEqual({ lineId: gid("LineItem", 1), allocated: 0, backordered: 2, queuePosition: 1 });
  });
});

const demandLines = fc
  .array(
    fc.record({
      day: fc.integer({ min: 1, max: 4 }),
      order: fc.integer({ min: 1, max: 30 }),
      quantity: fc.integer({ min: 0, max: 5 }),
      vip: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map((specs) =>
    specs.map((s, i): DemandLine => ({
      lineId: gid("LineItem", 1000 + i),
      orderId: gid("Order", s.order),
      orderedAt: Date.UTC(2030, 0, s.day),
      priorityCustomer: s.vip,
      quantity: s.quantity,
    })),
  );

const priorities = (lines: DemandLine[]) =>
  fc.record({
    rule: fc.constantFrom("OLDEST_FIRST" as const, "PRIORITY_TAG_FIRST" as const),
    pins: fc.shuffledSubarray(lines.map((l) => l.lineId)),
  });

const case_ = demandLines.chain((lines) =>
  fc.tuple(fc.constant(lines), priorities(lines), fc.integer({ min: -5, max: 60 }), fc.infiniteStream(fc.nat())),
);

/** The tier a line is served in: pins first, then (by rule) tagged customers. */
function tier(line: DemandLine, priority: Priority): number {
  const pin = priority.pins.indexOf(line.lineId);
  if (pin >= 0) return pin;
  return priority.pins.length + (priority.rule === "PRIORITY_TAG_FIRST" && line.priorityCustomer ? 0 : 1);
}

describe("allocation properties", () => {
  it("never allocates more than the shippable stock nor more than a line's demand, and hands out all it can", () => {
    fc.assert(
      fc.property(case_, ([lines, priority, stock]) => {
        const result = allocate(stock, lines, priority);
        const demand = new Map(lines.map((l) => [l.lineId, l.quantity]));
        const total = result.reduce((sum, a) => sum + a.allocated, 0);
        expect(total).toBeLessThanOrEqual(Math.max(0, stock));
        expect(total).toBe(
          Math.min(
            Math.max(0, stock),
            lines.reduce((sum, l) => sum + l.quantity, 0),
          ),
        );
        for (const a of result) expect(a.allocated + a.backordered).toBe(demand.get(a.lineId));
      }),
    );
  });

  it("gives the same answer for any order of the input lines", () => {
    fc.assert(
      fc.property(case_, ([lines, priority, stock, randoms]) => {
        const shuffled = [...lines];
        const draw = randoms[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = draw.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(allocate(stock, shuffled, priority)).toEqual(allocate(stock, lines, priority));
      }),
    );
  });

  it("never backorders an older order while a newer one of the same priority is served", () => {
    fc.assert(
      fc.property(case_, ([lines, priority, stock]) => {
        const result = new Map(allocate(stock, lines, priority).map((a) => [a.lineId, a]));
        for (const older of lines) {
          for (const newer of lines) {
            if (tier(older, priority) !== tier(newer, priority) || older.orderedAt >= newer.orderedAt) continue;
            if (result.get(older.lineId)!.backordered > 0) expect(result.get(newer.lineId)!.allocated).toBe(0);
          }
        }
      }),
    );
  });

  it("serves pinned lines before any unpinned line", () => {
    fc.assert(
      fc.property(case_, ([lines, priority, stock]) => {
        const result = new Map(allocate(stock, lines, priority).map((a) => [a.lineId, a]));
        const pinnedWaiting = priority.pins.some((id) => result.get(id)!.backordered > 0);
        const unpinnedServed = lines.some((l) => !priority.pins.includes(l.lineId) && result.get(l.lineId)!.allocated > 0);
        expect(pinnedWaiting && unpinnedServed).toBe(false);
      }),
    );
  });

  it("serves in the order the rule states, for order times from milliseconds to millennia apart, and unreadable ones", () => {
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((ms) => Date.UTC(2030, 0, 1) + ms),
      // Either side of the bit boundaries the fast path splits keys at.
      fc
        .tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1, 2 ** 11 - 1, 2 ** 11, 2 ** 22 - 1, 2 ** 22, 2 ** 31, 2 ** 32 - 1))
        .map(([high, low]) => Date.UTC(2030, 0, 1) + high * 2 ** 32 + low),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.constant(Number.NaN),
    );
    const wideLines = fc
      .array(fc.record({ at: instant, order: fc.integer({ min: 1, max: 12 }), vip: fc.boolean() }), { maxLength: 40 })
      .map((specs) =>
        specs.map((s, i): DemandLine => ({
          lineId: gid("LineItem", 1000 - i),
          orderId: gid("Order", s.order),
          orderedAt: s.at,
          priorityCustomer: s.vip,
          quantity: 1,
        })),
      );
    const number = (id: string) => Number(id.slice(id.lastIndexOf("/") + 1));
    const time = (l: DemandLine) => (Number.isNaN(l.orderedAt) ? Number.POSITIVE_INFINITY : l.orderedAt);
    fc.assert(
      fc.property(
        wideLines.chain((lines) => fc.tuple(fc.constant(lines), priorities(lines))),
        ([lines, priority]) => {
          const stated = [...lines].sort(
            (a, b) =>
              tier(a, priority) - tier(b, priority) ||
              time(a) - time(b) ||
              number(a.orderId) - number(b.orderId) ||
              number(a.lineId) - number(b.lineId),
          );
          expect(sortByPriority(lines, priority).map((l) => l.lineId)).toEqual(stated.map((l) => l.lineId));
        },
      ),
    );
  });

  it("numbers the waiting lines 1, 2, 3... in the order they are served", () => {
    fc.assert(
      fc.property(case_, ([lines, priority, stock]) => {
        const positions = allocate(stock, lines, priority).flatMap((a) => (a.backordered > 0 ? [a.queuePosition] : []));
        expect(positions).toEqual(positions.map((_, i) => i + 1));
      }),
    );
  });
});

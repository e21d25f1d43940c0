// Random shop parts for the plan's property tests.
import fc from "fast-check";
import type { BackorderCap } from "~/backorders";

export const capArbitrary = fc.option(
  fc.oneof(
    fc.constant<BackorderCap>({ kind: "DYNAMIC" }),
    fc.integer({ min: 0, max: 6 }).map((units): BackorderCap => ({ kind: "FIXED", units })),
  ),
);

/** Order lines of distinct items, each at one of the locations. */
export const linesArbitrary = (items: string[], locations: string[], maxLength: number) =>
  fc.uniqueArray(
    fc.record({ item: fc.constantFrom(...items), quantity: fc.integer({ min: 1, max: 4 }), location: fc.constantFrom(...locations) }),
    { minLength: 1, maxLength, selector: (line) => line.item },
  );

/** Incoming stock rows, expected in February 2030. */
export const supplyArbitrary = (items: string[], locations: string[], maxLength: number) =>
  fc.array(
    fc.record({
      item: fc.constantFrom(...items),
      location: fc.constantFrom(...locations),
      quantity: fc.integer({ min: 0, max: 5 }),
      day: fc.integer({ min: 1, max: 28 }),
    }),
    { maxLength },
  );

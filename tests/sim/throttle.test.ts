import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

// The clock is frozen and moved by hand, so the bucket's state is exact.
let now = Date.UTC(2030, 0, 1);
let kit: Kit;
beforeAll(async () => {
  kit = await startKit({ clock: () => now, bucket: { maximumAvailable: 25, restoreRate: 1 } });
});
afterAll(() => kit.sim.close());

const SET = `mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { value } userErrors { code } } }`;
const setCount = (value: number) =>
  kit.gql(SET, {
    m: [{ ownerId: kit.variant("MUG-BLUE").id, namespace: "$app", key: "count", type: "number_integer", value: String(value) }],
  });

describe("query cost and throttling", () => {
  it("charges 10 per mutation and throttles a burst that empties the bucket", async () => {
    const first = await setCount(1);
    expect(first.extensions.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 25, currentlyAvailable: 15, restoreRate: 1 },
    });
    const second = await setCount(2);
    expect(second.extensions.cost.throttleStatus.currentlyAvailable).toBe(5);

    const third = await setCount(3);
    expect(third.data).toBeUndefined();
    expect(third.errors).toEqual([
      { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } },
    ]);
    expect(third.extensions.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 25, currentlyAvailable: 5, restoreRate: 1 },
    });
    // A throttled request changes nothing.
    const shop = kit.sim.state.shop(TEST_SHOP);
    const variant = shop.variants.get(kit.variant("MUG-BLUE").id)!;
    expect(variant.metafields.find((m) => m.key === "count")?.value).toBe("2");

    // The bucket leaks back at the restore rate.
    now += 5_000;
    const fourth = await setCount(4);
    expect(fourth.errors).toBeUndefined();
    expect(fourth.extensions.cost.throttleStatus.currentlyAvailable).toBe(0);
  });

  it("refunds the difference between requested and actual cost", async () => {
    now += 25_000;
    const body = await kit.gql(`{ products(first: 20) { nodes { id } } }`);
    expect(body.extensions.cost.requestedQueryCost).toBe(22);
    expect(body.extensions.cost.actualQueryCost).toBe(5);
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBe(20);
  });

  it("refuses a single query over the 1000-point limit before running it", async () => {
    now += 25_000;
    const body = await kit.gql(`{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }`);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBe(25);
  });
});

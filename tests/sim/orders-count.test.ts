/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
import { afterAll, beforeAll, expect, it } from "vitest";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.sim.close());

it("counts the orders a search matches, up to Shopify's limit unless told none", async () => {
  const orders = [1, 2, 3].map(() => kit.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 1 }] }));
  kit.sim.state.cancelOrder(TEST_SHOP, { orderId: orders[0]!.id });
  const count = async (args: string) =>
    ((await kit.gql(`{ ordersCount${args} { count precision } }`)) as any).data.ordersCount as { count: number; precision: string };
  expect(await count("")).toEqual({ count: 3, precision: "EXACT" });
  expect(await count(`(query: "status:cancelled")`)).toEqual({ count: 1, precision: "EXACT" });
  expect(await count(`(query: "status:open", limit: 1)`)).toEqual({ count: 1, precision: "AT_LEAST" });
  expect(await count(`(query: "status:open", limit: null)`)).toMatchObject({ precision: "EXACT" });
});

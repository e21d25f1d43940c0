/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
// Shared set-up for the simulator's own tests: a running simulator with one
// seeded shop and an offline access token for it.
import { startSimulator, type Simulator, type SimulatorOptions } from "../../sim/server";
import type { SeedInput } from "../../sim/state/seed";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "./constants";

export const SEED: SeedInput = {
  locations: [{ name: "Warehouse" }, { name: "Store" }],
  products: [
    {
      title: "Blue Mug",
      variants: [{ sku: "MUG-BLUE", price: "12.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 5 } }],
    },
    {
      title: "Red Mug",
      variants: [{ sku: "MUG-RED", price: "12.00", inventoryPolicy: "DENY", stock: { Warehouse: 2 } }],
    },
    {
      title: "Teapot",
      variants: [{ sku: "TEAPOT", price: "30.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 1, Store: 1 } }],
    },
  ],
  customers: [{ firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", tags: ["vip"] }],
};

export interface Kit {
  sim: Simulator;
  token: string;
  gql: (query: string, variables?: Record<string, unknown>) => Promise<any>;
  variant: (sku: string) => { id: string; inventoryItemId: string };
  location: (name: string) => string;
}

export async function startKit(options: Partial<SimulatorOptions> = {}): Promise<Kit> {
  const sim = await startSimulator({
    appUrl: "http://127.0.0.1:9",
    apiKey: TEST_API_KEY,
    apiSecret: TEST_SECRET,
    webhooks: false,
    ...options,
  });
  sim.state.seed(TEST_SHOP, SEED);
  const token = sim.tokens.issue(TEST_SHOP).access_token as string;
  const shop = sim.state.shop(TEST_SHOP);
  return {
    sim,
    token,
    gql: async (query, variables) => (await sim.graphql(TEST_SHOP, token, query, variables)).body,
    variant: (sku) => {
      const v = [...shop.variants.values()].find((x) => x.sku === sku)!;
      return { id: v.id, inventoryItemId: v.inventoryItemId };
    },
    location: (name) => [...shop.locations.values()].find((l) => l.name === name)!.id,
  };
}

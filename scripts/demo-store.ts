// The demo store: a small homeware shop with some items sold out but still
// for sale (continue selling), and open orders waiting on them.
import type { SeedInput } from "../sim/state/seed";
import type { SimState } from "../sim/state/sim-state";

export const DEMO_SHOP = "demo-homeware.myshopify.com";

export const DEMO_SEED: SeedInput = {
  name: "Demo Homeware",
  email: "owner@demo-homeware.example",
  currencyCode: "CAD",
  locations: [{ name: "Ottawa warehouse" }, { name: "Montreal store" }],
  products: [
    {
      title: "Stoneware Mug",
      vendor: "Kiln & Co",
      variants: [
        {
          title: "Blue",
          sku: "MUG-BLUE",
          price: "18.00",
          inventoryPolicy: "CONTINUE",
          stock: { "Ottawa warehouse": 0, "Montreal store": 2 },
        },
        { title: "Sand", sku: "MUG-SAND", price: "18.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 24 } },
      ],
    },
    {
      title: "Cast Iron Teapot",
      vendor: "Kiln & Co",
      variants: [{ sku: "TEAPOT-CI", price: "64.00", inventoryPolicy: "CONTINUE", stock: { "Ottawa warehouse": 1 } }],
    },
    {
      title: "Linen Tea Towel",
      vendor: "Fieldhouse",
      variants: [{ sku: "TOWEL-LINEN", price: "14.00", inventoryPolicy: "DENY", stock: { "Ottawa warehouse": 40 } }],
    },
    {
      title: "Walnut Serving Board",
      vendor: "Fieldhouse",
      variants: [{ sku: "BOARD-WALNUT", price: "85.00", inventoryPolicy: "CONTINUE", stock: { "Ottawa warehouse": 0 } }],
    },
  ],
  customers: [
    { firstName: "Amara", lastName: "Okafor", email: "amara@example.com", tags: ["vip"] },
    { firstName: "Lucas", lastName: "Tremblay", email: "lucas@example.com" },
    { firstName: "Mei", lastName: "Chen", email: "mei@example.com" },
  ],
};

/** Orders that leave some lines waiting for stock. */
export function placeDemoOrders(state: SimState) {
  const shop = state.shop(DEMO_SHOP);
  const customers = [...shop.customers.values()];
  const warehouse = [...shop.locations.values()][0]!.id;
  state.placeOrder(DEMO_SHOP, {
    customerId: customers[1]!.id,
    locationId: warehouse,
    lines: [
      { sku: "MUG-BLUE", quantity: 2 },
      { sku: "TOWEL-LINEN", quantity: 1 },
    ],
  });
  state.placeOrder(DEMO_SHOP, { customerId: customers[2]!.id, locationId: warehouse, lines: [{ sku: "TEAPOT-CI", quantity: 2 }] });
  state.placeOrder(DEMO_SHOP, {
    customerId: customers[0]!.id,
    locationId: warehouse,
    lines: [
      { sku: "BOARD-WALNUT", quantity: 1 },
      { sku: "MUG-SAND", quantity: 4 },
    ],
  });
}

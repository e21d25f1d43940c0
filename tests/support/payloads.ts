// Webhook bodies shaped as Shopify sends them (REST-style JSON, numeric ids).
import { TEST_SHOP } from "./constants";

export const SHOP_ID = 548380009;

export type Person = { id: number; email: string; phone: string; first_name: string; last_name: string };

export const alice: Person = { id: 7001, email: "alice@example.com", phone: "+15550001111", first_name: "Alice", last_name: "Archer" };
export const bob: Person = { id: 7002, email: "bob@example.com", phone: "+15550002222", first_name: "Bob", last_name: "Baker" };

const address = (p: Person) => ({
  first_name: p.first_name,
  last_name: p.last_name,
  address1: "1 Main Street",
  city: "Ottawa",
  province: "Ontario",
  country: "Canada",
  zip: "K1A 0B1",
  phone: p.phone,
  name: `${p.first_name} ${p.last_name}`,
});

export function orderPayload(id: number, customer: Person) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    email: customer.email,
    contact_email: customer.email,
    phone: customer.phone,
    created_at: "2026-11-20T10:00:00-05:00",
    currency: "CAD",
    financial_status: "paid",
    fulfillment_status: null,
    note: `Gift for ${customer.first_name}`,
    customer: {
      id: customer.id,
      email: customer.email,
      first_name: customer.first_name,
      last_name: customer.last_name,
      phone: customer.phone,
      tags: "",
      admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
    },
    billing_address: address(customer),
    shipping_address: address(customer),
    line_items: [
      {
        id: id * 10 + 1,
        admin_graphql_api_id: `gid://shopify/LineItem/${id * 10 + 1}`,
        variant_id: 4001,
        product_id: 3001,
        sku: "MUG-BLUE",
        name: "Mug - Blue",
        quantity: 2,
        price: "18.00",
        fulfillable_quantity: 2,
      },
    ],
  };
}

export const appUninstalled = () => ({ id: SHOP_ID, name: "Backorder Test", domain: TEST_SHOP, myshopify_domain: TEST_SHOP });

export const scopesUpdate = (current: string[]) => ({
  id: 1234,
  previous: ["read_orders"],
  current,
  updated_at: "2026-11-21T12:00:00Z",
});

export const customersRedact = (customer: Person, ordersToRedact: number[]) => ({
  shop_id: SHOP_ID,
  shop_domain: TEST_SHOP,
  customer: { id: customer.id, email: customer.email, phone: customer.phone },
  orders_to_redact: ordersToRedact,
});

export const customersDataRequest = (customer: Person, ordersRequested: number[]) => ({
  shop_id: SHOP_ID,
  shop_domain: TEST_SHOP,
  orders_requested: ordersRequested,
  customer: { id: customer.id, email: customer.email, phone: customer.phone },
  data_request: { id: 9999 },
});

export const shopRedact = () => ({ shop_id: SHOP_ID, shop_domain: TEST_SHOP });

// Webhook bodies as Shopify sends them (REST-style JSON, numeric ids), built
// by the simulator's own payload builders, which are checked against
// Shopify's schemas; the tests' people are written over their personal fields.
import { orderPayload as simOrderPayload } from "../../sim/payloads/orders";
import { scopesUpdatePayload, shopPayload } from "../../sim/payloads/shops";
import { legacyId } from "../../sim/state/ids";
import { SimState } from "../../sim/state/sim-state";
import { TEST_SHOP } from "./constants";

const state = new SimState();
state.seed(TEST_SHOP, {
  name: "Backorder Test",
  currencyCode: "CAD",
  locations: [{ name: "Warehouse" }],
  products: [
    { title: "Mug", variants: [{ title: "Blue", sku: "MUG-BLUE", price: "18.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 10 } }] },
  ],
});
const shop = state.shop(TEST_SHOP);

export const SHOP_ID = legacyId(shop.id);

export type Person = { id: number; email: string; phone: string; first_name: string; last_name: string };

export const alice: Person = { id: 7001, email: "alice@example.com", phone: "+15550001111", first_name: "Alice", last_name: "Archer" };
export const bob: Person = { id: 7002, email: "bob@example.com", phone: "+15550002222", first_name: "Bob", last_name: "Baker" };

const addressOf = (address: object, p: Person) => ({
  ...address,
  first_name: p.first_name,
  last_name: p.last_name,
  name: `${p.first_name} ${p.last_name}`,
  address1: "1 Main Street",
  zip: "K1A 0B1",
  phone: p.phone,
});

type Body = Record<string, unknown>;
export type OrderBody = Body & { id: number; name: string; line_items: Body[]; customer: Body };

// One order placed in the simulator; each payload is a copy with its own
// number and person, so making thousands (the webhook benchmark does) keeps
// no more orders in memory than one.
const orderTemplate = simOrderPayload(
  state,
  shop,
  state.placeOrder(TEST_SHOP, { customer: { email: "template@example.com" }, lines: [{ sku: "MUG-BLUE", quantity: 2 }] }),
) as OrderBody & { customer: { default_address: object }; billing_address: object };

/** orders/create for an order of two blue mugs, numbered `id`, placed by the person. */
export function orderPayload(id: number, person: Person): OrderBody {
  const body = structuredClone(orderTemplate);
  return {
    ...body,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    email: person.email,
    contact_email: person.email,
    phone: person.phone,
    note: `Gift for ${person.first_name}`,
    customer: {
      ...body.customer,
      id: person.id,
      admin_graphql_api_id: `gid://shopify/Customer/${person.id}`,
      email: person.email,
      first_name: person.first_name,
      last_name: person.last_name,
      phone: person.phone,
      default_address: { ...addressOf(body.customer.default_address, person), customer_id: person.id },
    },
    billing_address: addressOf(body.billing_address, person),
    shipping_address: addressOf(body.billing_address, person),
    // What else a real order carries about the person who placed it.
    line_items: body.line_items.map((line) => ({
      ...line,
      properties: [{ name: "Engraving", value: `For ${person.first_name} ${person.last_name}` }],
    })),
    note_attributes: [{ name: "gift_message", value: `Love, ${person.first_name}` }],
    tags: `${person.last_name} household, wholesale`,
    token: `tok${id}${person.id}`,
    cart_token: `cart${id}${person.id}`,
    checkout_token: `checkout${id}${person.id}`,
    order_status_url: `https://${TEST_SHOP}/${SHOP_ID}/orders/tok${id}${person.id}/authenticate?key=k${person.id}`,
    landing_site: `/products/mug?email=${encodeURIComponent(person.email)}`,
    referring_site: `https://mail.example.com/inbox?to=${person.email}`,
  };
}

export const appUninstalled = () => shopPayload(shop, state.now());

export const scopesUpdate = (current: string[]) =>
  scopesUpdatePayload(shop, state.registerApp("test-api-key"), "read_orders", current.join(","), state.now());

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

import { expect, it } from "vitest";
import { alice, appUninstalled, customersDataRequest, customersRedact, orderPayload, scopesUpdate, shopRedact } from "../support/payloads";
import { schemaErrors } from "../support/webhook-schemas";

// The bodies the integration tests sign and send stand for Shopify's: each
// has the shape Shopify documents for its topic, as the simulator's do.
it.each([
  ["orders/create", orderPayload(1001, alice)],
  ["app/uninstalled", appUninstalled()],
  ["app/scopes_update", scopesUpdate(["read_orders", "read_products"])],
  ["customers/redact", customersRedact(alice, [1001])],
  ["customers/data_request", customersDataRequest(alice, [1001])],
  ["shop/redact", shopRedact()],
])("the test payload for %s matches Shopify's schema", (topic, payload) => {
  expect(schemaErrors(topic, payload)).toEqual([]);
});

it("finds a payload that lacks a field Shopify always sends", () => {
  const { shop_domain: _dropped, ...withoutDomain } = shopRedact();
  expect(schemaErrors("shop/redact", withoutDomain)).not.toEqual([]);
});

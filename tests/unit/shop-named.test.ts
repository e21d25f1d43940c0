import fc from "fast-check";
import { expect, it } from "vitest";
import { mayNameShop, shopsNamedBy } from "~/inbox/payload";
import { alice, appUninstalled, customersRedact, orderPayload, shopRedact } from "../support/payloads";

const bytes = (payload: unknown) => new TextEncoder().encode(JSON.stringify(payload));

it("finds no shop to read in an order's body, and one in each body that names its shop", () => {
  expect(mayNameShop(bytes(orderPayload(1001, alice)))).toBe(false);
  for (const payload of [appUninstalled(), shopRedact(), customersRedact(alice, [1001])]) {
    expect(shopsNamedBy(payload)).not.toEqual([]);
    expect(mayNameShop(bytes(payload))).toBe(true);
  }
});

it("never skips a body that names a shop, whatever else it holds", () => {
  const key = fc.constantFrom("shop_domain", "myshopify_domain", "domain", "shop", "id", "name", "domain_name");
  const value = fc.oneof(fc.string(), fc.constant("a.myshopify.com"), fc.integer(), fc.constant(null));
  fc.assert(
    fc.property(fc.dictionary(key, value), fc.anything(), (fields, rest) => {
      const body = bytes({ ...fields, rest });
      return shopsNamedBy(JSON.parse(new TextDecoder().decode(body))).length === 0 || mayNameShop(body);
    }),
  );
});

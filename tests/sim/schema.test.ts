/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.sim.close());

describe("Admin GraphQL validation", () => {
  it("rejects an unknown field with Shopify's undefinedField error and no data", async () => {
    const body = await kit.gql(`query Q { shop { name notAField } }`);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: "Field 'notAField' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 23 }],
        path: ["query Q", "shop", "notAField"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "notAField" },
      },
    ]);
  });

  it("rejects an argument of the wrong type", async () => {
    const body = await kit.gql(`{ products(first: "ten") { nodes { id } } }`);
    expect(body.errors[0]).toMatchObject({
      message: `Argument 'first' on Field 'products' has an invalid value ("ten"). Expected type 'Int'.`,
      extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
    });
  });

  it("rejects a missing required argument and an unknown argument", async () => {
    const missing = await kit.gql(`{ order { id } }`);
    expect(missing.errors[0]).toMatchObject({
      message: "Field 'order' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments", name: "order", arguments: "id" },
    });
    const unknown = await kit.gql(`{ shop { name(upper: true) } }`);
    expect(unknown.errors[0]).toMatchObject({
      message: "Field 'name' doesn't accept argument 'upper'",
      extensions: { code: "argumentNotAccepted", argumentName: "upper" },
    });
  });

  it("fails loudly on a valid field the simulator does not implement", async () => {
    const body = await kit.gql(`{ shop { name billingAddress { city } } }`);
    expect(body.errors[0].message).toBe("Field 'Shop.billingAddress' is not implemented by the Shopify simulator");
    expect(body.errors[0].extensions.code).toBe("SIMULATOR_NOT_IMPLEMENTED");
    expect(body.errors[0].path).toEqual(["shop", "billingAddress"]);
  });

  it("answers a valid query with data and the cost extension", async () => {
    const body = await kit.gql(
      `{ shop { name myshopifyDomain } products(first: 5) { nodes { title variants(first: 2) { nodes { sku inventoryPolicy } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.shop.myshopifyDomain).toBe(TEST_SHOP);
    expect(body.data.products.nodes.map((p: any) => p.variants.nodes[0].sku)).toEqual(["MUG-BLUE", "MUG-RED", "TEAPOT"]);
    // shop 1 + products 2 + 5 × (node 1 + variants (2 + 2 × 1)) = 1 + 2 + 5 × 5
    expect(body.extensions.cost.requestedQueryCost).toBe(28);
    // Three products with one variant each came back: 1 + 2 + 3 × (1 + 2 + 1)
    expect(body.extensions.cost.actualQueryCost).toBe(15);
  });

  it("refuses a request without a valid access token", async () => {
    const res = await kit.sim.graphql(TEST_SHOP, "shpat_wrong", "{ shop { name } }");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });
});

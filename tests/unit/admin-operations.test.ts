import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { buildClientSchema, parse, validate, type IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { adminOperations } from "~/shopify/operations";
import { ADMIN_API_VERSION, ensureShopifyArtifacts } from "../../scripts/fetch-admin-schema.mjs";
import { API_VERSION } from "~/shopify/api-version";

// The contract with Shopify: every document the app sends is valid against
// the Admin schema of the app's API version.
const { adminSchemaPath } = ensureShopifyArtifacts();
const introspection = JSON.parse(readFileSync(adminSchemaPath, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
const schema = buildClientSchema(introspection.data ?? introspection);

describe("Admin GraphQL operations", () => {
  it("are checked against the schema of the app's API version", () => {
    expect(ADMIN_API_VERSION).toBe(API_VERSION);
  });

  it.each(Object.entries(adminOperations))("%s is valid against Shopify's Admin schema", (_name, source) => {
    expect(validate(schema, parse(source)).map((error) => error.message)).toEqual([]);
  });

  it("rejects a document Shopify would reject (the check can fail)", () => {
    const errors = validate(schema, parse("query { shop { nameOfTheShop } }"));
    expect(errors.map((e) => e.message)).toEqual(['Cannot query field "nameOfTheShop" on type "Shop".']);
  });

  it("have up-to-date generated types", async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "codegen", "--", "--check"]);
    expect(stdout).toContain("is up to date");
  });
});

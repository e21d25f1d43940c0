import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema } from "../../scripts/prisma.mjs";
import { BADGE_KEY, BADGE_NAMESPACE, BADGE_TYPE } from "~/backorders";
import { API_VERSION } from "~/shopify/api-version";

const toml = parseToml(readFileSync("shopify.app.toml", "utf8")) as {
  webhooks: { api_version: string; subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }> };
  access_scopes: { scopes: string };
  variant: { metafields: { app: Record<string, { type: string; access: { admin: string; storefront: string } }> } };
};

describe("one source for each setting", () => {
  it("subscribes webhooks with the app's Admin API version", () => {
    expect(API_VERSION).toBe("2026-10");
    expect(toml.webhooks.api_version).toBe(API_VERSION);
  });

  it("lists in .env.example the scopes the toml requests", () => {
    const example = readFileSync(".env.example", "utf8").match(/^SCOPES=(.*)$/m)?.[1];
    expect(example).toBe(toml.access_scopes.scopes);
  });

  it("subscribes every topic the mission needs, each to the webhook route", () => {
    const topics = toml.webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
    expect(topics.sort()).toEqual(
      [
        "app/scopes_update",
        "app/uninstalled",
        "customers/data_request",
        "customers/redact",
        "fulfillment_holds/released",
        "inventory_levels/update",
        "orders/cancelled",
        "orders/create",
        "orders/edited",
        "orders/updated",
        "products/update",
        "shop/redact",
      ].sort(),
    );
    expect(new Set(toml.webhooks.subscriptions.map((s) => s.uri))).toEqual(new Set(["/webhooks"]));
  });

  it("declares the badge metafield the engine writes, app-owned and readable on the storefront", () => {
    expect(BADGE_NAMESPACE).toBe("$app"); // the toml's `app` namespace
    expect(toml.variant.metafields.app[BADGE_KEY]).toMatchObject({
      type: BADGE_TYPE,
      access: { admin: "merchant_read", storefront: "public_read" },
    });
  });

  it("derives the PostgreSQL schema from the one schema source", () => {
    const source = readFileSync("prisma/schema.prisma", "utf8");
    const derived = derivePostgresSchema(source);
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain("../../app/generated/prisma/postgresql");
    const back = derived
      .replace(/^\/\/ GENERATED.*\n/, "")
      .replace('provider = "postgresql"', 'provider = "sqlite"')
      .replace("../../app/generated/prisma/postgresql", "../app/generated/prisma/sqlite");
    expect(back).toBe(source);
  });
});

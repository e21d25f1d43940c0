import { describe, expect, it } from "vitest";
import { runStart } from "../support/app-server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://backorders.example.com",
  SCOPES: "read_orders",
  DATABASE_URL: "file:./unused.db",
};

describe("configuration at start-up", () => {
  it("exits non-zero naming SHOPIFY_API_SECRET when it is missing", async () => {
    const { SHOPIFY_API_SECRET: _omitted, ...env } = valid;
    const { code, output } = await runStart(env);
    expect(code).not.toBe(0);
    expect(output).toContain("SHOPIFY_API_SECRET: is required");
  });

  it("refuses the simulator setting in production, naming it", async () => {
    const { code, output } = await runStart({ ...valid, NODE_ENV: "production", SHOPIFY_SIMULATOR_URL: "http://127.0.0.1:4100" });
    expect(code).not.toBe(0);
    expect(output).toContain("SHOPIFY_SIMULATOR_URL: must not be set when NODE_ENV=production");
  });

  it("names an invalid database URL", async () => {
    const { code, output } = await runStart({ ...valid, DATABASE_URL: "mysql://nope" });
    expect(code).not.toBe(0);
    expect(output).toContain("DATABASE_URL: must start with file: or postgres://");
  });
});

import { describe, expect, it } from "vitest";
import { runStart } from "../support/app-server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://backorders.example.com",
  SCOPES: "read_orders",
  DATABASE_URL: "file:./unused.db",
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
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

  it("refuses to start in production without ENCRYPTION_KEY, naming it", async () => {
    const { ENCRYPTION_KEY: _omitted, ...env } = valid;
    const { code, output } = await runStart({ ...env, NODE_ENV: "production" });
    expect(code).not.toBe(0);
    expect(output).toContain("ENCRYPTION_KEY: is required");
  });

  it("names an ENCRYPTION_KEY that is not 32 bytes", async () => {
    const { code, output } = await runStart({ ...valid, ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") });
    expect(code).not.toBe(0);
    expect(output).toContain("ENCRYPTION_KEY: must be 32 bytes");
  });

  it("names an invalid database URL", async () => {
    const { code, output } = await runStart({ ...valid, DATABASE_URL: "mysql://nope" });
    expect(code).not.toBe(0);
    expect(output).toContain("DATABASE_URL: must start with file: or postgres://");
  });
});

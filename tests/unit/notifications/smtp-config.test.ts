// The app-wide SMTP server comes from optional SMTP_* variables: the app
// starts without them, and a half-given server is refused naming what is missing.
import { afterAll, describe, expect, it, vi } from "vitest";

const required = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://backorders.example.com",
  SCOPES: "read_orders",
  DATABASE_URL: "file:./unused.db",
};
// config.server.ts parses the environment when loaded.
for (const [name, value] of Object.entries(required)) vi.stubEnv(name, value);
const { parseConfig } = await import("~/config.server");
const { appSmtpSettings } = await import("~/notifications/mailer.server");
afterAll(() => vi.unstubAllEnvs());

describe("the app's default SMTP server", () => {
  it("is absent when no SMTP_* variable is set, and the configuration is still valid", () => {
    expect(appSmtpSettings(parseConfig(required))).toBeNull();
  });

  it("is read from SMTP_*, on port 587 with STARTTLS unless told otherwise", () => {
    expect(appSmtpSettings(parseConfig({ ...required, SMTP_HOST: "smtp.example.com", SMTP_FROM: "orders@example.com" }))).toEqual({
      host: "smtp.example.com",
      port: 587,
      secure: false,
      user: null,
      password: null,
      from: "orders@example.com",
    });
    const full = parseConfig({
      ...required,
      SMTP_HOST: "smtp.example.com",
      SMTP_PORT: "465",
      SMTP_SECURE: "true",
      SMTP_USER: "orders",
      SMTP_PASSWORD: "from-the-environment",
      SMTP_FROM: "orders@example.com",
    });
    expect(appSmtpSettings(full)).toMatchObject({ port: 465, secure: true, user: "orders", password: "from-the-environment" });
  });

  it("is refused naming the variable when only part of it is given, or a value is wrong", () => {
    expect(() => parseConfig({ ...required, SMTP_HOST: "smtp.example.com" })).toThrow(/SMTP_FROM: is required/);
    expect(() => parseConfig({ ...required, SMTP_HOST: "smtp.example.com", SMTP_FROM: "orders@example.com", SMTP_USER: "orders" })).toThrow(
      /SMTP_PASSWORD: is required/,
    );
    expect(() => parseConfig({ ...required, SMTP_HOST: "smtp.example.com", SMTP_FROM: "not-an-address" })).toThrow(/SMTP_FROM: /);
    expect(() => parseConfig({ ...required, SMTP_PORT: "0" })).toThrow(/SMTP_PORT: /);
  });
});

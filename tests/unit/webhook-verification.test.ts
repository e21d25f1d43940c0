import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_HEADER_LENGTH, REPLAY_WINDOW_MS, validHmac, verifyWebhook } from "~/inbox/verify.server";

const secret = "shh";
const now = new Date("2026-11-22T02:00:00.000Z");
const body = new TextEncoder().encode('{"id":1}');
const hmac = (data: Uint8Array, key = secret) => createHmac("sha256", key).update(data).digest("base64");

function headers(overrides: Record<string, string | null> = {}) {
  const all: Record<string, string | null> = {
    "X-Shopify-Hmac-Sha256": hmac(body),
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Shop-Domain": "shop-1.myshopify.com",
    "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "X-Shopify-Triggered-At": "2026-11-22T01:02:03.000Z",
    ...overrides,
  };
  return new Headers(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
}

describe("webhook verification", () => {
  it("accepts Shopify's signature over the raw body and reads the headers", () => {
    const result = verifyWebhook(headers(), body, secret, now);
    expect(result).toEqual({
      ok: true,
      headers: {
        topic: "orders/create",
        shop: "shop-1.myshopify.com",
        webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        apiVersion: "2026-10",
        eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
        triggeredAt: new Date("2026-11-22T01:02:03.000Z"),
      },
    });
  });

  it("refuses a signature made with another secret, a changed body, or none (401)", () => {
    expect(verifyWebhook(headers({ "X-Shopify-Hmac-Sha256": hmac(body, "other") }), body, secret, now)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(verifyWebhook(headers(), new TextEncoder().encode('{"id":2}'), secret, now)).toMatchObject({ ok: false, status: 401 });
    expect(verifyWebhook(headers({ "X-Shopify-Hmac-Sha256": null }), body, secret, now)).toMatchObject({ ok: false, status: 401 });
    expect(validHmac(body, "not base64 at all", secret)).toBe(false);
  });

  it.each(["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version", "X-Shopify-Triggered-At"])(
    "answers 400 naming a missing %s",
    (name) => {
      const result = verifyWebhook(headers({ [name]: null }), body, secret, now);
      expect(result).toEqual({ ok: false, status: 400, message: `missing header(s): ${name.toLowerCase()}` });
    },
  );

  it("answers 400 for a shop that is not a myshopify.com domain", () => {
    expect(verifyWebhook(headers({ "X-Shopify-Shop-Domain": "shop.example.com" }), body, secret, now)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("keeps the delivery without an event id", () => {
    const result = verifyWebhook(headers({ "X-Shopify-Event-Id": null }), body, secret, now);
    expect(result).toMatchObject({ ok: true, headers: { eventId: null } });
  });

  it.each([
    ["not a date", "yesterday"],
    ["older than the replay window", new Date(now.getTime() - REPLAY_WINDOW_MS - 1000).toISOString()],
    ["in the future", new Date(now.getTime() + 60 * 60 * 1000).toISOString()],
  ])("answers 400 for an X-Shopify-Triggered-At %s", (_, value) => {
    const result = verifyWebhook(headers({ "X-Shopify-Triggered-At": value }), body, secret, now);
    expect(result).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("X-Shopify-Triggered-At") });
  });

  it("accepts a delivery retried late, within the replay window", () => {
    const late = new Date(now.getTime() - 48 * 60 * 60 * 1000).toISOString();
    expect(verifyWebhook(headers({ "X-Shopify-Triggered-At": late }), body, secret, now)).toMatchObject({ ok: true });
  });

  it.each(["X-Shopify-Topic", "X-Shopify-Webhook-Id", "X-Shopify-API-Version", "X-Shopify-Event-Id"])(
    "answers 400 naming a %s longer than the bound",
    (name) => {
      const result = verifyWebhook(headers({ [name]: "x".repeat(MAX_HEADER_LENGTH + 1) }), body, secret, now);
      expect(result).toEqual({ ok: false, status: 400, message: `header(s) longer than ${MAX_HEADER_LENGTH}: ${name.toLowerCase()}` });
    },
  );
});

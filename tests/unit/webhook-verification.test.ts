import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { validHmac, verifyWebhook } from "~/inbox/verify.server";

const secret = "shh";
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
    const result = verifyWebhook(headers(), body, secret);
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
    expect(verifyWebhook(headers({ "X-Shopify-Hmac-Sha256": hmac(body, "other") }), body, secret)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(verifyWebhook(headers(), new TextEncoder().encode('{"id":2}'), secret)).toMatchObject({ ok: false, status: 401 });
    expect(verifyWebhook(headers({ "X-Shopify-Hmac-Sha256": null }), body, secret)).toMatchObject({ ok: false, status: 401 });
    expect(validHmac(body, "not base64 at all", secret)).toBe(false);
  });

  it.each(["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version"])(
    "answers 400 naming a missing %s",
    (name) => {
      const result = verifyWebhook(headers({ [name]: null }), body, secret);
      expect(result).toEqual({ ok: false, status: 400, message: `missing header(s): ${name.toLowerCase()}` });
    },
  );

  it("answers 400 for a shop that is not a myshopify.com domain", () => {
    expect(verifyWebhook(headers({ "X-Shopify-Shop-Domain": "shop.example.com" }), body, secret)).toMatchObject({ ok: false, status: 400 });
  });

  it("keeps the delivery when the optional headers are absent or malformed", () => {
    const result = verifyWebhook(headers({ "X-Shopify-Event-Id": null, "X-Shopify-Triggered-At": "yesterday" }), body, secret);
    expect(result).toMatchObject({ ok: true, headers: { eventId: null, triggeredAt: null } });
  });
});

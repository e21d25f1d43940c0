import { createHmac, timingSafeEqual } from "node:crypto";

export type WebhookHeaders = {
  topic: string;
  shop: string;
  webhookId: string;
  apiVersion: string;
  eventId: string | null;
  triggeredAt: Date | null;
};

export type Verification = { ok: true; headers: WebhookHeaders } | { ok: false; status: 400 | 401; message: string };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** Shopify signs the raw body: base64 HMAC-SHA256 with the app's secret. */
export function validHmac(body: Uint8Array, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Checks the signature first (401), then the headers the app relies on (400). */
export function verifyWebhook(headers: Headers, body: Uint8Array, secret: string): Verification {
  if (!validHmac(body, headers.get("x-shopify-hmac-sha256"), secret)) {
    return { ok: false, status: 401, message: "X-Shopify-Hmac-Sha256 is missing or does not match the body" };
  }
  const required = {
    topic: "x-shopify-topic",
    shop: "x-shopify-shop-domain",
    webhookId: "x-shopify-webhook-id",
    apiVersion: "x-shopify-api-version",
  } as const;
  const missing = Object.values(required).filter((name) => !headers.get(name));
  if (missing.length > 0) return { ok: false, status: 400, message: `missing header(s): ${missing.join(", ")}` };
  const shop = headers.get(required.shop)!;
  if (!SHOP_DOMAIN.test(shop)) return { ok: false, status: 400, message: "X-Shopify-Shop-Domain is not a myshopify.com domain" };
  const triggeredAt = headers.get("x-shopify-triggered-at");
  const triggered = triggeredAt ? new Date(triggeredAt) : null;
  return {
    ok: true,
    headers: {
      topic: headers.get(required.topic)!,
      shop,
      webhookId: headers.get(required.webhookId)!,
      apiVersion: headers.get(required.apiVersion)!,
      eventId: headers.get("x-shopify-event-id"),
      triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered : null,
    },
  };
}

import { createHmac, timingSafeEqual } from "node:crypto";
import { SHOP_DOMAIN } from "~/shopify/shop-domain";

export type WebhookHeaders = {
  topic: string;
  shop: string;
  webhookId: string;
  apiVersion: string;
  eventId: string | null;
  triggeredAt: Date;
};

/** What the checks read of a request's headers: a fetch `Headers`, or a node:http request's through an adapter. */
export type HeaderReader = { get(name: string): string | null };

export type Verification = { ok: true; headers: WebhookHeaders } | { ok: false; status: 400 | 401; message: string };

/**
 * The longest value the app keeps of any X-Shopify-* header. Shopify's are
 * far shorter (a UUID, a topic, a version, a domain); a longer one is not
 * Shopify's, and would not fit the inbox's indexes on PostgreSQL.
 */
export const MAX_HEADER_LENGTH = 255;

/**
 * How old a delivery may be, by X-Shopify-Triggered-At. Shopify retries a
 * failed delivery for up to 48 hours; a week leaves room for an outage on our
 * side, and refuses a signed body captured long ago and sent again.
 */
export const REPLAY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Clocks disagree a little; a delivery from further in the future is not Shopify's. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Shopify signs the raw body: base64 HMAC-SHA256 with the app's secret. */
export function validHmac(body: Uint8Array, header: string | null, secret: string): boolean {
  if (!header || header.length > MAX_HEADER_LENGTH) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const REQUIRED = {
  topic: "x-shopify-topic",
  shop: "x-shopify-shop-domain",
  webhookId: "x-shopify-webhook-id",
  apiVersion: "x-shopify-api-version",
  triggeredAt: "x-shopify-triggered-at",
} as const;

/**
 * Checks, in this order: the signature (401); the required headers are
 * present (400), no header the app keeps is longer than MAX_HEADER_LENGTH
 * (400), the shop is a myshopify.com domain (400), and the delivery was
 * triggered within the replay window, not in the future (400).
 */
export function verifyWebhook(headers: HeaderReader, body: Uint8Array, secret: string, now = new Date()): Verification {
  if (!validHmac(body, headers.get("x-shopify-hmac-sha256"), secret)) {
    return { ok: false, status: 401, message: "X-Shopify-Hmac-Sha256 is missing or does not match the body" };
  }
  const missing = Object.values(REQUIRED).filter((name) => !headers.get(name));
  if (missing.length > 0) return { ok: false, status: 400, message: `missing header(s): ${missing.join(", ")}` };
  const tooLong = [...Object.values(REQUIRED), "x-shopify-event-id"].filter((name) => (headers.get(name)?.length ?? 0) > MAX_HEADER_LENGTH);
  if (tooLong.length > 0) return { ok: false, status: 400, message: `header(s) longer than ${MAX_HEADER_LENGTH}: ${tooLong.join(", ")}` };
  const shop = headers.get(REQUIRED.shop)!;
  if (!SHOP_DOMAIN.test(shop)) return { ok: false, status: 400, message: "X-Shopify-Shop-Domain is not a myshopify.com domain" };
  const triggeredAt = new Date(headers.get(REQUIRED.triggeredAt)!);
  const age = now.getTime() - triggeredAt.getTime();
  if (Number.isNaN(age)) return { ok: false, status: 400, message: "X-Shopify-Triggered-At is not a date" };
  if (age > REPLAY_WINDOW_MS) return { ok: false, status: 400, message: "X-Shopify-Triggered-At is older than the replay window" };
  if (age < -CLOCK_SKEW_MS) return { ok: false, status: 400, message: "X-Shopify-Triggered-At is in the future" };
  return {
    ok: true,
    headers: {
      topic: headers.get(REQUIRED.topic)!,
      shop,
      webhookId: headers.get(REQUIRED.webhookId)!,
      apiVersion: headers.get(REQUIRED.apiVersion)!,
      eventId: headers.get("x-shopify-event-id") || null,
      triggeredAt,
    },
  };
}

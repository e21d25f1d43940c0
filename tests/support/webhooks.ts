import { createHmac, randomUUID } from "node:crypto";
import { TEST_SECRET, TEST_SHOP } from "./constants";

export type Delivery = {
  topic: string;
  body: string | object;
  shop?: string;
  webhookId?: string;
  secret?: string;
  headers?: Record<string, string | null>;
};

export function sign(body: string | Uint8Array, secret = TEST_SECRET) {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** Shopify's headers and signature for a delivery; `headers` overrides or (null) removes one. */
export function signedDelivery(delivery: Delivery): { headers: Record<string, string>; body: string } {
  const body = typeof delivery.body === "string" ? delivery.body : JSON.stringify(delivery.body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Hmac-Sha256": sign(body, delivery.secret),
    "X-Shopify-Shop-Domain": delivery.shop ?? TEST_SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": delivery.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
  for (const [name, value] of Object.entries(delivery.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return { headers, body };
}

/** POSTs a delivery with Shopify's headers and signature. */
export async function deliver(appUrl: string, delivery: Delivery) {
  const { headers, body } = signedDelivery(delivery);
  const response = await fetch(`${appUrl}/webhooks`, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

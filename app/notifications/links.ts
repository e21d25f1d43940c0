// The links in customer emails: to an order's status page (from which the
// customer accepts a new date or cancels waiting items) and to unsubscribe.
// Each carries a token naming the shop, the order and an expiry, signed
// with the app's key, so a link cannot be pointed at another order and stops
// working after a while. Pure: the key is passed in.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** How long a link in an email works: a backorder can wait months. */
export const LINK_LIFETIME_DAYS = 120;

/** The app proxy's path on the shop's online store (`[app_proxy]` in shopify.app.toml). */
export const PROXY_PATH = "/apps/backorders";

const claimsShape = z.object({
  /** The shop's myshopify domain. */
  s: z.string(),
  /** The order's numeric id. */
  o: z.string().regex(/^\d+$/),
  /** The customer's email, for unsubscribe links; empty on status links. */
  e: z.string(),
  /** Expiry, in seconds since the epoch. */
  x: z.number().int(),
});

export type LinkClaims = { shop: string; orderId: string; email: string; expiresAt: Date };

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: "malformed" | "tampered" | "expired" };

const encode = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64url");
const signature = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest();

/** The key links are signed with: derived from the app's secret, for this use only. */
export const linkKeyFor = (appSecret: string) => createHmac("sha256", appSecret).update("backorder-manager customer links").digest();

/** A token for the claims: base64url JSON, a dot, base64url HMAC-SHA256 of the first part. */
export function signLink(key: Buffer, claims: LinkClaims): string {
  const body = encode(
    JSON.stringify({ s: claims.shop, o: claims.orderId, e: claims.email, x: Math.floor(claims.expiresAt.getTime() / 1000) }),
  );
  return `${body}.${encode(signature(key, body))}`;
}

/** The claims of a token this key signed, unless it was altered or has expired. */
export function verifyLink(key: Buffer, token: string, now = new Date()): LinkCheck {
  const [body, signed, ...rest] = token.split(".");
  if (!body || !signed || rest.length > 0) return { ok: false, reason: "malformed" };
  const expected = signature(key, body);
  const given = Buffer.from(signed, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "tampered" };
  let parsed;
  try {
    parsed = claimsShape.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const claims = { shop: parsed.data.s, orderId: parsed.data.o, email: parsed.data.e, expiresAt: new Date(parsed.data.x * 1000) };
  if (claims.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

/** The numeric part of an order's GID (`gid://shopify/Order/42` -> `42`). */
export const orderNumber = (orderId: string) => orderId.split("/").pop() ?? orderId;

/** The links one message carries, on the shop's online store. */
export function messageLinks(key: Buffer, storefrontUrl: string, claims: LinkClaims) {
  const base = `${storefrontUrl.replace(/\/+$/, "")}${PROXY_PATH}`;
  const status = `${base}/orders/${claims.orderId}?token=${signLink(key, { ...claims, email: "" })}`;
  return {
    status,
    accept: `${status}&do=accept`,
    cancel: `${status}&do=cancel`,
    unsubscribe: `${base}/unsubscribe?token=${signLink(key, claims)}`,
  };
}

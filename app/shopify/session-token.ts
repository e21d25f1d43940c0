// The session token App Bridge sends an embedded app (a JWT, HS256 with the
// app's client secret), checked without any call to Shopify: for requests
// that must not start a token exchange, as authenticate.admin would.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { SHOP_DOMAIN } from "./shop-domain";

const header = z.object({ alg: z.literal("HS256") });
const claims = z.object({
  aud: z.string(),
  dest: z.string().refine((dest) => dest.startsWith("https://") && SHOP_DOMAIN.test(dest.slice("https://".length))),
  exp: z.number(),
  nbf: z.number(),
});

// Shopify's libraries allow this much difference between clocks.
const LEEWAY_SECONDS = 10;

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

/** The shop a request's `Authorization: Bearer <session token>` speaks for, or null when it is missing or invalid. */
export function shopOfSessionToken(
  authorization: string | null,
  app: { apiKey: string; apiSecret: string },
  now = Date.now(),
): string | null {
  const [head, body, signature, ...rest] = authorization?.replace(/^Bearer /, "").split(".") ?? [];
  if (!head || !body || !signature || rest.length > 0) return null;
  const expected = createHmac("sha256", app.apiSecret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    header.parse(decode(head));
    const token = claims.parse(decode(body));
    const seconds = now / 1000;
    if (token.aud !== app.apiKey || seconds > token.exp + LEEWAY_SECONDS || seconds < token.nbf - LEEWAY_SECONDS) return null;
    return new URL(token.dest).hostname;
  } catch {
    return null;
  }
}

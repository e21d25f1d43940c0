// Reading a delivery's body, and the shape of the handlers that act on it.
import type { z } from "zod";
import type { Db } from "~/db/client.server";
import { TerminalError } from "~/errors";
import type { Gateway } from "~/shopify/gateway.server";

/** What a topic's handler gets besides the payload. */
export type WebhookContext = {
  db: Db;
  shop: string;
  eventId: number;
  receivedAt: Date;
  /** X-Shopify-Triggered-At: when Shopify says the event happened. */
  triggeredAt: Date | null;
  /** The shop's store, through its offline token. */
  gateway: () => Promise<Gateway>;
};
/** A handler that declines a delivery says why; its event is then marked IGNORED with the reason. */
export type TopicHandler = (payload: unknown, context: WebhookContext) => Promise<void | { ignored: string }>;

/** A stored delivery's JSON; a body that is not JSON will never become JSON. */
export function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (error) {
    // The parser quotes the body, whose control bytes a text column may refuse,
    // and may quote half of a surrogate pair, which the database driver refuses.
    const quoted = (error as Error).message
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f]/g, "?")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "?");
    throw new TerminalError(`body is not valid JSON: ${quoted}`);
  }
}

/**
 * The shops a payload names at its top level. Shopify's signature covers the
 * body, not the headers, so the shop header must agree with these. `domain`
 * counts only as a myshopify.com domain: a shop's primary domain may be its own.
 */
export function shopsNamedBy(payload: unknown): unknown[] {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return [];
  const fields = payload as Record<string, unknown>;
  const named = [fields.shop_domain, fields.myshopify_domain].filter((value) => value !== undefined);
  if (typeof fields.domain === "string" && fields.domain.endsWith(".myshopify.com")) named.push(fields.domain);
  return named;
}

/**
 * Whether a body could name a shop for `shopsNamedBy`: each key it reads ends
 * in `domain`, so such a body holds the bytes `domain"`. Shopify writes keys
 * unescaped, and the signature ties a body's bytes to Shopify, so a body
 * without them names no shop and its JSON need not be read to know it (an
 * order's 6 KB body costs the intake more to parse than to verify).
 */
export function mayNameShop(body: Uint8Array): boolean {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes('domain"');
}

/** Parses a payload; a payload of the wrong shape will not improve on retry. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, topic: string): T {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join(".") || "(body)").join(", ");
    throw new TerminalError(`${topic} payload is invalid at: ${fields}`);
  }
  return result.data;
}

/** The GID of a REST id in a payload (`1001` for an Order: `gid://shopify/Order/1001`). */
export function shopifyGid(type: string, id: number | string): string {
  return String(id).startsWith("gid://") ? String(id) : `gid://shopify/${type}/${id}`;
}

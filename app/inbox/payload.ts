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
  /** The shop's store, through its offline token. */
  gateway: () => Promise<Gateway>;
};
export type TopicHandler = (payload: unknown, context: WebhookContext) => Promise<void>;

/** A stored delivery's JSON; a body that is not JSON will never become JSON. */
export function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (error) {
    // The parser quotes the body, whose control bytes a text column may refuse.
    // eslint-disable-next-line no-control-regex
    throw new TerminalError(`body is not valid JSON: ${(error as Error).message.replace(/[\u0000-\u001f]/g, "?")}`);
  }
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

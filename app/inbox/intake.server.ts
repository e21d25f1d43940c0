import type { JobBackend } from "~/jobs/queue.server";
import type { InboxWriter } from "./writer.server";
import { parseBody, shopsNamedBy } from "./payload";
import { verifyWebhook } from "./verify.server";
import { log } from "~/observability/log.server";

/**
 * The largest webhook body the app reads. Shopify's largest payloads (an
 * order with hundreds of lines) are a few hundred kilobytes; a body past the
 * cap is refused with 413 before it is read, or as soon as it grows past it,
 * so no delivery can make the process hold more than this.
 */
export const MAX_WEBHOOK_BODY_BYTES = 2 * 1024 * 1024;

export type IntakeResult =
  | { outcome: "RECORDED" | "DUPLICATE" | "IGNORED" | "DEAD_LETTER"; status: 200 }
  | { outcome: "REJECTED"; status: 400 | 401 | 413; message: string };

/**
 * Verifies, records and acknowledges a delivery; the work happens in a job.
 * The inbox row and its job are committed together before the answer, so an
 * answered delivery is never lost, and the unique (shop, webhook id) and
 * (shop, event id) keys make a repeated delivery a no-op.
 */
export async function receiveWebhook(
  inbox: InboxWriter,
  jobs: JobBackend,
  secret: string,
  handledTopics: ReadonlySet<string>,
  request: Request,
): Promise<IntakeResult> {
  const body = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body) return { outcome: "REJECTED", status: 413, message: `body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` };
  const verification = verifyWebhook(request.headers, body, secret);
  if (!verification.ok) return { outcome: "REJECTED", status: verification.status, message: verification.message };
  const { headers } = verification;

  let parseError: string | null = null;
  try {
    const named = shopsNamedBy(parseBody(body)).filter((shop) => shop !== headers.shop);
    if (named.length > 0) {
      // Signed by Shopify, but sent under another shop's name: a replay, not a delivery.
      log.warn(
        { shop: headers.shop, topic: headers.topic, webhookId: headers.webhookId },
        `webhook ${headers.webhookId} refused: X-Shopify-Shop-Domain ${headers.shop} is not the shop its body names`,
      );
      return { outcome: "REJECTED", status: 400, message: "the body names another shop than X-Shopify-Shop-Domain" };
    }
  } catch (error) {
    parseError = (error as Error).message;
  }
  const status = parseError ? "DEAD" : handledTopics.has(headers.topic) ? "RECEIVED" : "IGNORED";

  const stored = await inbox.record({
    shop: headers.shop,
    webhookId: headers.webhookId,
    topic: headers.topic,
    apiVersion: headers.apiVersion,
    eventId: headers.eventId,
    triggeredAt: headers.triggeredAt,
    body,
    status,
    error: parseError ?? (status === "IGNORED" ? `no handler for topic ${headers.topic}` : null),
  });
  if (stored === "DUPLICATE") return { outcome: "DUPLICATE", status: 200 };
  if (status === "RECEIVED") await jobs.notify(headers.shop);
  const outcome = status === "RECEIVED" ? "RECORDED" : status === "DEAD" ? "DEAD_LETTER" : "IGNORED";
  return { outcome, status: 200 };
}

/**
 * How long the rest of a refused body is still read and thrown away: a client
 * still sending reads the 413 before the connection closes under it.
 */
const LINGER_MS = 1_000;

/**
 * The body, or null past `max` bytes: refused by its declared length before
 * a byte is read, or when a body sent in chunks grows past it. Nothing past
 * the cap is kept.
 */
async function readBody(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array(0);
  if (Number(request.headers.get("content-length") ?? 0) > max) return linger(reader);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) return linger(reader);
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Discards what is left of a refused body for LINGER_MS, then closes the connection (cancelling destroys the socket). */
function linger(reader: ReadableStreamDefaultReader<Uint8Array>): null {
  const close = setTimeout(() => void reader.cancel().catch(() => undefined), LINGER_MS);
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // The client went away: nothing is left to discard.
    } finally {
      clearTimeout(close);
    }
  })();
  return null;
}

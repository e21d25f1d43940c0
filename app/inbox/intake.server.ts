import type { JobBackend } from "~/jobs/queue.server";
import type { InboxWriter } from "./writer.server";
import { mayNameShop, parseBody, shopsNamedBy } from "./payload";
import { verifyWebhook, type HeaderReader } from "./verify.server";
import { log } from "~/observability/log.server";

/**
 * The largest webhook body the app reads. Shopify's largest payloads (an
 * order with hundreds of lines) are a few hundred kilobytes; a body past the
 * cap is refused with 413 before it is read, or as soon as it grows past it,
 * so no delivery can make the process hold more than this.
 */
export const MAX_WEBHOOK_BODY_BYTES = 2 * 1024 * 1024;

/**
 * How long the rest of a refused body is still read and thrown away: a client
 * still sending reads the 413 before the connection closes under it.
 */
export const LINGER_MS = 1_000;

/** What the intake records with: one inbox writer per process, so every delivery shares its batches. */
export type Intake = {
  inbox: InboxWriter;
  jobs: JobBackend;
  secret: string;
  handledTopics: ReadonlySet<string>;
};

export type IntakeResult =
  | { outcome: "RECORDED" | "DUPLICATE" | "IGNORED" | "DEAD_LETTER"; status: 200 }
  | { outcome: "REJECTED"; status: 400 | 401 | 413; message: string };

/** The HTTP answer to a delivery, whichever server read it. */
export type IntakeAnswer = { status: number; message: string | null; headers: Record<string, string> };

/**
 * The answer to a delivery whose body was read up to the cap (`null` past
 * it): the outcome's status, or 503 when the database fails, which Shopify
 * retries as it retries any delivery that got no 2xx.
 */
export async function answerDelivery(intake: Intake, headers: HeaderReader, body: Uint8Array<ArrayBuffer> | null): Promise<IntakeAnswer> {
  try {
    const result = await receiveWebhook(intake, headers, body);
    return { status: result.status, message: result.outcome === "REJECTED" ? result.message : null, headers: {} };
  } catch (error) {
    const header = (name: string) => headers.get(name) ?? undefined;
    const delivery = { shop: header("x-shopify-shop-domain"), topic: header("x-shopify-topic"), webhookId: header("x-shopify-webhook-id") };
    log.warn({ ...delivery, err: error }, "webhook intake failed");
    return { status: 503, message: "temporarily unavailable", headers: { "Retry-After": "5" } };
  }
}

/**
 * Verifies, records and acknowledges a delivery; the work happens in a job.
 * The inbox row and its job are committed together before the answer, so an
 * answered delivery is never lost, and the unique (shop, webhook id) and
 * (shop, event id) keys make a repeated delivery a no-op.
 */
export async function receiveWebhook(intake: Intake, headers: HeaderReader, body: Uint8Array<ArrayBuffer> | null): Promise<IntakeResult> {
  if (!body) return { outcome: "REJECTED", status: 413, message: `body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` };
  const verification = verifyWebhook(headers, body, intake.secret);
  if (!verification.ok) return { outcome: "REJECTED", status: verification.status, message: verification.message };
  const delivery = verification.headers;

  // Only a body that could name a shop is read here; the job reads the rest,
  // and makes one that is not JSON a dead letter (webhook-job.server.ts).
  let parseError: string | null = null;
  if (mayNameShop(body)) {
    try {
      const named = shopsNamedBy(parseBody(body)).filter((shop) => shop !== delivery.shop);
      if (named.length > 0) {
        // Signed by Shopify, but sent under another shop's name: a replay, not a delivery.
        log.warn(
          { shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId },
          `webhook ${delivery.webhookId} refused: X-Shopify-Shop-Domain ${delivery.shop} is not the shop its body names`,
        );
        return { outcome: "REJECTED", status: 400, message: "the body names another shop than X-Shopify-Shop-Domain" };
      }
    } catch (error) {
      parseError = (error as Error).message;
    }
  }
  const status = parseError ? "DEAD" : intake.handledTopics.has(delivery.topic) ? "RECEIVED" : "IGNORED";

  const stored = await intake.inbox.record({
    shop: delivery.shop,
    webhookId: delivery.webhookId,
    topic: delivery.topic,
    apiVersion: delivery.apiVersion,
    eventId: delivery.eventId,
    triggeredAt: delivery.triggeredAt,
    body,
    status,
    error: parseError ?? (status === "IGNORED" ? `no handler for topic ${delivery.topic}` : null),
  });
  if (stored === "DUPLICATE") return { outcome: "DUPLICATE", status: 200 };
  // Not waited for: the job is committed, notify never rejects, and a lost notification is found by the sweep.
  if (status === "RECEIVED") void intake.jobs.notify(delivery.shop);
  const outcome = status === "RECEIVED" ? "RECORDED" : status === "DEAD" ? "DEAD_LETTER" : "IGNORED";
  return { outcome, status: 200 };
}

/** Joins the chunks of a body into one array of its own (a chunk may be a view of a larger pooled buffer). */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

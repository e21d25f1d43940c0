import type { JobBackend } from "~/jobs/queue.server";
import type { InboxWriter } from "./writer.server";
import { parseBody } from "./payload";
import { verifyWebhook } from "./verify.server";

export type IntakeResult =
  | { outcome: "RECORDED" | "DUPLICATE" | "IGNORED" | "DEAD_LETTER"; status: 200 }
  | { outcome: "REJECTED"; status: 400 | 401; message: string };

/**
 * Verifies, records and acknowledges a delivery; the work happens in a job.
 * The inbox row and its job are committed together before the answer, so an
 * answered delivery is never lost, and the unique (shop, webhook id) key
 * makes a repeated delivery a no-op.
 */
export async function receiveWebhook(
  inbox: InboxWriter,
  jobs: JobBackend,
  secret: string,
  handledTopics: ReadonlySet<string>,
  request: Request,
): Promise<IntakeResult> {
  const body = new Uint8Array(await request.arrayBuffer());
  const verification = verifyWebhook(request.headers, body, secret);
  if (!verification.ok) return { outcome: "REJECTED", status: verification.status, message: verification.message };
  const { headers } = verification;

  let parseError: string | null = null;
  try {
    parseBody(body);
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

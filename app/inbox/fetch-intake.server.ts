// The intake behind Remix's request pipeline (app/routes/webhooks.tsx), for
// `shopify app dev`, where Vite serves every request; in production,
// scripts/start.mjs hands POST /webhooks to node-intake.server.ts instead.
import { answerDelivery, joinChunks, LINGER_MS, MAX_WEBHOOK_BODY_BYTES, type Intake } from "./intake.server";

export async function receiveFetchWebhook(intake: Intake, request: Request): Promise<Response> {
  const answer = await answerDelivery(intake, request.headers, await readBody(request, MAX_WEBHOOK_BODY_BYTES));
  return new Response(answer.message, { status: answer.status, headers: answer.headers });
}

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
  return joinChunks(chunks, size);
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

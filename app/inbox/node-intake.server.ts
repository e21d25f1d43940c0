// The intake near the wire: scripts/start.mjs hands POST /webhooks here
// before express and Remix, so a delivery costs no Request, Headers or
// stream objects between the socket and the inbox. The checks, the record
// and the answer are the ones the Remix route gives (intake.server.ts).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { answerDelivery, joinChunks, LINGER_MS, MAX_WEBHOOK_BODY_BYTES, type Intake } from "./intake.server";
import type { HeaderReader } from "./verify.server";

/** A webhook delivery: POST /webhooks, with or without a query string. */
export function isWebhookDelivery(req: IncomingMessage): boolean {
  return req.method === "POST" && (req.url ?? "").split("?")[0] === "/webhooks";
}

/** Answers a delivery; never rejects, so no request can end the process. */
export async function receiveNodeWebhook(intake: Intake, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
    const answer = await answerDelivery(intake, headerReader(req.headers), body);
    const headers = answer.message === null ? answer.headers : { ...answer.headers, "Content-Type": "text/plain; charset=utf-8" };
    res.writeHead(answer.status, headers).end(answer.message ?? undefined);
  } catch {
    // The client went away before its body ended: nobody is left to answer.
    res.destroy();
  }
}

/** Node's header names are lower-case, and repeats of an X- header are joined with ", ", as `Headers.get` does. */
function headerReader(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The body, or null past `max` bytes: refused by its declared length before
 * a byte is read, or when a body sent in chunks grows past it. Nothing past
 * the cap is kept. Rejects when the client goes away first.
 */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(req.headers["content-length"] ?? 0) > max) return Promise.resolve(linger(req));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= max) return void chunks.push(chunk);
      stop();
      resolve(linger(req));
    };
    const onEnd = () => {
      stop();
      resolve(joinChunks(chunks, size));
    };
    const onGone = () => {
      stop();
      reject(new Error("the client closed the connection before the body ended"));
    };
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}

/** Discards what is left of a refused body for LINGER_MS, then closes the connection. */
function linger(req: IncomingMessage): null {
  const close = setTimeout(() => req.destroy(), LINGER_MS);
  const done = () => clearTimeout(close);
  // Destroying the request emits an error, which must find a listener.
  req.once("end", done).once("close", done).on("error", done);
  req.resume();
  return null;
}

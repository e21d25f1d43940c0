import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { config } from "~/config.server";
import { log } from "~/observability/log.server";
import { addDocumentResponseHeaders } from "~/shopify.server";

import { boot } from "~/server/lifecycle.server";

// The server build's one door to the process lifecycle (app/server), for
// scripts/start.mjs and scripts/worker.mjs; Vite's dev server has no start
// script, so there the first load starts it.
export { boot, shutdown } from "~/server/lifecycle.server";
// …and to the process's logger, health endpoints and metrics port.
export { log } from "~/observability/log.server";
export { observeRequest, serveMetrics } from "~/server/observability.server";
// scripts/start.mjs answers POST /webhooks with it before express and Remix.
export { handleWebhook } from "~/server/webhooks.server";
export { isWebhookDelivery } from "~/inbox/node-intake.server";
if (import.meta.env.DEV) void boot();

export const streamTimeout = 5000;

/** A loader's or action's unexpected error, logged with the path only: a query string may carry a customer's details. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  log.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "request failed");
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  // The simulator serves its own App Bridge stand-in: no preload from Shopify's CDN.
  if (config.SHOPIFY_SIMULATOR_URL) responseHeaders.delete("Link");
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]() {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError: reject,
      onError(error: unknown) {
        responseStatusCode = 500;
        log.error({ err: error }, "rendering failed");
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { jobs } from "~/jobs.server";
import { config } from "~/config.server";
import { addDocumentResponseHeaders } from "~/shopify.server";

export const streamTimeout = 5000;

/**
 * Starts the background work of this process. scripts/start.mjs calls it
 * after migrating the database; the Vite dev server calls it on first load.
 */
export async function boot() {
  if (config.RUN_JOBS) await jobs.start();
}

/** Finishes the running job and lets the process exit. */
export async function shutdown() {
  await jobs.stop();
}

if (import.meta.env.DEV) void boot();

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
        resolve(
          new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
        );
        pipe(body);
      },
      onShellError: reject,
      onError(error: unknown) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

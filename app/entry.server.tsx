import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { jobs } from "~/jobs.server";
import { scheduleFullReconciles } from "~/services/engine/schedule.server";
import { addDocumentResponseHeaders } from "~/shopify.server";

export const streamTimeout = 5000;

/**
 * Starts the background work of this process. scripts/start.mjs calls it
 * after migrating the database; the Vite dev server calls it on first load.
 */
let schedule: NodeJS.Timeout | undefined;

export async function boot() {
  if (!config.RUN_JOBS) return;
  await jobs.start();
  schedule = setInterval(() => void scheduleFullReconciles(db, jobs).catch((error) => console.warn("scheduling full reconciles failed:", error)), config.FULL_RECONCILE_HOURS * 3_600_000);
}

/** Finishes the running job and lets the process exit. */
export async function shutdown() {
  clearInterval(schedule);
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

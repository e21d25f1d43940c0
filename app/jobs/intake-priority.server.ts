// On SQLite the jobs and the webhook intake share one event loop, and every
// database call blocks it. Shopify wants an answer within 5 s, a job can
// wait: while deliveries keep arriving, the in-process job loop steps back.

const QUIET_AFTER_MS = 20;
const MAX_PAUSE_MS = 100;

let busyUntil = 0;

/** Called for each delivery the intake receives. */
export function noteDelivery() {
  busyUntil = Date.now() + QUIET_AFTER_MS;
}

/**
 * Waits until no delivery arrived for a moment, or at most MAX_PAUSE_MS, so
 * a sustained stream of deliveries slows the jobs down without stopping them.
 */
export async function yieldToDeliveries() {
  await new Promise((resolve) => setImmediate(resolve));
  const deadline = Date.now() + MAX_PAUSE_MS;
  while (Date.now() < Math.min(busyUntil, deadline)) await new Promise((resolve) => setTimeout(resolve, 5));
}

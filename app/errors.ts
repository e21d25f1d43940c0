/** An error that retrying cannot fix: the job becomes a dead letter at once. */
export class TerminalError extends Error {
  name = "TerminalError";
}

/** An error carrying the HTTP status of a failed call (Shopify, mostly). */
export class HttpError extends Error {
  name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// 401 and 403: the token or the scopes are gone; 404: the thing is gone;
// 402: the shop is frozen (unpaid); 423: the shop is locked. A retry within
// the hour changes none of these: the next full reconcile repairs the shop.
const TERMINAL_STATUSES = new Set([401, 402, 403, 404, 423]);

function statusOf(error: unknown): unknown {
  return (error as { status?: unknown } | null)?.status ?? (error as { response?: { status?: unknown } } | null)?.response?.status;
}

export function isTerminal(error: unknown): boolean {
  if (error instanceof TerminalError) return true;
  const status = statusOf(error);
  return typeof status === "number" && TERMINAL_STATUSES.has(status);
}

/** The app holds no token for a shop: it is not installed there. */
export class NotInstalledError extends TerminalError {
  name = "NotInstalledError";
}

/**
 * Runs work against Shopify that losing access makes moot: the app has no
 * token for the shop, or Shopify refuses it (401) and refuses to refresh it
 * (the gateway refreshes an expiring token it refuses, and tries again
 * once), because the app was uninstalled or lost its access. Only opening the app again restores it,
 * and that install reconciles the shop in full from the store, so the work
 * is neither retried nor kept as a dead letter. Returns false when so.
 */
export async function whileAccessHolds(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (error instanceof NotInstalledError || statusOf(error) === 401) return false;
    throw error;
  }
}

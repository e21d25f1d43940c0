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

// 401 and 403: the token or the scopes are gone; 404: the thing is gone.
const TERMINAL_STATUSES = new Set([401, 403, 404]);

export function isTerminal(error: unknown): boolean {
  if (error instanceof TerminalError) return true;
  const status = (error as { status?: unknown; response?: { status?: unknown } } | null)?.status ??
    (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === "number" && TERMINAL_STATUSES.has(status);
}

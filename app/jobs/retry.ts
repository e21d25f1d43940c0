// How often and how soon a failed job is tried again.

export type RetryPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long a claim lasts unless renewed: a worker renews it every third of
   * it while the job runs, so it runs out only when the worker died. Another
   * worker takes the job (and on PostgreSQL the shop) back within it.
   */
  leaseMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  leaseMs: 60_000,
};

/** Exponential backoff with jitter: a random delay in [d/2, d], d = base * 2^(attempt-1), capped. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function resolvePolicy(policy?: Partial<RetryPolicy>): RetryPolicy {
  return { ...defaultRetryPolicy, ...policy };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultRetryPolicy, retryDelayMs } from "~/jobs/retry";
import { HttpError, isTerminal, TerminalError } from "~/errors";

describe("retry delay", () => {
  it("stays within [d/2, d] for d = base * 2^(attempt-1), capped at the maximum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(defaultRetryPolicy.maxDelayMs, defaultRetryPolicy.baseDelayMs * 2 ** (attempt - 1));
        const delay = retryDelayMs(defaultRetryPolicy, attempt, () => r);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });

  it("doubles its ceiling with each attempt until the cap", () => {
    const top = (attempt: number) => retryDelayMs(defaultRetryPolicy, attempt, () => 0.999999);
    expect([1, 2, 3, 4].map(top)).toEqual([2000, 4000, 8000, 16000]);
    expect(top(20)).toBe(defaultRetryPolicy.maxDelayMs);
  });

  it("spreads retries of the same attempt (jitter)", () => {
    expect(retryDelayMs(defaultRetryPolicy, 3, () => 0)).toBe(4000);
    expect(retryDelayMs(defaultRetryPolicy, 3, () => 0.5)).toBe(6000);
  });
});

describe("terminal errors", () => {
  it.each([401, 402, 403, 404, 423])("treats HTTP %s as terminal", (status) => {
    expect(isTerminal(new HttpError(status, "no"))).toBe(true);
    expect(isTerminal({ response: { status } })).toBe(true);
  });

  it.each([429, 500, 502, 503])("retries HTTP %s", (status) => {
    expect(isTerminal(new HttpError(status, "later"))).toBe(false);
  });

  it("treats TerminalError as terminal and plain errors as retryable", () => {
    expect(isTerminal(new TerminalError("uninstalled"))).toBe(true);
    expect(isTerminal(new Error("ECONNRESET"))).toBe(false);
    expect(isTerminal(null)).toBe(false);
  });
});

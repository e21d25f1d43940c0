// The story of one backorder line, told as audit events: each state change,
// the first date promised and every later change of that date.
import type { CalendarDate } from "./dates";
import type { LineState, StoredLine } from "./facts";

/** What the newest plan (or the store, for lines that left it) says about a line. */
export type LineOutcome =
  { state: "backordered" | "allocated" | "released"; eta: CalendarDate | null } | { state: "fulfilled" | "cancelled" };

/** Whether a line reached the end of its story: nothing about it changes any more. */
export function hasEnded(state: LineState): boolean {
  return state === "fulfilled" || state === "cancelled";
}

export interface LineKey {
  lineItemId: string;
  locationId: string;
}

export type AuditEvent =
  | (LineKey & { type: "LINE_TRANSITION"; from: LineState | null; to: LineState })
  | (LineKey & { type: "PROMISE_GIVEN"; eta: CalendarDate })
  | (LineKey & { type: "PROMISE_MOVED"; from: CalendarDate | null; to: CalendarDate | null });

export interface LineAdvance {
  /** The line to store; null when the line never waited and needs no record. */
  line: StoredLine | null;
  events: AuditEvent[];
}

/**
 * Moves a stored line to its new outcome. Dates only count while the line
 * waits: once stock is assigned the last promise stays as it was told.
 */
export function advanceLine({ lineItemId, locationId }: LineKey, previous: StoredLine | null, outcome: LineOutcome): LineAdvance {
  const key = { lineItemId, locationId };
  if (previous === null && outcome.state !== "backordered") return { line: null, events: [] };
  const events: AuditEvent[] = [];
  const from = previous?.state ?? null;
  if (from !== outcome.state) events.push({ ...key, type: "LINE_TRANSITION", from, to: outcome.state });
  let promisedEta = previous?.promisedEta ?? null;
  let currentEta = previous?.currentEta ?? null;
  if (outcome.state === "backordered" && outcome.eta !== currentEta) {
    if (promisedEta === null && outcome.eta !== null) {
      promisedEta = outcome.eta;
      events.push({ ...key, type: "PROMISE_GIVEN", eta: outcome.eta });
    } else if (promisedEta !== null) {
      events.push({ ...key, type: "PROMISE_MOVED", from: currentEta, to: outcome.eta });
    }
    currentEta = outcome.eta;
  }
  return { line: { ...key, state: outcome.state, promisedEta, currentEta }, events };
}

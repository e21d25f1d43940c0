// An audit event as a page shows it, in the merchant's words (describe.ts).
// The Activity page and a line's history both read the trail through it, so
// an event reads the same on both.
import { jsonObject } from "~/db/codecs";
import { describeAudit, type AuditDescription, type SubjectNames } from "./describe";
import { triggerColumn } from "./trigger";

/** `when`: the time in the shop's time zone, written on the server so the page reads the same wherever it is opened. */
export type TrailEntry = AuditDescription & { id: number; type: string; subject: string | null; at: string; when: string };

/** An audit event row as stored. */
export type AuditRow = { id: number; type: string; subject: string | null; data: string; trigger: string | null; createdAt: Date };

/** An event's details; a row that is not an object (written by hand, or damaged) shows none rather than breaking the page. */
export function eventData(text: string): Record<string, unknown> {
  const parsed = jsonObject.safeDecode(text);
  return parsed.success ? parsed.data : {};
}

/** The event as shown, its time written by `clock`; a trigger that does not decode (a newer kind) reads as unknown. */
export function trailEntry(row: AuditRow, clock: Intl.DateTimeFormat, names?: SubjectNames): TrailEntry {
  const trigger = row.trigger ? triggerColumn.safeDecode(row.trigger) : null;
  return {
    id: row.id,
    type: row.type,
    subject: row.subject,
    at: row.createdAt.toISOString(),
    when: clock.format(row.createdAt),
    ...describeAudit({
      type: row.type,
      subject: row.subject,
      data: eventData(row.data),
      trigger: trigger?.success ? trigger.data : null,
      names,
    }),
  };
}

// The Activity page's filters and its page cursor, as the URL carries them.
// Pure: parsed the same way on the server and tested without a database.
import { z } from "zod";
import { addDays, CALENDAR_DATE } from "~/backorders";
import { optionalText } from "~/input";

export const AUDIT_PAGE_SIZE = 50;

const optionalDate = z
  .string()
  .trim()
  .refine((value) => value === "" || (CALENDAR_DATE.test(value) && !Number.isNaN(Date.parse(value))), "must be a date, YYYY-MM-DD")
  .transform((value) => value || undefined)
  .optional();

/** A position in the trail: the newest-first order is (createdAt, id), both descending. */
export type AuditCursor = { at: Date; id: number };

const cursorText = z
  .string()
  .regex(/^\d+\.\d+$/, "is not a page of this list")
  .transform((value): AuditCursor => {
    const [at, id] = value.split(".").map(Number);
    return { at: new Date(at), id };
  })
  .optional();

export const auditFilters = z
  .object({
    kind: optionalText(100),
    order: optionalText(100),
    product: optionalText(255),
    from: optionalDate,
    to: optionalDate,
    /** Older entries than this one (the next page). */
    after: cursorText,
    /** Newer entries than this one (the previous page). */
    before: cursorText,
  })
  .refine((f) => !(f.from && f.to && f.from > f.to), { path: ["to"], message: "must be on or after the start date" });

export type AuditFilters = z.output<typeof auditFilters>;

export function encodeCursor(cursor: AuditCursor): string {
  return `${cursor.at.getTime()}.${cursor.id}`;
}

/** Milliseconds the time zone is ahead of UTC at `instant`. */
function offsetMs(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day begins in the shop's time zone. */
export function startOfShopDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const midnightUtc = Date.UTC(year, month - 1, day);
  // Twice: the offset at the first guess may differ from the offset at the answer (a DST change that day).
  const guess = midnightUtc - offsetMs(midnightUtc, timeZone);
  return new Date(midnightUtc - offsetMs(guess, timeZone));
}

/** The instants [from, until) a date range covers, both days included. */
export function dateRange(filters: Pick<AuditFilters, "from" | "to">, timeZone: string): { gte?: Date; lt?: Date } {
  return {
    ...(filters.from ? { gte: startOfShopDay(filters.from, timeZone) } : {}),
    ...(filters.to ? { lt: startOfShopDay(addDays(filters.to, 1), timeZone) } : {}),
  };
}

/** An order as a merchant types it ("#1001", "1001") or its id, as the names and ids to look it up by. */
export function orderLookup(input: string): { names: string[]; id: string | null } {
  const trimmed = input.trim();
  if (trimmed.startsWith("gid://shopify/Order/")) return { names: [], id: trimmed };
  const bare = trimmed.replace(/^#/, "");
  return { names: [...new Set([trimmed, `#${bare}`])], id: /^\d{6,}$/.test(bare) ? `gid://shopify/Order/${bare}` : null };
}

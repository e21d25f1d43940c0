// The dashboard's arithmetic: what a backorder line's history records as it
// moves, and the KPIs computed from counts the database aggregates. The
// definitions are the ones the dashboard's tooltips state.
import { addDays, shopToday, type CalendarDate } from "./dates";
import type { LineState } from "./facts";

const MS_PER_HOUR = 3_600_000;

/** The periods the dashboard offers, in days. */
export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

/** What is stored about a line's history, beside its state. */
export interface LineHistory {
  /** When the line went on backorder. */
  createdAt: Date;
  promisedEta: CalendarDate | null;
  /** The date the product page showed the shopper, when the order carried it. */
  shownEta: CalendarDate | null;
  /** The most units the line waited for at once. */
  waitedUnits: number;
  resolvedAt: Date | null;
}

export interface HistoryUpdate {
  waitedUnits: number;
  resolvedAt?: Date;
  resolvedOn?: CalendarDate;
  waitHours?: number | null;
  releasedOnTime?: boolean | null;
}

const STOPPED_WAITING: ReadonlySet<LineState> = new Set(["released", "fulfilled", "cancelled"]);

/**
 * The history fields of a line moving to `state` at `now`: the first time it
 * stops waiting (released, fulfilled, or cancelled) records when, how long it
 * waited (not for a cancelled line) and whether that kept the first promise
 * (null without one): the date the shopper saw on the product page where the
 * order says, else the first date the app gave. Later moves (released to
 * fulfilled) change nothing.
 */
export function advanceHistory(previous: LineHistory, state: LineState, backordered: number, now: Date, timeZone: string): HistoryUpdate {
  const update: HistoryUpdate = { waitedUnits: Math.max(previous.waitedUnits, backordered) };
  if (previous.resolvedAt !== null || !STOPPED_WAITING.has(state)) return update;
  const resolvedOn = shopToday(now, timeZone);
  const cancelled = state === "cancelled";
  const promised = previous.shownEta ?? previous.promisedEta;
  return {
    ...update,
    resolvedAt: now,
    resolvedOn,
    waitHours: cancelled ? null : Math.max(0, Math.floor((now.getTime() - previous.createdAt.getTime()) / MS_PER_HOUR)),
    releasedOnTime: cancelled || promised === null ? null : resolvedOn <= promised,
  };
}

/** A share in percent, one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** How many times a value occurs. */
export interface Bucket {
  value: number;
  count: number;
}

/**
 * The `p`-th percentile (0 < p <= 1) of the values a histogram counts, by the
 * nearest-rank method: the smallest value with at least p of all values at or
 * below it. Null for an empty histogram.
 */
export function percentile(histogram: readonly Bucket[], p: number): number | null {
  const sorted = [...histogram].filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bucket of sorted) {
    seen += bucket.count;
    if (seen >= rank) return bucket.value;
  }
  return sorted[sorted.length - 1]!.value;
}

/** The duration chart's bars: hours waited, grouped in ranges a merchant reads at a glance. */
export const DURATION_RANGES = [
  { label: "Under 1 day", upToHours: 24 },
  { label: "1–3 days", upToHours: 72 },
  { label: "3–7 days", upToHours: 168 },
  { label: "1–2 weeks", upToHours: 336 },
  { label: "2–4 weeks", upToHours: 672 },
  { label: "Over 4 weeks", upToHours: Infinity },
] as const;

export function durationDistribution(hours: readonly Bucket[]): { label: string; lines: number }[] {
  return DURATION_RANGES.map((range, i) => {
    const from = i === 0 ? 0 : DURATION_RANGES[i - 1]!.upToHours;
    const lines = hours.filter((b) => b.value >= from && b.value < range.upToHours).reduce((sum, b) => sum + b.count, 0);
    return { label: range.label, lines };
  });
}

/** The calendar days of a period ending today, oldest first. */
export function periodDays(today: CalendarDate, days: number): CalendarDate[] {
  return Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
}

/**
 * Units waiting at the end of each day, walked back from the units waiting
 * now: the day before held what the day ended with, less what went on
 * backorder that day, plus what stopped waiting that day.
 */
export function unitsWaitingByDay(
  days: readonly CalendarDate[],
  waitingNow: number,
  addedOn: ReadonlyMap<CalendarDate, number>,
  resolvedOn: ReadonlyMap<CalendarDate, number>,
): { day: CalendarDate; units: number }[] {
  const series: { day: CalendarDate; units: number }[] = [];
  let units = waitingNow;
  for (let i = days.length - 1; i >= 0; i -= 1) {
    const day = days[i]!;
    series.push({ day, units: Math.max(0, units) });
    units = units - (addedOn.get(day) ?? 0) + (resolvedOn.get(day) ?? 0);
  }
  return series.reverse();
}

/** The counts a period's KPIs are computed from, as the database aggregates them. */
export interface PeriodCounts {
  /** Order lines of orders placed in the period. */
  orderLines: number;
  /** Lines that went on backorder in the period, and how many of them were cancelled. */
  backorderedLines: number;
  cancelledLines: number;
  /** Lines released in the period that had a promised date, and how many on or before it. */
  promisedReleases: number;
  onTimeReleases: number;
  /** Hours waited by lines released in the period. */
  waitHours: readonly Bucket[];
}

export interface PeriodKpis {
  backorderRate: number | null;
  fillRate: number | null;
  medianWaitHours: number | null;
  p90WaitHours: number | null;
  cancellationRate: number | null;
  promiseAccuracy: number | null;
  releasedLines: number;
}

export function periodKpis(counts: PeriodCounts): PeriodKpis {
  // A line can go on backorder after its order's period began (stock counted
  // later): never more than all lines.
  const backordered = Math.min(counts.backorderedLines, counts.orderLines);
  return {
    backorderRate: percent(backordered, counts.orderLines),
    fillRate: percent(counts.orderLines - backordered, counts.orderLines),
    medianWaitHours: percentile(counts.waitHours, 0.5),
    p90WaitHours: percentile(counts.waitHours, 0.9),
    cancellationRate: percent(counts.cancelledLines, counts.backorderedLines),
    promiseAccuracy: percent(counts.onTimeReleases, counts.promisedReleases),
    releasedLines: counts.waitHours.reduce((sum, b) => sum + b.count, 0),
  };
}

/** Whether the backorder rate passed the merchant's threshold (percent). */
export function rateAlert(backorderRate: number | null, thresholdPercent: number): boolean {
  return backorderRate !== null && backorderRate > thresholdPercent;
}

/** "5 h", "3.5 days": a duration in the unit a merchant expects. */
export function formatHours(hours: number | null): string {
  if (hours === null) return "–";
  if (hours < 24) return `${hours} h`;
  const days = Math.round((hours / 24) * 10) / 10;
  return `${days} ${days === 1 ? "day" : "days"}`;
}

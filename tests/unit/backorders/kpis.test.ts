import { describe, expect, it } from "vitest";
import {
  advanceHistory,
  durationDistribution,
  percent,
  percentile,
  periodDays,
  periodKpis,
  rateAlert,
  unitsWaitingByDay,
} from "~/backorders/kpis";

const at = (iso: string) => new Date(iso);

describe("a line's history", () => {
  const waiting = { createdAt: at("2026-11-01T10:00:00Z"), promisedEta: "2026-11-05", shownEta: null, waitedUnits: 3, resolvedAt: null };

  it("keeps the most units the line ever waited for while it waits", () => {
    expect(advanceHistory(waiting, "backordered", 2, at("2026-11-02T00:00:00Z"), "UTC")).toEqual({ waitedUnits: 3 });
    expect(advanceHistory(waiting, "backordered", 5, at("2026-11-02T00:00:00Z"), "UTC")).toEqual({ waitedUnits: 5 });
  });

  it("records a release on or before the first promise as on time, with the hours waited", () => {
    expect(advanceHistory(waiting, "released", 0, at("2026-11-05T22:30:00Z"), "UTC")).toEqual({
      waitedUnits: 3,
      resolvedAt: at("2026-11-05T22:30:00Z"),
      resolvedOn: "2026-11-05",
      waitHours: 108,
      releasedOnTime: true,
    });
  });

  it("counts the release day in the shop's time zone", () => {
    // 02:00 UTC on the 6th is still the 5th in Toronto: on time there.
    const update = advanceHistory(waiting, "released", 0, at("2026-11-06T02:00:00Z"), "America/Toronto");
    expect(update).toMatchObject({ resolvedOn: "2026-11-05", releasedOnTime: true });
    expect(advanceHistory(waiting, "fulfilled", 0, at("2026-11-06T02:00:00Z"), "UTC")).toMatchObject({ releasedOnTime: false });
  });

  it("records no wait and no promise kept for a cancelled line, nor a promise for a line never promised a date", () => {
    expect(advanceHistory(waiting, "cancelled", 0, at("2026-11-03T00:00:00Z"), "UTC")).toMatchObject({
      resolvedOn: "2026-11-03",
      waitHours: null,
      releasedOnTime: null,
    });
    expect(advanceHistory({ ...waiting, promisedEta: null }, "released", 0, at("2026-11-03T00:00:00Z"), "UTC")).toMatchObject({
      waitHours: 38,
      releasedOnTime: null,
    });
  });

  it("measures the promise against the date the product page showed the shopper, where the order carries it", () => {
    const shown = { ...waiting, shownEta: "2026-11-03" };
    expect(advanceHistory(shown, "released", 0, at("2026-11-04T00:00:00Z"), "UTC")).toMatchObject({ releasedOnTime: false });
    expect(advanceHistory(shown, "released", 0, at("2026-11-03T12:00:00Z"), "UTC")).toMatchObject({ releasedOnTime: true });
    expect(advanceHistory({ ...shown, promisedEta: null }, "released", 0, at("2026-11-03T12:00:00Z"), "UTC")).toMatchObject({
      releasedOnTime: true,
    });
  });

  it("changes nothing once the line stopped waiting (released, then fulfilled)", () => {
    const released = { ...waiting, resolvedAt: at("2026-11-04T00:00:00Z") };
    expect(advanceHistory(released, "fulfilled", 0, at("2026-11-09T00:00:00Z"), "UTC")).toEqual({ waitedUnits: 3 });
  });
});

describe("KPI arithmetic", () => {
  it("gives shares in percent with one decimal, and none of nothing", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBeNull();
  });

  it("takes percentiles by nearest rank from a histogram", () => {
    // Values 1, 2, 2, 3, 10 (unsorted buckets).
    const hours = [
      { value: 10, count: 1 },
      { value: 2, count: 2 },
      { value: 1, count: 1 },
      { value: 3, count: 1 },
    ];
    expect(percentile(hours, 0.5)).toBe(2);
    expect(percentile(hours, 0.9)).toBe(10);
    expect(percentile(hours, 0.2)).toBe(1);
    expect(percentile([], 0.5)).toBeNull();
  });

  it("computes a period's KPIs from its counts", () => {
    const kpis = periodKpis({
      orderLines: 40,
      backorderedLines: 8,
      cancelledLines: 2,
      promisedReleases: 4,
      onTimeReleases: 3,
      waitHours: [
        { value: 24, count: 3 },
        { value: 100, count: 2 },
      ],
    });
    expect(kpis).toEqual({
      backorderRate: 20,
      fillRate: 80,
      medianWaitHours: 24,
      p90WaitHours: 100,
      cancellationRate: 25,
      promiseAccuracy: 75,
      releasedLines: 5,
    });
  });

  it("never reports more lines backordered than ordered", () => {
    const kpis = periodKpis({
      orderLines: 2,
      backorderedLines: 3,
      cancelledLines: 0,
      promisedReleases: 0,
      onTimeReleases: 0,
      waitHours: [],
    });
    expect(kpis).toMatchObject({ backorderRate: 100, fillRate: 0, promiseAccuracy: null, medianWaitHours: null });
  });

  it("raises the alert only above the threshold", () => {
    expect(rateAlert(10, 10)).toBe(false);
    expect(rateAlert(10.1, 10)).toBe(true);
    expect(rateAlert(null, 0)).toBe(false);
  });

  it("groups hours waited into the duration chart's ranges", () => {
    const bars = durationDistribution([
      { value: 0, count: 1 },
      { value: 23, count: 1 },
      { value: 24, count: 2 },
      { value: 200, count: 1 },
      { value: 5000, count: 1 },
    ]);
    expect(bars.map((b) => b.lines)).toEqual([2, 2, 0, 1, 0, 1]);
  });

  it("lists a period's days oldest first, ending today", () => {
    expect(periodDays("2026-03-02", 3)).toEqual(["2026-02-28", "2026-03-01", "2026-03-02"]);
  });

  it("walks units waiting back from today through what was added and resolved each day", () => {
    const days = ["2026-11-01", "2026-11-02", "2026-11-03"];
    // 4 units went on backorder on the 1st, 3 on the 2nd; 2 were released on the 3rd: 5 wait now.
    const series = unitsWaitingByDay(
      days,
      5,
      new Map([
        ["2026-11-01", 4],
        ["2026-11-02", 3],
      ]),
      new Map([["2026-11-03", 2]]),
    );
    expect(series).toEqual([
      { day: "2026-11-01", units: 4 },
      { day: "2026-11-02", units: 7 },
      { day: "2026-11-03", units: 5 },
    ]);
  });
});

// The dashboard: the shop's backorder KPIs over a period, the series its
// charts draw, and the progress of the first read of the store. Every figure
// is an aggregate the database computes over indexed columns; no query loads
// the shop's lines.
import {
  durationDistribution,
  periodDays,
  periodKpis,
  rateAlert,
  shopToday,
  unitsWaitingByDay,
  type CalendarDate,
  type Period,
  type PeriodKpis,
} from "~/backorders";
import type { Db } from "~/db/client.server";

export type StoreRead = { reading: false } | { reading: true; done: number; total: number | null };

export interface Dashboard {
  period: Period;
  currencyCode: string;
  storeRead: StoreRead;
  kpis: PeriodKpis & { orderLines: number; backorderedLines: number };
  alert: { thresholdPercent: number; raised: boolean };
  waiting: {
    lines: number;
    units: number;
    /** Units waiting times the variant's price when the line went on backorder; lines read before prices were kept count as 0. */
    valueCents: number;
    oldest: { orderId: string; orderName: string | null; since: string; days: number } | null;
  };
  charts: {
    unitsWaiting: { day: CalendarDate; units: number }[];
    releases: { day: CalendarDate; released: number; promised: number }[];
    durations: { label: string; lines: number }[];
  };
}

const MS_PER_DAY = 86_400_000;
/** A shop row's defaults (prisma/schema.prisma), before its first store read. */
const NOT_INSTALLED_YET = {
  ianaTimezone: null,
  currencyCode: null,
  backorderRateAlertPercent: 10,
  storeReadAt: null,
  storeReadDone: 0,
  storeReadTotal: null,
};
const RELEASED = ["released", "fulfilled"];

export async function loadDashboard(db: Db, shop: string, period: Period, now = new Date()): Promise<Dashboard> {
  // On the app's first open the layout's loader, which records the install,
  // runs beside this one: no row yet is a store not read yet.
  const settings = (await db.shop.findUnique({
    where: { shop },
    select: {
      ianaTimezone: true,
      currencyCode: true,
      backorderRateAlertPercent: true,
      storeReadAt: true,
      storeReadDone: true,
      storeReadTotal: true,
    },
  })) ?? { ...NOT_INSTALLED_YET };
  const timeZone = settings.ianaTimezone ?? "UTC";
  const days = periodDays(shopToday(now, timeZone), period);
  const from = days[0]!;
  const to = days[days.length - 1]!;

  const [orderLines, backordered, resolved, hours, promised, waiting, oldest] = await Promise.all([
    db.orderSnapshot.aggregate({
      where: { shop, orderedAt: { gte: new Date(now.getTime() - period * MS_PER_DAY) } },
      _sum: { lineCount: true },
    }),
    // Lines that went on backorder in the period, per day and state.
    db.backorderLine.groupBy({
      by: ["backorderedOn", "state"],
      where: { shop, backorderedOn: { gte: from } },
      _count: { _all: true },
      _sum: { waitedUnits: true },
    }),
    // Lines that stopped waiting in the period, per day, state and kept promise.
    db.backorderLine.groupBy({
      by: ["resolvedOn", "state", "releasedOnTime"],
      where: { shop, resolvedOn: { gte: from } },
      _count: { _all: true },
      _sum: { waitedUnits: true },
    }),
    db.backorderLine.groupBy({
      by: ["waitHours"],
      where: { shop, resolvedOn: { gte: from }, waitHours: { not: null }, state: { in: RELEASED } },
      _count: { _all: true },
    }),
    db.backorderLine.groupBy({
      by: ["promisedEta"],
      where: { shop, promisedEta: { gte: from, lte: to } },
      _count: { _all: true },
    }),
    // One pass over an index that covers it: lines, units, units at their start and value, per waiting state.
    db.$queryRaw<
      {
        state: string;
        lines: bigint | number;
        units: bigint | number | null;
        waited: bigint | number | null;
        cents: bigint | number | null;
      }[]
    >`
      SELECT "state", COUNT(*) AS "lines", SUM("backordered") AS "units", SUM("waitedUnits") AS "waited",
        SUM("backordered" * "unitPriceCents") AS "cents"
      FROM "BackorderLine" WHERE "shop" = ${shop} AND "state" IN ('backordered', 'allocated') GROUP BY "state"`,
    db.backorderLine.findFirst({
      where: { shop, state: "backordered" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { orderId: true, createdAt: true },
    }),
  ]);

  const count = (rows: { _count: { _all: number } }[]) => rows.reduce((sum, row) => sum + row._count._all, 0);
  const released = resolved.filter((row) => RELEASED.includes(row.state));
  const counts = {
    orderLines: orderLines._sum.lineCount ?? 0,
    backorderedLines: count(backordered),
    cancelledLines: count(backordered.filter((row) => row.state === "cancelled")),
    promisedReleases: count(released.filter((row) => row.releasedOnTime !== null)),
    onTimeReleases: count(released.filter((row) => row.releasedOnTime === true)),
    waitHours: hours.map((row) => ({ value: row.waitHours ?? 0, count: row._count._all })),
  };
  const kpis = periodKpis(counts);

  const sumBy = <T extends string | null>(rows: { key: T; units: number }[]) => {
    const sums = new Map<CalendarDate, number>();
    for (const { key, units } of rows) if (key !== null) sums.set(key, (sums.get(key) ?? 0) + units);
    return sums;
  };
  const waitingNow = waiting.find((row) => row.state === "backordered");
  const unresolvedUnits = waiting.reduce((sum, row) => sum + Number(row.waited ?? 0), 0);
  const unitsWaiting = unitsWaitingByDay(
    days,
    unresolvedUnits,
    sumBy(backordered.map((row) => ({ key: row.backorderedOn, units: row._sum.waitedUnits ?? 0 }))),
    sumBy(resolved.map((row) => ({ key: row.resolvedOn, units: row._sum.waitedUnits ?? 0 }))),
  );
  const releasedOn = sumBy(released.map((row) => ({ key: row.resolvedOn, units: row._count._all })));
  const promisedOn = sumBy(promised.map((row) => ({ key: row.promisedEta, units: row._count._all })));

  const oldestOrder = oldest
    ? await db.orderSnapshot.findUnique({ where: { shop_orderId: { shop, orderId: oldest.orderId } }, select: { name: true } })
    : null;

  return {
    period,
    currencyCode: settings.currencyCode ?? "USD",
    storeRead: settings.storeReadAt ? { reading: false } : { reading: true, done: settings.storeReadDone, total: settings.storeReadTotal },
    kpis: { ...kpis, orderLines: counts.orderLines, backorderedLines: counts.backorderedLines },
    alert: {
      thresholdPercent: settings.backorderRateAlertPercent,
      raised: rateAlert(kpis.backorderRate, settings.backorderRateAlertPercent),
    },
    waiting: {
      lines: Number(waitingNow?.lines ?? 0),
      units: Number(waitingNow?.units ?? 0),
      valueCents: Number(waitingNow?.cents ?? 0),
      oldest: oldest
        ? {
            orderId: oldest.orderId,
            orderName: oldestOrder?.name ?? null,
            since: oldest.createdAt.toISOString(),
            days: Math.floor((now.getTime() - oldest.createdAt.getTime()) / MS_PER_DAY),
          }
        : null,
    },
    charts: {
      unitsWaiting,
      releases: days.map((day) => ({ day, released: releasedOn.get(day) ?? 0, promised: promisedOn.get(day) ?? 0 })),
      durations: durationDistribution(counts.waitHours),
    },
  };
}

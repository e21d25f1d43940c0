// Purchase planning: per variant at a location, or per vendor, the units
// waiting, incoming, incoming not yet promised, the shortfall and what to
// order. One SQL statement (the same text on SQLite and PostgreSQL) reads
// the waiting units per item and location from WaitingStock (a summary the
// database's triggers keep as lines are written, migration purchase_planning),
// sums the expected incoming stock, works out each row's figures, sorts by
// shortfall and returns the page asked for with the count: a shop's 100,000
// waiting lines are never read, and only the rows of the page are named.
// The figures are those of `planningFigures` (app/backorders/planning.ts),
// whose tests pin them down; the integration test checks the statement
// against it.
import { z } from "zod";
import { planningFigures, type PlanningFigures, type VendorRow } from "~/backorders/planning";
import type { Db } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/sqlite/client";
import { optionalText } from "~/input";
import type { ChangeContext } from "./settings.server";
import { knownLocation, recordSupply, supplyInput } from "./supply.server";

export const PLANNING_PAGE_SIZE = 50;
/** The export's bound: far above any shop's item-and-location count today, so no file is silently cut. */
export const PLANNING_EXPORT_LIMIT = 100_000;
/** How many rows the export names per query. */
const EXPORT_CHUNK = 500;

export const planningFilters = z.object({
  view: z.enum(["sku", "vendor"]).default("sku"),
  vendor: optionalText(255),
  location: z
    .string()
    .trim()
    .refine((value) => value === "" || value.startsWith("gid://shopify/Location/"), "must be one of the store's locations")
    .transform((value) => value || undefined)
    .optional(),
  sort: z.enum(["shortfall-desc", "shortfall-asc"]).default("shortfall-desc"),
  page: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(100_000).default(1),
});
export type PlanningFilters = z.output<typeof planningFilters>;

export interface SkuPlanningRow extends PlanningFigures {
  key: string;
  inventoryItemId: string;
  locationId: string;
  location: string;
  variantId: string | null;
  sku: string | null;
  /** "Product — Variant", or the item id when the app knows no variant for it. */
  name: string;
  vendor: string | null;
  /** The day (YYYY-MM-DD, the shop's time zone) the oldest waiting line was ordered. */
  oldestWaiting: string | null;
}

export type PlanningPage = {
  filters: PlanningFilters;
  safetyStock: number;
  vendors: string[];
  locations: { id: string; name: string }[];
  total: number;
  pages: number;
} & ({ view: "sku"; rows: SkuPlanningRow[] } | { view: "vendor"; rows: VendorRow[] });

/** The calendar day (YYYY-MM-DD) an instant falls on in the shop's time zone; one formatter per request. */
function daysIn(timeZone: string) {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (instant: unknown) => {
    const date = instantOf(instant);
    if (date === null) return null;
    const parts = format.formatToParts(date);
    const part = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${part("year")}-${part("month")}-${part("day")}`;
  };
}

/** A timestamp as a raw query returns it: a Date (PostgreSQL), or SQLite's text or milliseconds. */
function instantOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

/**
 * The rows asked for: at one location, and of the items of one vendor's
 * variants (listed first: with stale statistics PostgreSQL ran a subquery
 * for the vendor once per incoming-stock row, 0.5 s in a big shop).
 */
type Scope = { location?: string; vendor?: string; items?: readonly string[] };
/** Past this many, a vendor's items are a subquery: a statement takes at most 32,766 parameters on SQLite. */
const MAX_LISTED_ITEMS = 5_000;

/**
 * Each item and location with waiting lines or expected incoming stock, and
 * its units waiting, incoming, and oldest line: the waiting side from
 * WaitingStock (one row per item and location, kept by the database's
 * triggers on BackorderLine), the incoming side summed, the two merged.
 */
function itemRows(shop: string, { location, vendor, items }: Scope) {
  const ofItems = !vendor
    ? Prisma.empty
    : items && items.length === 0
      ? Prisma.sql` AND 1 = 0`
      : items && items.length <= MAX_LISTED_ITEMS
        ? Prisma.sql` AND "inventoryItemId" IN (${Prisma.join(items)})`
        : Prisma.sql` AND "inventoryItemId" IN (SELECT "inventoryItemId" FROM "VariantSetting" WHERE "shop" = ${shop} AND "vendor" = ${vendor})`;
  const where = Prisma.sql`"shop" = ${shop}${location ? Prisma.sql` AND "locationId" = ${location}` : Prisma.empty}${ofItems}`;
  return Prisma.sql`
    SELECT item, loc, CAST(SUM(w) AS INTEGER) AS waiting, CAST(SUM(i) AS INTEGER) AS incoming, MIN(oldest) AS oldest
    FROM (
      SELECT "inventoryItemId" AS item, "locationId" AS loc, "units" AS w, 0 AS i, "oldest" AS oldest
      FROM "WaitingStock"
      WHERE ${where} AND "units" > 0
      UNION ALL
      SELECT "inventoryItemId", "locationId", 0, CAST(SUM("quantity") AS INTEGER), NULL
      FROM "InboundSupply"
      WHERE ${where} AND "status" = 'EXPECTED' AND "quantity" > 0
      GROUP BY "inventoryItemId", "locationId"
    ) AS sides
    GROUP BY item, loc`;
}

/** Each row's figures, as `planningFigures` works them out. */
function figuredRows(shop: string, scope: Scope, safetyStock: number) {
  const safety = Prisma.sql`CAST(${safetyStock} AS INTEGER)`;
  return Prisma.sql`
    SELECT item, loc, waiting, incoming, oldest, unpromised, shortfall,
      CASE WHEN shortfall > 0 THEN shortfall + ${safety} WHEN ${safety} > unpromised THEN ${safety} - unpromised ELSE 0 END AS suggested
    FROM (
      SELECT item, loc, waiting, incoming, oldest,
        CASE WHEN incoming > waiting THEN incoming - waiting ELSE 0 END AS unpromised,
        CASE WHEN waiting > incoming THEN waiting - incoming ELSE 0 END AS shortfall
      FROM (${itemRows(shop, scope)}) AS items
    ) AS figured`;
}

/** Largest shortfall first (or smallest), ties by units waiting, then oldest first, then by key: pages never overlap. */
function orderBy(filters: Pick<PlanningFilters, "sort">, key: Prisma.Sql) {
  const direction = filters.sort === "shortfall-asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return Prisma.sql`ORDER BY shortfall ${direction}, waiting DESC, CASE WHEN oldest IS NULL THEN 1 ELSE 0 END, oldest, ${key}`;
}

const page = (limit: number | null, offset: number) => (limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit} OFFSET ${offset}`);

type ItemRow = { item: string; loc: string; waiting: unknown; incoming: unknown; oldest: unknown; total: unknown };

async function itemPage(
  db: Db,
  shop: string,
  filters: Omit<PlanningFilters, "page"> & Scope,
  safetyStock: number,
  limit: number | null,
  offset = 0,
) {
  return db.$queryRaw<ItemRow[]>`
    SELECT item, loc, waiting, incoming, oldest, shortfall, COUNT(*) OVER () AS total
    FROM (${figuredRows(shop, filters, safetyStock)}) AS rows
    ${orderBy(filters, Prisma.sql`item, loc`)}
    ${page(limit, offset)}`;
}

type VendorSums = Record<"items" | "waiting" | "incoming" | "unpromised" | "shortfall" | "suggested" | "total", unknown> & {
  vendor: string | null;
  oldest: unknown;
};

/** The rows summed per vendor of the variant (null: none): each a sum of per-location figures. */
async function vendorPage(
  db: Db,
  shop: string,
  filters: Omit<PlanningFilters, "page"> & Scope,
  safetyStock: number,
  limit: number | null,
  offset = 0,
) {
  return db.$queryRaw<VendorSums[]>`
    SELECT vendor, items, waiting, incoming, unpromised, shortfall, suggested, oldest, COUNT(*) OVER () AS total
    FROM (
      SELECT v."vendor" AS vendor, CAST(COUNT(*) AS INTEGER) AS items,
        CAST(SUM(f.waiting) AS INTEGER) AS waiting, CAST(SUM(f.incoming) AS INTEGER) AS incoming,
        CAST(SUM(f.unpromised) AS INTEGER) AS unpromised, CAST(SUM(f.shortfall) AS INTEGER) AS shortfall,
        CAST(SUM(f.suggested) AS INTEGER) AS suggested, MIN(f.oldest) AS oldest
      FROM (${figuredRows(shop, filters, safetyStock)}) AS f
      LEFT JOIN "VariantSetting" AS v ON v."shop" = ${shop} AND v."inventoryItemId" = f.item
      GROUP BY v."vendor"
    ) AS vendors
    ${orderBy(filters, Prisma.sql`CASE WHEN vendor IS NULL THEN 1 ELSE 0 END, vendor`)}
    ${page(limit, offset)}`;
}

const count = (value: unknown) => Number(value ?? 0);

/** The shop's safety stock and time zone, and the items of the vendor asked for. */
async function shopTerms(db: Db, shop: string, { vendor }: Pick<PlanningFilters, "vendor">) {
  const [row, items] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { safetyStockUnits: true, ianaTimezone: true } }),
    vendor ? db.variantSetting.findMany({ where: { shop, vendor }, select: { inventoryItemId: true } }) : undefined,
  ]);
  return {
    safetyStock: row?.safetyStockUnits ?? 0,
    dayOf: daysIn(row?.ianaTimezone ?? "UTC"),
    items: items?.map((v) => v.inventoryItemId),
  };
}

type DayOf = ReturnType<typeof daysIn>;

const toVendorRow = (row: VendorSums, dayOf: DayOf): VendorRow => ({
  key: row.vendor ?? "",
  vendor: row.vendor,
  items: count(row.items),
  waiting: count(row.waiting),
  incoming: count(row.incoming),
  unpromised: count(row.unpromised),
  shortfall: count(row.shortfall),
  suggested: count(row.suggested),
  oldestWaiting: dayOf(row.oldest),
});

/** One page of the planning table, in the view and with the filters asked for. */
export async function planningPage(db: Db, shop: string, filters: PlanningFilters): Promise<PlanningPage> {
  const { safetyStock, dayOf, items } = await shopTerms(db, shop, filters);
  const scoped = { ...filters, items };
  const from = (filters.page - 1) * PLANNING_PAGE_SIZE;
  const [vendors, locations, rows] = await Promise.all([
    db.variantSetting.groupBy({ by: ["vendor"], where: { shop, vendor: { not: null } }, orderBy: { vendor: "asc" } }),
    shopLocations(db, shop),
    filters.view === "vendor"
      ? vendorPage(db, shop, scoped, safetyStock, PLANNING_PAGE_SIZE, from)
      : itemPage(db, shop, scoped, safetyStock, PLANNING_PAGE_SIZE, from),
  ]);
  // Past the last page (the list shrank since the link was made): the first page.
  if (rows.length === 0 && filters.page > 1) return planningPage(db, shop, { ...filters, page: 1 });
  const total = count(rows[0]?.total);
  const common = {
    filters,
    safetyStock,
    vendors: vendors.flatMap((v) => (v.vendor ? [v.vendor] : [])),
    locations,
    total,
    pages: pagesOf(total),
  };
  if (filters.view === "vendor") return { ...common, view: "vendor", rows: (rows as VendorSums[]).map((row) => toVendorRow(row, dayOf)) };
  return { ...common, view: "sku", rows: await named(db, shop, rows as ItemRow[], safetyStock, dayOf) };
}

/**
 * The shop's locations by name: those the app has named, and those it only
 * knows from stock levels (named by their number until the store names them).
 */
async function shopLocations(db: Db, shop: string): Promise<{ id: string; name: string }[]> {
  const [named, stocked] = await Promise.all([
    db.location.findMany({ where: { shop }, select: { locationId: true, name: true } }),
    db.inventoryLevel.groupBy({ by: ["locationId"], where: { shop } }),
  ]);
  const names = new Map(stocked.map((l) => [l.locationId, locationName(l.locationId)]));
  for (const l of named) names.set(l.locationId, l.name);
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

const locationName = (locationId: string) => `Location ${locationId.split("/").pop()}`;

const pagesOf = (total: number) => Math.max(1, Math.ceil(total / PLANNING_PAGE_SIZE));

/** The page's rows with their figures, their variant's SKU, names and vendor, and their location's name. */
async function named(db: Db, shop: string, rows: ItemRow[], safetyStock: number, dayOf: DayOf): Promise<SkuPlanningRow[]> {
  if (rows.length === 0) return [];
  const [variants, locations] = await Promise.all([
    db.variantSetting.findMany({
      where: { shop, inventoryItemId: { in: [...new Set(rows.map((row) => row.item))] } },
      select: { inventoryItemId: true, variantId: true, sku: true, title: true, productTitle: true, vendor: true },
    }),
    db.location.findMany({
      where: { shop, locationId: { in: [...new Set(rows.map((row) => row.loc))] } },
      select: { locationId: true, name: true },
    }),
  ]);
  const variantOf = new Map(variants.map((v) => [v.inventoryItemId, v]));
  const locationOf = new Map(locations.map((l) => [l.locationId, l.name]));
  return rows.map((row) => {
    const variant = variantOf.get(row.item);
    return {
      key: `${row.item}@${row.loc}`,
      inventoryItemId: row.item,
      locationId: row.loc,
      ...planningFigures({ waiting: count(row.waiting), incoming: count(row.incoming) }, safetyStock),
      oldestWaiting: dayOf(row.oldest),
      location: locationOf.get(row.loc) ?? locationName(row.loc),
      variantId: variant?.variantId ?? null,
      sku: variant?.sku ?? null,
      name: variant ? variantName(variant) : row.item,
      vendor: variant?.vendor ?? null,
    };
  });
}

function variantName(variant: { productTitle: string | null; title: string | null; sku: string | null; variantId: string }): string {
  const title = variant.title && variant.title !== "Default Title" ? variant.title : null;
  if (variant.productTitle) return title ? `${variant.productTitle} — ${title}` : variant.productTitle;
  // Not synced from the store yet: what the app knows of it.
  return title ?? variant.sku ?? `Variant ${variant.variantId.split("/").pop()}`;
}

/**
 * Every row of the view the filters keep, in the page's order, up to
 * PLANNING_EXPORT_LIMIT: the figures in one statement, the names a chunk at
 * a time, so an export never holds every variant's names at once.
 */
export async function* planningExport(
  db: Db,
  shop: string,
  filters: Omit<PlanningFilters, "page">,
): AsyncGenerator<SkuPlanningRow | VendorRow> {
  const { safetyStock, dayOf, items } = await shopTerms(db, shop, filters);
  const scoped = { ...filters, items };
  if (filters.view === "vendor") {
    for (const row of await vendorPage(db, shop, scoped, safetyStock, PLANNING_EXPORT_LIMIT)) yield toVendorRow(row, dayOf);
    return;
  }
  const rows = await itemPage(db, shop, scoped, safetyStock, PLANNING_EXPORT_LIMIT);
  for (let from = 0; from < rows.length; from += EXPORT_CHUNK)
    yield* await named(db, shop, rows.slice(from, from + EXPORT_CHUNK), safetyStock, dayOf);
}

/** What the form asks for: the supply to record, for an item the store has. */
export const planSupplyInput = supplyInput.extend({
  reference: z.string().trim().min(1, "is required: the purchase order or shipment number").max(255),
  vendor: z.string().trim().max(255).nullish(),
});

/** The item is not one of this store's variants. */
export class PlanningItemNotFoundError extends Error {
  name = "PlanningItemNotFoundError";
  constructor(readonly inventoryItemId: string) {
    super(`inventoryItemId: no variant of this store has item ${inventoryItemId}`);
  }
}

/**
 * Records incoming stock for one planning row: only for an item one of the
 * shop's variants has and a location of the shop, so another store's ids are
 * refused before anything is written. The waiting lines are re-planned at
 * once, so they get their dates from it.
 */
export async function createSupplyFromPlan(context: ChangeContext, shop: string, input: z.input<typeof planSupplyInput>) {
  const supply = planSupplyInput.parse(input);
  const { db } = context;
  const [variant, location] = await Promise.all([
    db.variantSetting.findFirst({ where: { shop, inventoryItemId: supply.inventoryItemId }, select: { variantId: true } }),
    knownLocation(db, shop, supply.locationId),
  ]);
  if (!variant || !location) throw new PlanningItemNotFoundError(supply.inventoryItemId);
  return recordSupply(context, shop, { ...supply, vendor: supply.vendor || null });
}

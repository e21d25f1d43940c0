// Purchase planning: per variant at a location, or per vendor, the units
// waiting, incoming, incoming not yet promised, the shortfall and what to
// order. The sums are done by the database (grouped over the indexed
// BackorderLine(shop, state, inventoryItemId, locationId, ...) and
// InboundSupply(shop, status, ...)), at most one row per item and location
// reaches the app, and only the rows of the page shown are named.
import { z } from "zod";
import {
  planningRows,
  sortByShortfall,
  vendorRows,
  type PlanningFigures,
  type PlanningRow,
  type ShortfallOrder,
  type VendorRow,
} from "~/backorders/planning";
import type { Db } from "~/db/client.server";
import { recordSupply, supplyInput, type ChangeContext } from "./settings.server";

export const PLANNING_PAGE_SIZE = 50;
/** The export's bound: far above any shop's item-and-location count today, so no file is silently cut. */
export const PLANNING_EXPORT_LIMIT = 100_000;
/** How many rows the export names per query. */
const EXPORT_CHUNK = 500;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => value || undefined)
    .optional();

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

type Grouped = { rows: PlanningRow[]; safetyStock: number; dayOf: (iso: string | null) => string | null };

/** The calendar day (YYYY-MM-DD) an instant falls on in the shop's time zone; one formatter per request. */
function daysIn(timeZone: string) {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (iso: string | null) => {
    if (iso === null) return null;
    const parts = format.formatToParts(new Date(iso));
    const part = (type: string) => parts.find((p) => p.type === type)?.value;
    return `${part("year")}-${part("month")}-${part("day")}`;
  };
}

/** Every item-and-location row the filters keep, with its figures, unnamed. */
async function groupedRows(db: Db, shop: string, filters: Pick<PlanningFilters, "vendor" | "location">): Promise<Grouped> {
  const items = filters.vendor
    ? (await db.variantSetting.findMany({ where: { shop, vendor: filters.vendor }, select: { inventoryItemId: true } })).map(
        (v) => v.inventoryItemId,
      )
    : undefined;
  const scope = {
    shop,
    ...(filters.location ? { locationId: filters.location } : {}),
    ...(items ? { inventoryItemId: { in: items } } : {}),
  };
  const [waiting, incoming, settings] = await Promise.all([
    db.backorderLine.groupBy({
      by: ["inventoryItemId", "locationId"],
      where: { ...scope, state: "backordered", backordered: { gt: 0 } },
      _sum: { backordered: true },
      _min: { createdAt: true },
    }),
    db.inboundSupply.groupBy({
      by: ["inventoryItemId", "locationId"],
      where: { ...scope, status: "EXPECTED", quantity: { gt: 0 } },
      _sum: { quantity: true },
    }),
    db.shop.findUnique({ where: { shop }, select: { safetyStockUnits: true, ianaTimezone: true } }),
  ]);
  const safetyStock = settings?.safetyStockUnits ?? 0;
  const rows = planningRows(
    {
      waiting: waiting.map((w) => ({
        inventoryItemId: w.inventoryItemId,
        locationId: w.locationId,
        units: w._sum.backordered ?? 0,
        oldest: w._min.createdAt ? new Date(w._min.createdAt).toISOString() : null,
      })),
      incoming: incoming.map((s) => ({ inventoryItemId: s.inventoryItemId, locationId: s.locationId, units: s._sum.quantity ?? 0 })),
    },
    safetyStock,
  );
  return { rows, safetyStock, dayOf: daysIn(settings?.ianaTimezone ?? "UTC") };
}

const order = (filters: Pick<PlanningFilters, "sort">): ShortfallOrder => (filters.sort === "shortfall-asc" ? "asc" : "desc");
const keyed = (rows: PlanningRow[]) => rows.map((row) => ({ ...row, key: `${row.inventoryItemId}@${row.locationId}` }));

/** One page of the planning table, in the view and with the filters asked for. */
export async function planningPage(db: Db, shop: string, filters: PlanningFilters): Promise<PlanningPage> {
  const [{ rows, safetyStock, dayOf }, vendors, locations] = await Promise.all([
    groupedRows(db, shop, filters),
    db.variantSetting.groupBy({ by: ["vendor"], where: { shop, vendor: { not: null } }, orderBy: { vendor: "asc" } }),
    shopLocations(db, shop),
  ]);
  const common = { filters, safetyStock, vendors: vendors.flatMap((v) => (v.vendor ? [v.vendor] : [])), locations };
  const from = (filters.page - 1) * PLANNING_PAGE_SIZE;
  if (filters.view === "vendor") {
    const vendorOf = await vendorsOf(db, shop, rows);
    const sorted = sortByShortfall(
      vendorRows(rows, (item) => vendorOf.get(item) ?? null),
      order(filters),
    );
    return {
      ...common,
      view: "vendor",
      total: sorted.length,
      pages: pagesOf(sorted.length),
      rows: sorted.slice(from, from + PLANNING_PAGE_SIZE).map((row) => ({ ...row, oldestWaiting: dayOf(row.oldestWaiting) })),
    };
  }
  const sorted = sortByShortfall(keyed(rows), order(filters));
  const page = sorted.slice(from, from + PLANNING_PAGE_SIZE);
  return { ...common, view: "sku", total: sorted.length, pages: pagesOf(sorted.length), rows: await named(db, shop, page, dayOf) };
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

/** The vendor of each item in the rows (one query over the shop's variants, vendor column only). */
async function vendorsOf(db: Db, shop: string, rows: PlanningRow[]): Promise<Map<string, string | null>> {
  const variants = await db.variantSetting.findMany({ where: { shop }, select: { inventoryItemId: true, vendor: true } });
  const wanted = new Set(rows.map((row) => row.inventoryItemId));
  return new Map(variants.filter((v) => wanted.has(v.inventoryItemId)).map((v) => [v.inventoryItemId, v.vendor]));
}

/** The page's rows with their variant's SKU, names and vendor, and their location's name. */
async function named(db: Db, shop: string, rows: (PlanningRow & { key: string })[], dayOf: Grouped["dayOf"]): Promise<SkuPlanningRow[]> {
  if (rows.length === 0) return [];
  const [variants, locations] = await Promise.all([
    db.variantSetting.findMany({
      where: { shop, inventoryItemId: { in: [...new Set(rows.map((row) => row.inventoryItemId))] } },
      select: { inventoryItemId: true, variantId: true, sku: true, title: true, productTitle: true, vendor: true },
    }),
    db.location.findMany({
      where: { shop, locationId: { in: [...new Set(rows.map((row) => row.locationId))] } },
      select: { locationId: true, name: true },
    }),
  ]);
  const variantOf = new Map(variants.map((v) => [v.inventoryItemId, v]));
  const locationOf = new Map(locations.map((l) => [l.locationId, l.name]));
  return rows.map((row) => {
    const variant = variantOf.get(row.inventoryItemId);
    return {
      ...row,
      oldestWaiting: dayOf(row.oldestWaiting),
      location: locationOf.get(row.locationId) ?? locationName(row.locationId),
      variantId: variant?.variantId ?? null,
      sku: variant?.sku ?? null,
      name: variant ? variantName(variant) : row.inventoryItemId,
      vendor: variant?.vendor ?? null,
    };
  });
}

function variantName(variant: { productTitle: string | null; title: string | null; variantId: string }): string {
  const product = variant.productTitle ?? variant.variantId;
  return variant.title && variant.title !== "Default Title" ? `${product} — ${variant.title}` : product;
}

/**
 * Every row of the view the filters keep, in the page's order, a chunk at a
 * time: each chunk is named by one query, so an export never holds every
 * variant's names at once. Stops at PLANNING_EXPORT_LIMIT rows.
 */
export async function* planningExport(
  db: Db,
  shop: string,
  filters: Omit<PlanningFilters, "page">,
): AsyncGenerator<SkuPlanningRow | VendorRow> {
  const { rows, dayOf } = await groupedRows(db, shop, filters);
  if (filters.view === "vendor") {
    const vendorOf = await vendorsOf(db, shop, rows);
    const sorted = sortByShortfall(
      vendorRows(rows, (item) => vendorOf.get(item) ?? null),
      order(filters),
    );
    for (const row of sorted.slice(0, PLANNING_EXPORT_LIMIT)) yield { ...row, oldestWaiting: dayOf(row.oldestWaiting) };
    return;
  }
  const sorted = sortByShortfall(keyed(rows), order(filters)).slice(0, PLANNING_EXPORT_LIMIT);
  for (let from = 0; from < sorted.length; from += EXPORT_CHUNK)
    yield* await named(db, shop, sorted.slice(from, from + EXPORT_CHUNK), dayOf);
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

/** Whether the location is one of the shop's: named by the store, or holding some of its stock. */
async function knownLocation(db: Db, shop: string, locationId: string): Promise<boolean> {
  const [named, stocked] = await Promise.all([
    db.location.findUnique({ where: { shop_locationId: { shop, locationId } }, select: { locationId: true } }),
    db.inventoryLevel.findFirst({ where: { shop, locationId }, select: { locationId: true } }),
  ]);
  return named !== null || stocked !== null;
}

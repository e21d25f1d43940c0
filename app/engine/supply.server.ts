// Incoming stock: the purchase orders and shipments the merchant records, from
// which waiting lines take their dates and dynamic caps their headroom. Each
// change is written with its audit event and a reconcile request, then
// announced to the job runner so it is acted on at once; each is exported
// wrapped in `byMerchant`, so the trail names the merchant as its cause.
// Receiving consumes a row (status RECEIVED): the merchant marks it, or a rise
// of the stock at its item and location says it came in (app/backorders/receiving.ts).
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import { CALENDAR_DATE, stockKey, type InboundSupply, type StockKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/sqlite/client";
import { optionalText } from "~/input";
import { markDirty } from "./ingest.server";
import { previewPlan } from "./preview.server";
import { replan } from "./requests.server";
import type { ChangeContext } from "./settings.server";

export const SUPPLY_STATUSES = ["EXPECTED", "RECEIVED"] as const;
export type SupplyStatus = (typeof SUPPLY_STATUSES)[number];

const calendarDate = z
  .string()
  .trim()
  .regex(CALENDAR_DATE, "must be a date, YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value), "must be a real date");
const quantity = z.number().int("must be a whole number").positive("must be at least 1").max(1_000_000, "must be at most 1,000,000");
// Stored as null when blank.
const optionalColumn = (max: number) =>
  optionalText(max)
    .nullable()
    .transform((value) => value ?? null);

/** No such incoming stock in this shop (another shop's id reads the same). */
export class SupplyNotFoundError extends Error {
  name = "SupplyNotFoundError";
  constructor(readonly id: number) {
    super(`no incoming stock ${id} in this store`);
  }
}

/** A value the merchant gave that the store does not bear out, named by its field (as zod names them). */
const fieldError = (field: string, message: string) => new z.ZodError([{ code: "custom", path: [field], message, input: undefined }]);

// ---------------------------------------------------------------------------
// Recording, by inventory item (the engine's own terms).

export const supplyInput = z.object({
  inventoryItemId: z.string().startsWith("gid://shopify/InventoryItem/"),
  locationId: z.string().startsWith("gid://shopify/Location/"),
  quantity: z.number().int().positive(),
  expectedOn: calendarDate,
  reference: z.string().max(255).nullish(),
  vendor: z.string().max(255).nullish(),
});

/** Records incoming stock; waiting lines get their dates from it. */
export const recordSupply = byMerchant(addSupply);
async function addSupply(context: ChangeContext, shop: string, input: z.input<typeof supplyInput>) {
  const { db } = context;
  const supply = supplyInput.parse(input);
  const row = await db.inboundSupply.create({
    data: { shop, ...supply, reference: supply.reference ?? null, vendor: supply.vendor ?? null },
  });
  await markDirty(db, shop, [supply]);
  await recordAudit(db, shop, "supply.recorded", String(row.id), supply);
  await replan(context, shop);
  return row;
}

/** Moves the expected date of recorded supply; the promises built on it move too (the reconcile records each "promise moved"). */
export const moveSupply = (context: ChangeContext, shop: string, id: number, expectedOn: string) =>
  changeIncomingStock(context, shop, id, { expectedOn });

// ---------------------------------------------------------------------------
// Recording, as the merchant names things: a variant by SKU or ID, a location of the store.

/**
 * Incoming stock as the merchant (or Purchase planning's "create incoming
 * stock from this") gives it. `variant`: a SKU, a variant ID (number) or its
 * GID, of a variant the app follows.
 */
export const incomingStockInput = z.object({
  reference: z.string().trim().min(1, "is required: the purchase order or shipment number").max(255, "must be at most 255 characters"),
  vendor: optionalColumn(255),
  variant: z.string().trim().min(1, "is required: a SKU or variant ID").max(255, "must be at most 255 characters"),
  locationId: z.string().trim().startsWith("gid://shopify/Location/", "must be one of the store's locations"),
  quantity,
  expectedOn: calendarDate,
});
export type IncomingStockInput = z.input<typeof incomingStockInput>;

/** The variant a SKU, variant number or GID names among those the app follows. */
async function findVariant(db: Db, shop: string, given: string) {
  const variantId = /^\d+$/.test(given) ? `gid://shopify/ProductVariant/${given}` : given;
  return db.variantSetting.findFirst({
    where: { shop, OR: [{ sku: given }, { variantId }] },
    select: { variantId: true, inventoryItemId: true, vendor: true },
  });
}

/** Whether the app knows the location: named, or holding stock the app has read. */
export async function knownLocation(db: Db, shop: string, locationId: string) {
  const [named, stocked] = await Promise.all([
    db.location.findUnique({ where: { shop_locationId: { shop, locationId } }, select: { locationId: true } }),
    db.inventoryLevel.findFirst({ where: { shop, locationId }, select: { locationId: true } }),
  ]);
  return Boolean(named ?? stocked);
}

/** Creates incoming stock for a variant at a location; the rows's vendor defaults to the product's. */
export const createIncomingStock = byMerchant(async (context: ChangeContext, shop: string, input: IncomingStockInput) => {
  const { db } = context;
  const given = incomingStockInput.parse(input);
  const variant = await findVariant(db, shop, given.variant);
  if (!variant) throw fieldError("variant", `no variant with SKU or ID ${given.variant} followed by the app`);
  if (!(await knownLocation(db, shop, given.locationId))) throw fieldError("locationId", "is not one of the store's locations");
  return addSupply(context, shop, {
    inventoryItemId: variant.inventoryItemId,
    locationId: given.locationId,
    quantity: given.quantity,
    expectedOn: given.expectedOn,
    reference: given.reference,
    vendor: given.vendor ?? variant.vendor,
  });
});

export const incomingStockChange = z
  .object({ quantity: quantity.optional(), expectedOn: calendarDate.optional() })
  .refine((change) => change.quantity !== undefined || change.expectedOn !== undefined, {
    message: "nothing to change",
    path: ["quantity"],
  });

/** An expected row of this shop, or SupplyNotFoundError; a received one cannot change. */
async function expectedRow(db: Db, shop: string, id: number) {
  const row = await db.inboundSupply.findFirst({ where: { id, shop } });
  if (!row) throw new SupplyNotFoundError(id);
  if (row.status !== "EXPECTED") throw fieldError("status", "this stock was received already; it no longer changes");
  return row;
}

/** Changes the quantity or moves the date of incoming stock; the promises built on it follow. */
export const changeIncomingStock = byMerchant(
  async (context: ChangeContext, shop: string, id: number, input: z.input<typeof incomingStockChange>) => {
    const { db } = context;
    const change = incomingStockChange.parse(input);
    const row = await expectedRow(db, shop, id);
    const data = { quantity: change.quantity ?? row.quantity, expectedOn: change.expectedOn ?? row.expectedOn };
    if (data.quantity === row.quantity && data.expectedOn === row.expectedOn) return row;
    await db.inboundSupply.updateMany({ where: { id, shop }, data });
    await markDirty(db, shop, [row]);
    if (data.expectedOn !== row.expectedOn)
      await recordAudit(db, shop, "supply.moved", String(id), { from: row.expectedOn, to: data.expectedOn });
    if (data.quantity !== row.quantity)
      await recordAudit(db, shop, "supply.quantity_changed", String(id), { from: row.quantity, to: data.quantity });
    await replan(context, shop);
    return { ...row, ...data };
  },
);

/** The merchant says the stock came in: the row stops counting as incoming. */
export const receiveIncomingStock = byMerchant(async (context: ChangeContext, shop: string, id: number) => {
  const { db } = context;
  const row = await expectedRow(db, shop, id);
  await db.inboundSupply.updateMany({ where: { id, shop, status: "EXPECTED" }, data: { status: "RECEIVED", receivedAt: new Date() } });
  await markDirty(db, shop, [row]);
  await recordAudit(db, shop, "supply.received", String(id), { quantity: row.quantity, expectedOn: row.expectedOn, by: "merchant" });
  await replan(context, shop);
});

/** Deletes incoming stock recorded in error; the dates built on it go. */
export const deleteIncomingStock = byMerchant(async (context: ChangeContext, shop: string, id: number) => {
  const { db } = context;
  const row = await db.inboundSupply.findFirst({ where: { id, shop } });
  if (!row) throw new SupplyNotFoundError(id);
  await db.inboundSupply.deleteMany({ where: { id, shop } });
  if (row.status === "EXPECTED") await markDirty(db, shop, [row]);
  await recordAudit(db, shop, "supply.deleted", String(id), {
    reference: row.reference,
    quantity: row.quantity,
    expectedOn: row.expectedOn,
    status: row.status,
  });
  await replan(context, shop);
});

// ---------------------------------------------------------------------------
// What a change would do to the waiting orders' dates, before it is made.

/** How many orders a preview names; the count covers them all. */
const PREVIEW_NAMES = 20;

export type DateMove = { order: string; from: string | null; to: string | null };
export type IncomingStockPreview = { count: number; moves: DateMove[] };

/** The promised dates that would move if this row changed as given (or went: "remove"), nothing written. */
export async function previewIncomingStockChange(
  db: Db,
  shop: string,
  id: number,
  input: z.input<typeof incomingStockChange> | "remove",
): Promise<IncomingStockPreview> {
  const change = input === "remove" ? input : incomingStockChange.parse(input);
  const row = await db.inboundSupply.findFirst({ where: { id, shop }, select: { id: true } });
  if (!row) throw new SupplyNotFoundError(id);
  const key = String(id);
  const supply = (current: InboundSupply[]) =>
    change === "remove"
      ? current.filter((s) => s.id !== key)
      : current.map((s) =>
          s.id === key ? { ...s, quantity: change.quantity ?? s.quantity, expectedOn: change.expectedOn ?? s.expectedOn } : s,
        );
  const preview = await previewPlan(db, shop, { supply });
  const moves = preview.redated
    .filter((move) => move.line.backordered > 0 || move.from.backordered > 0)
    .map((move) => ({ order: preview.orderNames[move.line.orderId] ?? move.line.orderId, from: move.from.eta, to: move.to.eta }))
    .sort((a, b) => a.order.localeCompare(b.order, "en", { numeric: true }));
  return { count: moves.length, moves: moves.slice(0, PREVIEW_NAMES) };
}

// ---------------------------------------------------------------------------
// The list, a page at a time: keyset on (expectedOn, id), on the [shop, status, expectedOn] index.

export const INCOMING_PAGE_SIZE = 50;

const cursorText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}_\d+$/, "is not a page of this list")
  .transform((value) => {
    const [expectedOn, id] = value.split("_");
    return { expectedOn, id: Number(id) };
  })
  .optional();

export const incomingFilters = z.object({
  status: z.enum([...SUPPLY_STATUSES, "ALL"], { message: "must be Expected, Received or All" }).default("EXPECTED"),
  after: cursorText,
  before: cursorText,
});
export type IncomingFilters = z.output<typeof incomingFilters>;

export type IncomingRow = {
  id: number;
  reference: string | null;
  vendor: string | null;
  variant: { id: string | null; title: string; sku: string | null };
  quantity: number;
  location: string;
  locationId: string;
  expectedOn: string;
  status: SupplyStatus;
  receivedAt: string | null;
};

export type IncomingPage = { rows: IncomingRow[]; next: string | null; previous: string | null };

const encodeCursor = (row: { expectedOn: string; id: number }) => `${row.expectedOn}_${row.id}`;

/** A location the app has no name for reads as its number. */
const unnamed = (locationId: string) => `Location ${locationId.split("/").pop()}`;

export async function incomingStockPage(db: Db, shop: string, filters: IncomingFilters): Promise<IncomingPage> {
  const backwards = Boolean(filters.before && !filters.after);
  const cursor = filters.after ?? filters.before;
  const where: Prisma.InboundSupplyWhereInput = { shop, ...(filters.status === "ALL" ? {} : { status: filters.status }) };
  if (cursor) {
    const beyond = backwards ? "lt" : "gt";
    where.OR = [{ expectedOn: { [beyond]: cursor.expectedOn } }, { expectedOn: cursor.expectedOn, id: { [beyond]: cursor.id } }];
  }
  const direction = backwards ? "desc" : "asc";
  const found = await db.inboundSupply.findMany({
    where,
    orderBy: [{ expectedOn: direction }, { id: direction }],
    take: INCOMING_PAGE_SIZE + 1,
  });
  const more = found.length > INCOMING_PAGE_SIZE;
  const page = found.slice(0, INCOMING_PAGE_SIZE);
  if (backwards) page.reverse();
  const rows = await describeRows(db, shop, page);
  const [first, last] = [page[0], page.at(-1)];
  const hasNext = backwards ? Boolean(cursor) : more;
  const hasPrevious = backwards ? more : Boolean(cursor);
  return {
    rows,
    next: hasNext && last ? encodeCursor(last) : null,
    previous: hasPrevious && first ? encodeCursor(first) : null,
  };
}

type SupplyRow = Awaited<ReturnType<Db["inboundSupply"]["findMany"]>>[number];

/** The rows with their variant and location named, in two indexed reads. */
async function describeRows(db: Db, shop: string, rows: SupplyRow[]): Promise<IncomingRow[]> {
  if (rows.length === 0) return [];
  const [variants, locations] = await Promise.all([
    db.variantSetting.findMany({
      where: { shop, inventoryItemId: { in: [...new Set(rows.map((r) => r.inventoryItemId))] } },
      select: { variantId: true, inventoryItemId: true, sku: true, title: true, productTitle: true },
    }),
    db.location.findMany({ where: { shop, locationId: { in: [...new Set(rows.map((r) => r.locationId))] } } }),
  ]);
  const variantOf = new Map(variants.map((v) => [v.inventoryItemId, v]));
  const nameOf = new Map(locations.map((l) => [l.locationId, l.name]));
  return rows.map((row) => {
    const variant = variantOf.get(row.inventoryItemId);
    return {
      id: row.id,
      reference: row.reference,
      vendor: row.vendor,
      variant: {
        id: variant?.variantId ?? null,
        title: variant ? variantTitle(variant) : `Inventory item ${row.inventoryItemId.split("/").pop()}`,
        sku: variant?.sku ?? null,
      },
      quantity: row.quantity,
      location: nameOf.get(row.locationId) ?? unnamed(row.locationId),
      locationId: row.locationId,
      expectedOn: row.expectedOn,
      status: row.status === "RECEIVED" ? "RECEIVED" : "EXPECTED",
      receivedAt: row.receivedAt?.toISOString() ?? null,
    };
  });
}

function variantTitle(v: { title: string | null; productTitle: string | null; sku: string | null }) {
  const own = v.title && v.title !== "Default Title" ? v.title : null;
  if (v.productTitle) return own && !own.startsWith(v.productTitle) ? `${v.productTitle} - ${own}` : v.productTitle;
  return own ?? v.sku ?? "Untitled variant";
}

/** One row of this shop, described; SupplyNotFoundError when the shop has none of that id. */
export async function incomingStockRow(db: Db, shop: string, id: number): Promise<IncomingRow> {
  const row = await db.inboundSupply.findFirst({ where: { id, shop } });
  if (!row) throw new SupplyNotFoundError(id);
  return (await describeRows(db, shop, [row]))[0];
}

/**
 * The locations the merchant can choose from: the named ones (every read of
 * stock names its location), or before any read named one, those the app
 * has stock levels at.
 */
export async function supplyLocations(db: Db, shop: string): Promise<Array<{ id: string; name: string }>> {
  const named = await db.location.findMany({ where: { shop }, select: { locationId: true, name: true }, take: 500 });
  const locations =
    named.length > 0
      ? named.map((l) => ({ id: l.locationId, name: l.name }))
      : (await db.inventoryLevel.groupBy({ by: ["locationId"], where: { shop }, take: 500, orderBy: { locationId: "asc" } })).map(
          ({ locationId }) => ({ id: locationId, name: unnamed(locationId) }),
        );
  return locations.sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------
// CSV import: all rows or none, and the same file twice changes nothing.

/**
 * The columns, by header name (any order, case and spacing ignored):
 * reference (required), vendor, sku or variant_id (one of them), location
 * (its name or ID; optional when the store has one location), quantity,
 * expected_on (YYYY-MM-DD). A row is known by reference + variant + location:
 * importing it again updates its quantity, date and vendor, or leaves it as it is.
 */
export const CSV_COLUMNS = ["reference", "vendor", "sku", "variant_id", "location", "quantity", "expected_on"] as const;
export const CSV_MAX_ROWS = 5_000;
export const CSV_MAX_BYTES = 1_000_000;

export type ImportProblem = { line: number; field: string; message: string };
export type ImportResult = { ok: false; problems: ImportProblem[] } | { ok: true; created: number; updated: number; unchanged: number };

const csvRow = z.object({
  reference: z.string().trim().min(1, "is required").max(255, "must be at most 255 characters"),
  vendor: optionalColumn(255),
  sku: optionalColumn(255),
  variant_id: optionalColumn(255),
  location: optionalColumn(255),
  quantity: z.string().trim().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(quantity),
  expected_on: calendarDate,
});

/** Reads, checks and records a CSV of incoming stock; any problem and nothing is written. */
export const importIncomingStock = byMerchant(async (context: ChangeContext, shop: string, csv: string): Promise<ImportResult> => {
  const { db } = context;
  const checked = await checkImport(db, shop, csv);
  if (!checked.ok) return checked;
  let [created, updated, unchanged] = [0, 0, 0];
  const dirty = new Map<string, StockKey>();
  // The rows already recorded under the file's references, by natural key (the first of each, as recorded).
  const references = [...new Set(checked.rows.map((row) => row.reference))];
  const known = new Map<string, SupplyRow>();
  for (let i = 0; i < references.length; i += 500) {
    const found = await db.inboundSupply.findMany({
      where: { shop, reference: { in: references.slice(i, i + 500) } },
      orderBy: { id: "asc" },
    });
    for (const row of found) if (!known.has(naturalKey(row))) known.set(naturalKey(row), row);
  }
  for (const { line, ...row } of checked.rows) {
    const existing = known.get(naturalKey(row));
    if (!existing) {
      const made = await db.inboundSupply.create({ data: { shop, ...row } });
      await recordAudit(db, shop, "supply.recorded", String(made.id), { ...row, source: "csv", line });
      created += 1;
    } else if (
      existing.status !== "EXPECTED" ||
      (existing.quantity === row.quantity &&
        existing.expectedOn === row.expectedOn &&
        (row.vendor === null || existing.vendor === row.vendor))
    ) {
      unchanged += 1;
      continue;
    } else {
      const data = { quantity: row.quantity, expectedOn: row.expectedOn, vendor: row.vendor ?? existing.vendor };
      await db.inboundSupply.updateMany({ where: { id: existing.id, shop }, data });
      if (data.expectedOn !== existing.expectedOn)
        await recordAudit(db, shop, "supply.moved", String(existing.id), { from: existing.expectedOn, to: data.expectedOn, source: "csv" });
      if (data.quantity !== existing.quantity)
        await recordAudit(db, shop, "supply.quantity_changed", String(existing.id), {
          from: existing.quantity,
          to: data.quantity,
          source: "csv",
        });
      updated += 1;
    }
    dirty.set(stockKey(row), { inventoryItemId: row.inventoryItemId, locationId: row.locationId });
  }
  if (dirty.size > 0) {
    await markDirty(db, shop, [...dirty.values()]);
    await replan(context, shop);
  }
  return { ok: true, created, updated, unchanged };
});

/** What a row of the import is known by: its reference, item and location. */
const naturalKey = (row: { reference: string | null; inventoryItemId: string; locationId: string }) =>
  `${row.reference ?? ""}\u0000${row.inventoryItemId}\u0000${row.locationId}`;

type CheckedRow = {
  line: number;
  reference: string;
  vendor: string | null;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  expectedOn: string;
};

/** Every problem of the file, row by row, or its rows resolved to the store's items and locations. */
async function checkImport(
  db: Db,
  shop: string,
  csv: string,
): Promise<{ ok: false; problems: ImportProblem[] } | { ok: true; rows: CheckedRow[] }> {
  const fail = (line: number, field: string, message: string) => ({ ok: false as const, problems: [{ line, field, message }] });
  if (csv.length > CSV_MAX_BYTES) return fail(0, "file", `is larger than ${CSV_MAX_BYTES / 1_000_000} MB`);
  let records: string[][];
  try {
    records = parseCsv(csv.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return fail(line, "file", `is not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) return fail(1, "file", `is empty: the first line names the columns (${CSV_COLUMNS.join(", ")})`);
  const header = records[0].map((name) =>
    name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  const problems: ImportProblem[] = [];
  for (const name of header)
    if (!(CSV_COLUMNS as readonly string[]).includes(name))
      problems.push({ line: 1, field: name || "(blank)", message: `is not a column this import knows (${CSV_COLUMNS.join(", ")})` });
  for (const name of ["reference", "quantity", "expected_on"])
    if (!header.includes(name)) problems.push({ line: 1, field: name, message: "column is missing" });
  if (!header.includes("sku") && !header.includes("variant_id"))
    problems.push({ line: 1, field: "sku", message: "column is missing: give sku or variant_id" });
  if (problems.length > 0) return { ok: false, problems };
  if (records.length - 1 > CSV_MAX_ROWS) return fail(CSV_MAX_ROWS + 2, "file", `has more than ${CSV_MAX_ROWS} rows: split it`);

  const locations = await supplyLocations(db, shop);
  const locationByName = new Map(locations.map((l) => [l.name.toLowerCase(), l.id]));
  const locationIds = new Set(locations.map((l) => l.id));
  const parsed = records.slice(1).map((cells, index) => {
    const line = index + 2;
    const raw = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""]));
    return { line, result: csvRow.safeParse(raw) };
  });
  const skus = new Set<string>();
  const variantIds = new Set<string>();
  for (const { result } of parsed) {
    if (!result.success) continue;
    if (result.data.variant_id) variantIds.add(asVariantGid(result.data.variant_id));
    else if (result.data.sku) skus.add(result.data.sku);
  }
  const variants = await db.variantSetting.findMany({
    where: { shop, OR: [{ sku: { in: [...skus] } }, { variantId: { in: [...variantIds] } }] },
    select: { variantId: true, sku: true, inventoryItemId: true, vendor: true },
  });
  const bySku = new Map(variants.filter((v) => v.sku).map((v) => [v.sku as string, v]));
  const byId = new Map(variants.map((v) => [v.variantId, v]));

  const rows: CheckedRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, result } of parsed) {
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ line, field: String(issue.path[0] ?? "row"), message: issue.message });
      continue;
    }
    const given = result.data;
    const variant = given.variant_id ? byId.get(asVariantGid(given.variant_id)) : given.sku ? bySku.get(given.sku) : undefined;
    if (!given.variant_id && !given.sku) problems.push({ line, field: "sku", message: "is required: give a SKU or a variant_id" });
    else if (!variant)
      problems.push({
        line,
        field: given.variant_id ? "variant_id" : "sku",
        message: `no variant ${given.variant_id ?? given.sku} followed by the app (set it up under Products first)`,
      });
    const locationId = given.location
      ? (locationByName.get(given.location.toLowerCase()) ??
        (locationIds.has(asLocationGid(given.location)) ? asLocationGid(given.location) : undefined))
      : locations.length === 1
        ? locations[0].id
        : undefined;
    if (!locationId)
      problems.push({
        line,
        field: "location",
        message: given.location ? `no location named ${given.location} in the store` : "is required: the store has several locations",
      });
    if (!variant || !locationId) continue;
    const key = naturalKey({ reference: given.reference, inventoryItemId: variant.inventoryItemId, locationId });
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line, field: "reference", message: `repeats line ${earlier} (same reference, variant and location)` });
      continue;
    }
    seen.set(key, line);
    rows.push({
      line,
      reference: given.reference,
      vendor: given.vendor ?? variant.vendor,
      inventoryItemId: variant.inventoryItemId,
      locationId,
      quantity: given.quantity,
      expectedOn: given.expected_on,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

const asVariantGid = (id: string) => (/^\d+$/.test(id) ? `gid://shopify/ProductVariant/${id}` : id);
const asLocationGid = (id: string) => (/^\d+$/.test(id) ? `gid://shopify/Location/${id}` : id);

// The Backorders page's data: one page of the shop's waiting lines, filtered
// and searched on the columns copied onto each line (queue-columns.server.ts),
// sorted on an indexed column and paged by a (sort value, id) cursor, so a
// page costs the same with 100,000 waiting lines as with ten. Nothing is
// counted: "next" needs only to know that one more row exists. A line's
// detail adds its history from the audit trail.
import { z } from "zod";
import { trailEntry, type TrailEntry } from "~/audit/entries";
import { lineKey, shopToday } from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import type { Prisma } from "~/generated/prisma/sqlite/client";
import { optionalText } from "~/input";
import { orderSnapshotColumn } from "./codecs";

export const QUEUE_PAGE_SIZE = 50;
/** The line states that wait for stock. */
export const WAITING = "backordered";

/** Sortable columns, each with an index on (shop, state, column, id). */
const SORT_COLUMNS = { ordered: "orderedAt", units: "backordered", product: "productLabel" } as const;
export const QUEUE_SORTS = ["ordered-asc", "ordered-desc", "units-asc", "units-desc", "product-asc", "product-desc"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const HOLD_STATES = ["held", "released"] as const;

/** A position in the list: the sort column's value and the line's id (base64url JSON). */
export type QueueCursor = { value: string | number; id: number };

const cursorText = z
  .string()
  .transform((text, ctx): QueueCursor => {
    try {
      const [value, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
      if ((typeof value === "string" || typeof value === "number") && Number.isInteger(id)) return { value, id: id as number };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "is not a page of this list" });
    return z.NEVER;
  })
  .optional();

/** The page's filters, search, sort and cursor as the URL carries them. */
export const queueFilters = z.object({
  /** Order name, SKU, product title or customer name: a part of any. */
  q: optionalText(100),
  /** A SKU or a variant id (numeric or gid). */
  product: optionalText(255),
  /** A location id (numeric or gid). */
  location: optionalText(100),
  late: z
    .enum(["", "0", "1"], { message: "must be 1 (late only) or empty" })
    .transform((value) => value === "1")
    .optional(),
  tag: optionalText(255),
  hold: z
    .enum(["", ...HOLD_STATES], { message: "must be held or released" })
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  sort: z.enum(QUEUE_SORTS, { message: `must be one of ${QUEUE_SORTS.join(", ")}` }).default("ordered-asc"),
  after: cursorText,
  before: cursorText,
});
export type QueueFilters = z.output<typeof queueFilters>;

export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString("base64url");
}

/** Whether the app holds the line now: its hold is active, the merchant let it ship, or neither yet. */
export type HoldState = "held" | "released" | "not_held";

export type QueueRow = {
  id: number;
  lineItemId: string;
  locationId: string;
  orderId: string;
  orderName: string;
  /** Opens the order in the Shopify admin (App Bridge resolves `shopify:admin/...`). */
  orderUrl: string;
  customerName: string;
  product: string;
  sku: string;
  imageUrl: string | null;
  location: string;
  unitsWaiting: number;
  placeInLine: number | null;
  promisedEta: string | null;
  currentEta: string | null;
  /** The date the product page showed the shopper, when the order carried it: evidence beside the promise. */
  shownEta: string | null;
  late: boolean;
  daysWaiting: number;
  hold: HoldState;
  pinned: boolean;
};

export type QueuePage = {
  rows: QueueRow[];
  next: string | null;
  previous: string | null;
  locations: Array<{ value: string; label: string }>;
  /** A filter that names nothing in this store, by field. */
  errors: Record<string, string>;
  today: string;
};

const gidOf = (type: string, input: string) => (/^\d+$/.test(input) ? `gid://shopify/${type}/${input}` : input);
const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
const MS_PER_DAY = 86_400_000;

type LineRow = Prisma.BackorderLineGetPayload<object>;

/** One page of the shop's waiting lines. */
export async function queuePage(db: Db, shop: string, filters: QueueFilters, now = new Date()): Promise<QueuePage> {
  const [settings, locations, variant] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true, pins: true } }),
    db.location.findMany({ where: { shop }, select: { locationId: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
    filters.product
      ? db.variantSetting.findFirst({
          where: { shop, OR: [{ variantId: gidOf("ProductVariant", filters.product) }, { sku: filters.product }] },
          select: { inventoryItemId: true },
        })
      : null,
  ]);
  const today = shopToday(now, settings?.ianaTimezone ?? "UTC");
  const locationOptions = locations.map((l) => ({ value: numericId(l.locationId), label: l.name }));
  const empty = (errors: Record<string, string>): QueuePage => ({
    rows: [],
    next: null,
    previous: null,
    locations: locationOptions,
    errors,
    today,
  });
  if (filters.product && !variant) return empty({ product: `product: no variant with SKU or ID ${filters.product} followed by the app` });
  const locationId = filters.location ? gidOf("Location", filters.location) : undefined;
  if (locationId && !locations.some((l) => l.locationId === locationId))
    return empty({ location: `location: no location ${filters.location} in this store` });

  const where: Prisma.BackorderLineWhereInput = {
    shop,
    state: WAITING,
    ...(variant ? { inventoryItemId: variant.inventoryItemId } : {}),
    ...(locationId ? { locationId } : {}),
    ...(filters.late ? { lateOn: { lt: today } } : {}),
    ...(filters.tag ? { customerTags: { contains: `,${filters.tag.toLowerCase()},` } } : {}),
    ...(filters.hold ? { releasedByMerchant: filters.hold === "released" } : {}),
    ...(filters.q ? { searchText: { contains: filters.q.toLowerCase() } } : {}),
  };
  const [key, direction] = filters.sort.split("-") as [keyof typeof SORT_COLUMNS, "asc" | "desc"];
  const column = SORT_COLUMNS[key];
  const backwards = Boolean(filters.before && !filters.after);
  const cursor = filters.after ?? filters.before;
  // A cursor of another sort (a URL edited by hand) points nowhere in this one.
  if (cursor && typeof cursor.value !== (column === "productLabel" ? "string" : "number")) {
    const field = filters.after ? "after" : "before";
    return empty({ [field]: `${field}: is not a page of this list` });
  }
  const narrowed = await narrow(db, where);
  // Reading backwards walks the index the other way, then turns the page round.
  const walk = backwards ? (direction === "asc" ? "desc" : "asc") : direction;
  const bound = cursor ? cursorBound(column, walk, cursor) : {};
  const rows = await db.backorderLine.findMany({
    where: { ...narrowed, ...bound },
    orderBy: [{ [column]: walk }, { id: walk }],
    take: QUEUE_PAGE_SIZE + 1,
  });
  const more = rows.length > QUEUE_PAGE_SIZE;
  const page = rows.slice(0, QUEUE_PAGE_SIZE);
  if (backwards) page.reverse();
  const cursorOf = (row: LineRow): string =>
    encodeQueueCursor({ value: column === "orderedAt" ? row.orderedAt.getTime() : row[column], id: row.id });
  const first = page[0];
  const last = page.at(-1);
  const hasNext = backwards ? Boolean(cursor) : more;
  const hasPrevious = backwards ? more : Boolean(cursor);
  const pins = settings ? idList.safeDecode(settings.pins) : null;
  return {
    rows: await describeRows(db, shop, page, { today, now, pins: pins?.success ? pins.data : [], locations }),
    next: hasNext && last ? cursorOf(last) : null,
    previous: hasPrevious && first ? cursorOf(first) : null,
    locations: locationOptions,
    errors: {},
    today,
  };
}

/** A filter that matches at most this many lines is read through its ids. */
const FEW = 2000;

/**
 * The filters, as a planner can run them fast. A database walks the sort
 * column's index and checks each row against the filters: quick when many
 * lines match (the page fills within a few hundred rows), a read of every
 * line when few do. So the filtered lines' ids are read first, without an
 * order, through the filter's own index (product, location, hold) or the
 * index that carries the late, tag and search columns; when they are few,
 * the page is sorted from those ids alone.
 */
async function narrow(db: Db, where: Prisma.BackorderLineWhereInput): Promise<Prisma.BackorderLineWhereInput> {
  if (Object.keys(where).length <= 2) return where;
  const matching = await db.backorderLine.findMany({ where, select: { id: true }, take: FEW + 1 });
  // The ids are this shop's (read just above, by shop). Naming the shop again
  // would lead SQLite, which keeps no statistics, to read the shop's every
  // line through a shop index instead of looking up these ids.
  return matching.length > FEW ? where : { id: { in: matching.map((row) => row.id) } };
}

/**
 * Rows after the cursor in the walking direction: a range on the sort
 * column (an index range, not an OR a planner would scan through), minus the
 * rows of the same value already shown.
 */
function cursorBound(column: (typeof SORT_COLUMNS)[keyof typeof SORT_COLUMNS], walk: "asc" | "desc", cursor: QueueCursor) {
  const value = column === "orderedAt" ? new Date(Number(cursor.value)) : cursor.value;
  const range = walk === "asc" ? { gte: value } : { lte: value };
  const shown = walk === "asc" ? { lte: cursor.id } : { gte: cursor.id };
  return { [column]: range, NOT: { [column]: value, id: shown } } as Prisma.BackorderLineWhereInput;
}

/** The page's lines in the merchant's words: product, location, hold, lateness, in a few indexed reads. */
async function describeRows(
  db: Db,
  shop: string,
  lines: LineRow[],
  context: { today: string; now: Date; pins: string[]; locations: Array<{ locationId: string; name: string }> },
): Promise<QueueRow[]> {
  if (lines.length === 0) return [];
  const [variants, snapshots] = await Promise.all([
    db.variantSetting.findMany({
      where: { shop, inventoryItemId: { in: [...new Set(lines.map((l) => l.inventoryItemId))] } },
      select: { inventoryItemId: true, imageUrl: true },
    }),
    db.orderSnapshot.findMany({
      where: { shop, orderId: { in: [...new Set(lines.map((l) => l.orderId))] } },
      select: { orderId: true, snapshot: true },
    }),
  ]);
  // The fulfillment orders each line sits in, from its order as last read; their active holds of this app.
  const fulfillmentOrdersOf = new Map<string, string[]>();
  for (const row of snapshots) {
    const decoded = orderSnapshotColumn.safeDecode(row.snapshot);
    if (!decoded.success) continue;
    for (const fo of decoded.data.fulfillmentOrders) {
      for (const item of fo.lines) {
        const key = lineKey({ lineItemId: item.lineItemId, locationId: fo.locationId });
        fulfillmentOrdersOf.set(key, [...(fulfillmentOrdersOf.get(key) ?? []), fo.id]);
      }
    }
  }
  const fulfillmentOrderIds = [...new Set([...fulfillmentOrdersOf.values()].flat())];
  const holds = fulfillmentOrderIds.length
    ? await db.appHold.findMany({
        where: { shop, status: "ACTIVE", fulfillmentOrderId: { in: fulfillmentOrderIds } },
        select: { fulfillmentOrderId: true, lineItemIds: true },
      })
    : [];
  const heldLineItems = new Set(
    holds.flatMap((hold) => {
      const ids = idList.safeDecode(hold.lineItemIds);
      return ids.success ? ids.data : [];
    }),
  );
  const heldFulfillmentOrders = new Set(holds.map((h) => h.fulfillmentOrderId));
  const imageOf = new Map(variants.map((v) => [v.inventoryItemId, v.imageUrl]));
  const locationName = new Map(context.locations.map((l) => [l.locationId, l.name]));
  const pinned = new Set(context.pins);
  return lines.map((line): QueueRow => {
    const inHeldOrder = (fulfillmentOrdersOf.get(lineKey(line)) ?? []).some((id) => heldFulfillmentOrders.has(id));
    const held = inHeldOrder && heldLineItems.has(line.lineItemId);
    return {
      id: line.id,
      lineItemId: line.lineItemId,
      locationId: line.locationId,
      orderId: line.orderId,
      orderName: line.orderName || line.orderId,
      orderUrl: `shopify:admin/orders/${numericId(line.orderId)}`,
      customerName: line.customerName,
      product: line.productLabel || line.sku || line.inventoryItemId,
      sku: line.sku,
      imageUrl: imageOf.get(line.inventoryItemId) ?? null,
      location: locationName.get(line.locationId) ?? `Location ${numericId(line.locationId)}`,
      unitsWaiting: line.backordered,
      placeInLine: line.queuePosition,
      promisedEta: line.promisedEta,
      currentEta: line.currentEta,
      shownEta: line.shownEta,
      late: line.lateOn < context.today,
      daysWaiting: Math.max(0, Math.floor((context.now.getTime() - line.createdAt.getTime()) / MS_PER_DAY)),
      hold: held ? "held" : line.releasedByMerchant ? "released" : "not_held",
      pinned: pinned.has(line.lineItemId),
    };
  });
}

export type LineDetail = { line: QueueRow & { state: string; quantity: number }; history: TrailEntry[] };

/** How many events of a line's history the detail shows (the newest). */
const HISTORY = 100;

/** One line of the shop, in any state, with its history; null when the shop has no such line. */
export async function lineDetail(db: Db, shop: string, id: number, now = new Date()): Promise<LineDetail | null> {
  const line = await db.backorderLine.findFirst({ where: { id, shop } });
  if (!line) return null;
  const [settings, locations, snapshot] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true, pins: true } }),
    db.location.findMany({ where: { shop }, select: { locationId: true, name: true }, take: 500 }),
    db.orderSnapshot.findUnique({ where: { shop_orderId: { shop, orderId: line.orderId } }, select: { snapshot: true } }),
  ]);
  const timeZone = settings?.ianaTimezone ?? "UTC";
  const pins = settings ? idList.safeDecode(settings.pins) : null;
  const [row] = await describeRows(db, shop, [line], {
    today: shopToday(now, timeZone),
    now,
    pins: pins?.success ? pins.data : [],
    locations,
  });
  // Its own events, and those of the holds on the fulfillment orders it sits in.
  const decoded = snapshot ? orderSnapshotColumn.safeDecode(snapshot.snapshot) : null;
  const fulfillmentOrderIds = decoded?.success
    ? decoded.data.fulfillmentOrders.filter((fo) => fo.lines.some((l) => l.lineItemId === line.lineItemId)).map((fo) => fo.id)
    : [];
  const events = await db.auditEvent.findMany({
    where: { shop, subject: { in: [lineKey(line), ...fulfillmentOrderIds] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY,
  });
  const names = { order: line.orderName || undefined, product: line.productLabel || undefined, location: row.location };
  const clock = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const history = events.map((event) => trailEntry(event, clock, names));
  return { line: { ...row, state: line.state, quantity: line.quantity }, history };
}

// The audit trail as the Activity page reads it: one page of a shop's
// decisions, newest first, filtered in SQL on indexed columns (shop + type,
// shop + subject, shop + createdAt) and paged by a (createdAt, id) cursor, so
// a page costs the same with a million events as with a hundred. No total is
// counted: "older" needs only to know that one more row exists.
import type { Prisma } from "~/generated/prisma/sqlite/client";
import { lineKey, parseLineKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";
import { orderSnapshotColumn } from "~/engine/codecs";
import { kindLabel, type SubjectNames } from "./describe";
import { eventData, trailEntry, type TrailEntry } from "./entries";
import { AUDIT_PAGE_SIZE, dateRange, encodeCursor, orderLookup, type AuditFilters } from "./filters";

export type AuditPage = {
  entries: TrailEntry[];
  /** Cursors for the older and newer pages; null when there is none. */
  older: string | null;
  newer: string | null;
  /** The kinds this shop's trail holds, for the filter. */
  kinds: Array<{ value: string; label: string }>;
  /** A filter that names nothing in this store, by field. */
  errors: Record<string, string>;
};

/** The most lines of one variant whose events the product filter looks through (the newest). */
const PRODUCT_LINES = 1000;
/** A bound on the kinds listed, whatever features add. */
const MAX_KINDS = 100;

/** One page of the shop's trail, in the shop's time zone. */
export async function auditPage(db: Db, shop: string, filters: AuditFilters): Promise<AuditPage> {
  const [settings, kinds, subjects] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }),
    kindsOf(db, shop),
    subjectsFor(db, shop, filters),
  ]);
  const timeZone = settings?.ianaTimezone ?? "UTC";
  if ("error" in subjects) return { entries: [], older: null, newer: null, kinds, errors: subjects.error };

  const range = dateRange(filters, timeZone);
  const where: Prisma.AuditEventWhereInput = {
    shop,
    ...(filters.kind ? { type: filters.kind } : {}),
    ...(subjects.list ? { subject: { in: subjects.list } } : {}),
  };
  const backwards = Boolean(filters.before && !filters.after);
  const cursor = filters.after ?? filters.before;
  // The cursor bound is a range on createdAt (an index range, not an OR the
  // planner would scan through), minus the rows of the same instant already shown.
  const createdAt: Prisma.DateTimeFilter = { ...range };
  if (cursor && !backwards) createdAt.lte = cursor.at;
  if (cursor && backwards) createdAt.gte = range.gte && range.gte > cursor.at ? range.gte : cursor.at;
  const notShown = cursor ? { NOT: { createdAt: cursor.at, id: backwards ? { lte: cursor.id } : { gte: cursor.id } } } : {};
  const direction = backwards ? "asc" : "desc";
  const rows = await db.auditEvent.findMany({
    where: { ...where, createdAt, ...notShown },
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: AUDIT_PAGE_SIZE + 1,
  });
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  if (backwards) page.reverse();

  const names = await namesOf(db, shop, page);
  const clock = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "medium" });
  const entries = page.map((row) => trailEntry(row, clock, names.get(row.id)));
  const first = page[0];
  const last = page.at(-1);
  const hasOlder = backwards ? Boolean(cursor) : more;
  const hasNewer = backwards ? more : Boolean(cursor);
  return {
    entries,
    older: hasOlder && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    newer: hasNewer && first ? encodeCursor({ at: first.createdAt, id: first.id }) : null,
    kinds,
    errors: {},
  };
}

/**
 * The distinct types of the shop's trail, one index seek each on
 * [shop, type, createdAt] (a loose index scan, in one statement both SQLite
 * and PostgreSQL run): a DISTINCT would read every row of the shop.
 */
async function kindsOf(db: Db, shop: string) {
  const rows = await db.$queryRaw<Array<{ type: string }>>`
    WITH RECURSIVE kinds(type, n) AS (
      SELECT MIN("type"), 1 FROM "AuditEvent" WHERE "shop" = ${shop}
      UNION ALL
      SELECT (SELECT MIN("type") FROM "AuditEvent" WHERE "shop" = ${shop} AND "type" > kinds.type), n + 1
      FROM kinds WHERE kinds.type IS NOT NULL AND n < ${MAX_KINDS}
    )
    SELECT type FROM kinds WHERE type IS NOT NULL`;
  return rows.map(({ type }) => ({ value: type, label: kindLabel(type) })).sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The subjects an order or product filter stands for: an order's fulfillment
 * orders and its lines (`lineItemId@locationId`), from its stored snapshot
 * (one row by key); a variant, its incoming stock and its newest lines. Null
 * list: no such filter.
 */
async function subjectsFor(
  db: Db,
  shop: string,
  filters: AuditFilters,
): Promise<{ list: string[] | null } | { error: Record<string, string> }> {
  let list: string[] | null = null;
  const narrow = (subjects: string[]) => (list = list ? list.filter((s) => subjects.includes(s)) : subjects);
  if (filters.order) {
    const { names, id } = orderLookup(filters.order);
    const order = await db.orderSnapshot.findFirst({
      where: { shop, OR: [...(id ? [{ orderId: id }] : []), ...(names.length ? [{ name: { in: names } }] : [])] },
      select: { orderId: true, snapshot: true },
    });
    if (!order) return { error: { order: `order: no order ${filters.order} in this store` } };
    const snapshot = orderSnapshotColumn.decode(order.snapshot);
    const subjects = new Set<string>([order.orderId]);
    for (const fo of snapshot.fulfillmentOrders) {
      subjects.add(fo.id);
      for (const item of fo.lines) subjects.add(lineKey({ lineItemId: item.lineItemId, locationId: fo.locationId }));
    }
    narrow([...subjects]);
  }
  if (filters.product) {
    const input = filters.product;
    const variantId = /^\d+$/.test(input) ? `gid://shopify/ProductVariant/${input}` : input;
    const variant = await db.variantSetting.findFirst({
      where: { shop, OR: [{ variantId }, { sku: input }] },
      select: { variantId: true, inventoryItemId: true },
    });
    if (!variant) return { error: { product: `product: no variant with SKU or ID ${input} followed by the app` } };
    const [supply, lines] = await Promise.all([
      db.inboundSupply.findMany({ where: { shop, inventoryItemId: variant.inventoryItemId }, select: { id: true } }),
      db.backorderLine.findMany({
        where: { shop, inventoryItemId: variant.inventoryItemId },
        orderBy: { id: "desc" },
        take: PRODUCT_LINES,
        select: { lineItemId: true, locationId: true },
      }),
    ]);
    narrow([variant.variantId, ...supply.map((s) => String(s.id)), ...lines.map(lineKey)]);
  }
  return { list };
}

type Row = { id: number; type: string; subject: string | null; data: string };

/** Names for the page's subjects: the order, product and location each event speaks of, in a few indexed reads. */
async function namesOf(db: Db, shop: string, rows: Row[]): Promise<Map<number, SubjectNames>> {
  const lineKeys = rows.flatMap((r) =>
    r.type.startsWith("line.") && r.subject ? [parseLineKey(r.subject)].filter((k) => k !== null) : [],
  );
  const holdIds = rows.flatMap((r) => {
    const holdId = r.type.startsWith("hold.") ? eventData(r.data).holdId : undefined;
    return typeof holdId === "string" ? [holdId] : [];
  });
  const holds = holdIds.length
    ? await db.appHold.findMany({ where: { shop, holdId: { in: holdIds } }, select: { holdId: true, lineItemIds: true } })
    : [];
  const holdLineItem = new Map(
    holds.map((h) => {
      const ids = idList.safeDecode(h.lineItemIds);
      return [h.holdId, ids.success ? ids.data[0] : undefined];
    }),
  );
  const lineItemIds = [...new Set([...lineKeys.map((k) => k.lineItemId), ...[...holdLineItem.values()].filter((id) => id !== undefined)])];
  const lines = lineItemIds.length
    ? await db.backorderLine.findMany({
        where: { shop, lineItemId: { in: lineItemIds } },
        select: { lineItemId: true, locationId: true, orderId: true, inventoryItemId: true },
      })
    : [];
  const lineOf = new Map(lines.map((l) => [l.lineItemId, l]));

  const variantIds = rows.filter((r) => r.type.startsWith("variant.") && r.subject).map((r) => r.subject as string);
  const supplyIds = rows.filter((r) => r.type.startsWith("supply.") && r.subject && /^\d+$/.test(r.subject)).map((r) => Number(r.subject));
  const supply = supplyIds.length
    ? await db.inboundSupply.findMany({
        where: { shop, id: { in: supplyIds } },
        select: { id: true, inventoryItemId: true, locationId: true },
      })
    : [];
  const supplyOf = new Map(supply.map((s) => [String(s.id), s]));
  const itemIds = [...new Set([...lines.map((l) => l.inventoryItemId), ...supply.map((s) => s.inventoryItemId)])];
  // Customer emails and the customer's own actions name their order as their subject.
  const orderSubjects = rows.map((row) => row.subject ?? "").filter((subject) => subject.startsWith("gid://shopify/Order/"));
  const orderIds = [...new Set([...lines.map((l) => l.orderId), ...orderSubjects])];
  const [orders, variants, locations] = await Promise.all([
    orderIds.length
      ? db.orderSnapshot.findMany({
          where: { shop, orderId: { in: orderIds } },
          select: { orderId: true, name: true },
        })
      : [],
    variantIds.length || itemIds.length
      ? db.variantSetting.findMany({
          where: { shop, OR: [{ variantId: { in: variantIds } }, { inventoryItemId: { in: itemIds } }] },
          select: { variantId: true, inventoryItemId: true, productTitle: true, title: true, sku: true },
        })
      : [],
    db.location.findMany({ where: { shop }, select: { locationId: true, name: true }, take: 500 }),
  ]);
  const orderName = new Map(orders.map((o) => [o.orderId, o.name]));
  // "Stoneware Mug (Blue)"; before the product's title is known, its SKU.
  const productName = (v: (typeof variants)[number]) =>
    v.productTitle
      ? `${v.productTitle}${v.title && v.title !== "Default Title" ? ` (${v.title})` : ""}`
      : (v.sku ?? v.title ?? v.variantId);
  const byVariant = new Map(variants.map((v) => [v.variantId, productName(v)]));
  const byItem = new Map(variants.map((v) => [v.inventoryItemId, productName(v)]));
  const locationName = new Map(locations.map((l) => [l.locationId, l.name]));

  const names = new Map<number, SubjectNames>();
  for (const row of rows) {
    const subject = row.subject ?? "";
    let line: (typeof lines)[number] | undefined;
    let locationId: string | undefined;
    if (row.type.startsWith("line.")) {
      const key = parseLineKey(subject);
      line = key ? lineOf.get(key.lineItemId) : undefined;
      locationId = key?.locationId;
    } else if (row.type.startsWith("hold.")) {
      const holdId = eventData(row.data).holdId;
      const lineItemId = typeof holdId === "string" ? holdLineItem.get(holdId) : undefined;
      line = lineItemId ? lineOf.get(lineItemId) : undefined;
    }
    const supplyRow = row.type.startsWith("supply.") ? supplyOf.get(subject) : undefined;
    names.set(row.id, {
      order: line ? orderName.get(line.orderId) : orderName.get(subject),
      product: row.type.startsWith("variant.")
        ? byVariant.get(subject)
        : line && !row.type.startsWith("hold.")
          ? byItem.get(line.inventoryItemId)
          : supplyRow && byItem.get(supplyRow.inventoryItemId),
      location: locationId && locationName.get(locationId),
    });
  }
  return names;
}

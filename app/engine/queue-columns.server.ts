// The columns the Backorders page filters, searches and sorts on, copied onto
// each line when the engine saves it: the order's name, time and customer,
// the variant's SKU and title. Copies, so that a page of 100,000 waiting
// lines is an index walk on one table instead of a join through JSON. The
// date the product page showed the shopper travels the same way.
import { inChunks } from "~/db/chunks";
import type { CalendarDate } from "~/backorders";
import type { Db } from "~/db/client.server";
import { orderSnapshotColumn } from "./codecs";

export type QueueColumns = {
  orderName: string;
  orderedAt: Date;
  customerName: string;
  customerTags: string;
  sku: string;
  productLabel: string;
  searchText: string;
  shownEta: CalendarDate | null;
};

type LineRef = { orderId: string; lineItemId: string; inventoryItemId: string };

/** Past the first promise: late whatever today is. */
export const LATE_ALREADY = "0000-00-00";
/** No date yet, and none promised: never late. */
const NEVER_LATE = "9999-12-31";

/**
 * The first day a waiting line counts as late: the day after its current
 * date, so it is late when `lateOn < today`; at once when its date moved past
 * the one first promised, or no date can be given any more.
 */
export function lateOn(line: { promisedEta: CalendarDate | null; currentEta: CalendarDate | null }): string {
  if (line.promisedEta && (line.currentEta === null || line.currentEta > line.promisedEta)) return LATE_ALREADY;
  return line.currentEta ?? NEVER_LATE;
}

/** Tags as the column stores them: lowercased, each between commas, so one tag is one `contains`. */
export function tagsColumn(tags: readonly string[]): string {
  const clean = tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag.length > 0);
  return clean.length ? `,${clean.join(",")},` : "";
}

/** "Stoneware Mug (Blue)": the product and, when it has more than one, the variant. */
export function productLabelOf(variant: { productTitle: string | null; title: string | null; sku: string | null }): string | null {
  if (!variant.productTitle) return null;
  return variant.title && variant.title !== "Default Title" ? `${variant.productTitle} (${variant.title})` : variant.productTitle;
}

/** Bounded, so that it fits in an index entry on either database. */
const SEARCH_TEXT_MAX = 600;

export function searchTextOf(columns: Pick<QueueColumns, "orderName" | "sku" | "productLabel" | "customerName">): string {
  return [columns.orderName, columns.sku, columns.productLabel, columns.customerName].join(" | ").toLowerCase().slice(0, SEARCH_TEXT_MAX);
}

/** The queue columns of each line, from the stored orders and variants (a few indexed reads for the lot). */
export async function queueColumnsFor(db: Db, shop: string, lines: readonly LineRef[]): Promise<(line: LineRef) => QueueColumns> {
  const orderIds = [...new Set(lines.map((l) => l.orderId))];
  const itemIds = [...new Set(lines.map((l) => l.inventoryItemId))];
  const [orders, variants] = await Promise.all([
    inChunks(orderIds, (chunk) =>
      db.orderSnapshot.findMany({ where: { shop, orderId: { in: chunk } }, select: { orderId: true, name: true, snapshot: true } }),
    ),
    inChunks(itemIds, (chunk) =>
      db.variantSetting.findMany({
        where: { shop, inventoryItemId: { in: chunk } },
        select: { inventoryItemId: true, sku: true, title: true, productTitle: true },
      }),
    ),
  ]);
  const orderOf = new Map(
    orders.map((row) => {
      const decoded = orderSnapshotColumn.safeDecode(row.snapshot);
      return [row.orderId, { name: row.name, snapshot: decoded.success ? decoded.data : null }] as const;
    }),
  );
  const variantOf = new Map(variants.map((v) => [v.inventoryItemId, v]));
  return (line) => {
    const order = orderOf.get(line.orderId);
    const snapshot = order?.snapshot;
    const variant = variantOf.get(line.inventoryItemId);
    const ordered = snapshot?.fulfillmentOrders.flatMap((fo) => fo.lines).find((l) => l.lineItemId === line.lineItemId);
    const orderedAt = snapshot ? new Date(snapshot.createdAt) : null;
    const columns = {
      orderName: order?.name ?? line.orderId,
      orderedAt: orderedAt && !Number.isNaN(orderedAt.getTime()) ? orderedAt : new Date(0),
      customerName: snapshot?.customerName ?? "",
      customerTags: tagsColumn(snapshot?.customerTags ?? []),
      sku: variant?.sku ?? ordered?.sku ?? "",
      productLabel: (variant && productLabelOf(variant)) ?? ordered?.title ?? variant?.sku ?? "",
    };
    return { ...columns, searchText: searchTextOf(columns), shownEta: ordered?.shownEta ?? null };
  };
}

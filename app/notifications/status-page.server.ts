// The customer's side, reached from an email's signed link through the shop's
// app proxy: the status of an order's waiting items, accepting a new date
// (recorded as consent under the delay rules), cancelling the waiting items
// (removed from the order with a refund through Shopify's order editing, or
// the whole order cancelled when nothing else remains), and unsubscribing.
// A link that was altered, has expired, or names another order changes
// nothing and says why.
import { recordAudit } from "~/audit/trail.server";
import { withTrigger } from "~/audit/context.server";
import { isOpen, shopToday, type LineKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { jsonObject } from "~/db/codecs";
import type { OrderSnapshot } from "~/shopify/snapshots";
import { loadSettings } from "~/shops/settings.server";
import { z } from "zod";
import { verifyLink, type LinkClaims } from "./links";
import { messageLinesColumn } from "./message-lines";
import { loadRules, type UnansweredDelay } from "./rules.server";

/** What cancelling needs of the store: the order as it is now, and the gateway's two order-changing calls. */
export type OrderEditor = {
  orderForBackorders(orderId: string): Promise<OrderSnapshot | null>;
  removeLineItems(input: {
    orderId: string;
    lines: Array<{ lineItemId: string; remove: number }>;
    staffNote: string;
  }): Promise<{ type: "REMOVED"; refunded: { amount: string; currencyCode: string } | null } | { type: "REJECTED"; message: string }>;
  cancelOrder(input: { orderId: string; staffNote: string }): Promise<{ type: "CANCELLED" } | { type: "REJECTED"; message: string }>;
};

export type RefusalReason = "malformed" | "tampered" | "expired" | "otherShop" | "otherOrder" | "noOrder" | "notUnsubscribe";

/** A link or order the page will not show; the page says why in the customer's language (status-words.ts). */
export type Refusal = { refused: true; status: 403 | 404 | 410; reason: RefusalReason };

const REFUSAL_STATUS: Record<RefusalReason, Refusal["status"]> = {
  malformed: 403,
  tampered: 403,
  expired: 410,
  otherShop: 403,
  otherOrder: 403,
  noOrder: 404,
  notUnsubscribe: 403,
};

const refuse = (reason: RefusalReason): Refusal => ({ refused: true, status: REFUSAL_STATUS[reason], reason });

/**
 * The token's claims when it was signed for this shop and this order (or,
 * with no order, is an unsubscribe link naming an address) and is still
 * valid; else why not.
 */
export function checkLink(key: Buffer, shop: string, token: string, orderNumber: string | null, now = new Date()): LinkClaims | Refusal {
  const check = verifyLink(key, token, now);
  if (!check.ok) return refuse(check.reason);
  if (check.claims.shop !== shop) return refuse("otherShop");
  if (orderNumber === null && !check.claims.email) return refuse("notUnsubscribe");
  if (orderNumber !== null && check.claims.orderId !== orderNumber) return refuse("otherOrder");
  return check.claims;
}

export const isRefusal = (value: unknown): value is Refusal => (value as Refusal | null)?.refused === true;

export type StatusItem = {
  title: string;
  quantity: number;
  status: "waiting" | "ready" | "shipped" | "cancelled";
  placeInLine: number | null;
  date: string | null;
  /** The date the customer accepted, if they did. */
  acceptedDate: string | null;
};

export type StatusView = {
  orderName: string;
  items: StatusItem[];
  /** What the shop told the customer about these items, newest first. */
  history: Array<{ at: Date; kind: string; oldDate: string | null; newDate: string | null; titles: string[] }>;
  /** Whether a date moved and the customer can accept it; whether there are waiting items to cancel. */
  canAccept: boolean;
  canCancel: boolean;
  /** After a second delay, the day the customer's answer is due by (as the delay notice says), and what the shop does without one. */
  consentDueOn: string | null;
  ifNoAnswer: UnansweredDelay;
};

const STATUS_OF: Record<string, StatusItem["status"]> = {
  backordered: "waiting",
  allocated: "ready",
  released: "ready",
  fulfilled: "shipped",
  cancelled: "cancelled",
};

const orderGid = (orderNumber: string) => `gid://shopify/Order/${orderNumber}`;

export async function orderStatus(db: Db, shop: string, orderNumber: string, now = new Date()): Promise<StatusView | Refusal> {
  const orderId = orderGid(orderNumber);
  const [lines, messages, rules, { timeZone }] = await Promise.all([
    db.backorderLine.findMany({ where: { shop, orderId }, orderBy: { id: "asc" } }),
    db.customerMessage.findMany({ where: { shop, orderId, status: "SENT" }, orderBy: { id: "desc" } }),
    loadRules(db, shop),
    loadSettings(db, shop),
  ]);
  const today = shopToday(now, timeZone);
  if (lines.length === 0) return refuse("noOrder");
  const waiting = lines.filter((line) => line.state === "backordered");
  return {
    orderName: lines[0].orderName,
    items: lines.map((line) => ({
      title: line.productLabel,
      quantity: line.state === "backordered" ? line.backordered : line.waitedUnits || line.quantity,
      status: STATUS_OF[line.state] ?? "waiting",
      placeInLine: line.state === "backordered" ? line.queuePosition : null,
      date: line.state === "backordered" ? line.currentEta : null,
      acceptedDate: line.consentedEta,
    })),
    history: messages.map((message) => ({
      at: message.sentAt ?? message.createdAt,
      kind: message.kind,
      oldDate: message.oldDate,
      newDate: message.newDate,
      titles: messageLinesColumn.decode(message.lines).map((line) => line.title),
    })),
    canAccept: waiting.some(
      (line) => line.delayNotices > 0 && (line.consentDueOn !== null || line.consentedAt === null || line.consentedEta !== line.currentEta),
    ),
    canCancel: waiting.length > 0,
    // As the delay notice says: a day already past is not asked for again.
    consentDueOn: waiting.flatMap((line) => (line.consentDueOn && line.consentDueOn >= today ? line.consentDueOn : [])).sort()[0] ?? null,
    ifNoAnswer: rules.unansweredDelay,
  };
}

/** The customer accepts the current date (or, with none, to wait) of each delayed waiting item: their consent, recorded. */
export async function acceptNewDate(db: Db, shop: string, orderNumber: string) {
  return withTrigger({ kind: "customer" }, async () => {
    const orderId = orderGid(orderNumber);
    const lines = await db.backorderLine.findMany({ where: { shop, orderId, state: "backordered", delayNotices: { gt: 0 } } });
    const consentedAt = new Date();
    for (const line of lines) {
      await db.backorderLine.updateMany({
        where: { id: line.id, shop },
        data: { consentedEta: line.currentEta, consentedAt, consentDueOn: null },
      });
    }
    if (lines.length > 0) {
      await recordAudit(db, shop, "customer.accepted_date", orderId, {
        lines: lines.map((line) => ({ lineItemId: line.lineItemId, date: line.currentEta })),
      });
    }
    return lines.length;
  });
}

/**
 * What cancelling gave back: whether it was refunded, and the amount when the
 * app refunded it itself ("18.00 USD"). A cancelled order Shopify refunds in
 * full, in its own time, so its amount is not known here.
 */
export type Refund = { refunded: boolean; amount: string | null };

export type CancelOutcome =
  | { status: "cancelled"; units: number; refund: Refund }
  | { status: "nothing" }
  /** The store's order changed since the app last read it (most often: a cancel a moment ago); nothing was done. */
  | { status: "changing" }
  | { status: "refused"; message: string };

/**
 * Cancels the order's waiting units: removed from the order with a refund by
 * order editing, or, when the order holds nothing else still to ship, the
 * whole order cancelled with a refund. The store's webhooks then bring the
 * change back to the engine, which stops holding for them. Until they have,
 * the lines still say their units wait: the store's order is read first, and
 * when it no longer has the units the lines were planned with, nothing is
 * changed, so a second cancel sent before the first came back removes and
 * refunds nothing twice.
 */
export async function cancelWaitingItems(
  db: Db,
  store: OrderEditor,
  shop: string,
  orderNumber: string,
  by: "customer" | "delay rule",
): Promise<CancelOutcome> {
  return withTrigger({ kind: by === "customer" ? "customer" : "schedule" }, async () => {
    const orderId = orderGid(orderNumber);
    const waiting = await db.backorderLine.findMany({ where: { shop, orderId, state: "backordered", backordered: { gt: 0 } } });
    if (waiting.length === 0) return { status: "nothing" as const };
    const order = await store.orderForBackorders(orderId);
    if (!order || waiting.some((line) => unitsToShip(order, line) !== line.quantity)) return { status: "changing" as const };
    const units = waiting.reduce((sum, line) => sum + line.backordered, 0);
    const staffNote = by === "customer" ? "Cancelled by the customer from the backorder status page" : "Cancelled under the delay rule";
    const outcome = onlyWaitingLeft(order, waiting)
      ? await store.cancelOrder({ orderId, staffNote })
      : await store.removeLineItems({
          orderId,
          lines: waiting.map((line) => ({ lineItemId: line.lineItemId, remove: line.backordered })),
          staffNote,
        });
    if (outcome.type === "REJECTED") {
      await recordAudit(db, shop, "customer.cancel_failed", orderId, { by, message: outcome.message });
      return { status: "refused" as const, message: outcome.message };
    }
    const record: CancelRecord = {
      wholeOrder: outcome.type === "CANCELLED",
      lines: waiting.map((line) => ({ lineItemId: line.lineItemId, units: line.backordered })),
      refunded: outcome.type === "REMOVED" && outcome.refunded ? `${outcome.refunded.amount} ${outcome.refunded.currencyCode}` : null,
    };
    await recordAudit(db, shop, "customer.cancelled_items", orderId, { by, ...record });
    return { status: "cancelled" as const, units, refund: refundOf(record) };
  });
}

/** A cancel as its audit row records it: the lines and units, and the amount the app refunded. */
const cancelRecord = z.object({
  wholeOrder: z.boolean(),
  lines: z.array(z.object({ lineItemId: z.string(), units: z.number() })),
  refunded: z.string().nullable(),
});
export type CancelRecord = z.infer<typeof cancelRecord>;

const refundOf = (record: CancelRecord): Refund => ({ refunded: record.wholeOrder || record.refunded !== null, amount: record.refunded });

/**
 * The cancel the status page or the delay rule recorded since the order's
 * email before message `before` (its latest email, without one) that took
 * units of every one of these order lines; the newest such cancel.
 */
export async function cancelSinceLastEmail(
  db: Pick<Db, "auditEvent" | "customerMessage">,
  shop: string,
  orderId: string,
  lineItemIds: string[],
  before?: number,
): Promise<CancelRecord | undefined> {
  const previous = await db.customerMessage.findFirst({
    where: { shop, orderId, ...(before === undefined ? {} : { id: { lt: before } }) },
    orderBy: { id: "desc" },
    select: { createdAt: true },
  });
  const rows = await db.auditEvent.findMany({
    where: { shop, type: "customer.cancelled_items", subject: orderId, ...(previous ? { createdAt: { gte: previous.createdAt } } : {}) },
    orderBy: { id: "desc" },
    select: { data: true },
  });
  for (const row of rows) {
    const record = cancelRecord.safeParse(jsonObject.decode(row.data));
    if (record.success && lineItemIds.every((id) => record.data.lines.some((line) => line.lineItemId === id))) return record.data;
  }
  return undefined;
}

/**
 * The refund that came with cancelling these lines of the order, by the
 * cancel recorded since the email before message `messageId`. Lines cancelled
 * any other way (by the merchant, in Shopify) had no refund the app knows of.
 */
export async function refundForCancelled(db: Db, shop: string, orderId: string, messageId: number, lineItemIds: string[]): Promise<Refund> {
  const record = await cancelSinceLastEmail(db, shop, orderId, lineItemIds, messageId);
  return record ? refundOf(record) : { refunded: false, amount: null };
}

/** The units of an order line at a location still to ship, counted as the plan counts a line's quantity (app/backorders/demand.ts). */
function unitsToShip(order: OrderSnapshot, { lineItemId, locationId }: LineKey) {
  return order.fulfillmentOrders
    .filter((fo) => isOpen(order, fo) && fo.locationId === locationId)
    .flatMap((fo) => fo.lines.filter((line) => line.lineItemId === lineItemId))
    .reduce((sum, line) => sum + line.remainingQuantity, 0);
}

/** Whether every unit the order still has to ship is a waiting one. */
function onlyWaitingLeft(order: OrderSnapshot, waiting: Array<{ lineItemId: string; backordered: number }>) {
  const waitingUnits = new Map(waiting.map((line) => [line.lineItemId, line.backordered]));
  const remaining = new Map<string, number>();
  for (const fo of order.fulfillmentOrders) {
    if (fo.status === "CLOSED" || fo.status === "CANCELLED") continue;
    for (const line of fo.lines) remaining.set(line.lineItemId, (remaining.get(line.lineItemId) ?? 0) + line.remainingQuantity);
  }
  return [...remaining].every(([lineItemId, units]) => units <= (waitingUnits.get(lineItemId) ?? 0));
}

/**
 * The locale an order's pages speak: the one its emails were written for
 * (null, English, as they were), or `otherwise` when the app wrote the
 * order no email.
 */
export async function pageLocale(db: Db, shop: string, orderNumber: string, otherwise: string | null): Promise<string | null> {
  const message = await db.customerMessage.findFirst({
    where: { shop, orderId: orderGid(orderNumber) },
    orderBy: { id: "desc" },
    select: { locale: true },
  });
  return message ? message.locale : otherwise;
}

/** The name the unsubscribe page gives the shop: its own, or its domain before the app has read it. */
export async function shopNameOf(db: Db, shop: string): Promise<string> {
  const row = await db.shop.findUnique({ where: { shop }, select: { name: true } });
  return row?.name ?? shop;
}

/** The customer's address gets no more of this shop's customer emails. */
export async function unsubscribe(db: Db, shop: string, email: string) {
  const address = email.trim().toLowerCase();
  if (!address) return;
  await db.emailUnsubscribe.upsert({ where: { shop_email: { shop, email: address } }, create: { shop, email: address }, update: {} });
  await withTrigger({ kind: "customer" }, () => recordAudit(db, shop, "email.unsubscribed", undefined, {}));
}

// The outbox: what the engine's line events mean for the customer, written
// as CustomerMessage rows in the same transaction as the lines' change, with
// the job that sends each. A plan that is stored has its messages; one that
// fails to store has none; an event seen again (the same line, kind and
// promise) writes nothing new.
import { recordAudit } from "~/audit/trail.server";
import { addDays, lineKey, shopToday, type AuditEvent, type CalendarDate, type LineKey } from "~/backorders";
import type { Db } from "~/db/client.server";
import { orderSnapshotColumn } from "~/engine/codecs";
import { enqueue } from "~/jobs/queue.server";
import { queueFlowTrigger } from "./flow.server";
import { messageLinesColumn, type MessageLine } from "./message-lines";
import { cancelSinceLastEmail } from "./status-page.server";
import type { MessageKind } from "./templates";

export const CUSTOMER_EMAIL_JOB = "customer-email.send";

/** A transient SMTP failure is tried this many times, with the job runner's backoff, then shown as failed. */
export const SEND_ATTEMPTS = 5;

/** With no new date, a second delay's consent is due this many days after the notice. */
export const CONSENT_DAYS_WITHOUT_DATE = 30;

export type OutboxTx = Pick<Db, "customerMessage" | "backorderLine" | "orderSnapshot" | "job" | "auditEvent">;

/** One message to write: its kind, the lines it tells of, and for a date move the dates. */
export type MessageDraft = {
  kind: MessageKind;
  lines: LineKey[];
  oldDate: CalendarDate | null;
  newDate: CalendarDate | null;
  /** What makes it the same message when met again: the kind and each line's promise version. */
  dedupeKey: string;
  reason: "event" | "overdue" | "waiting";
};

/** A later date, or no date at all after one: the customer waits longer than told. */
export const isDelay = (oldDate: CalendarDate | null, newDate: CalendarDate | null) =>
  newDate === null || (oldDate !== null && newDate > oldDate);

/**
 * The messages one order's events call for, one per kind (a date move, one
 * per old and new date), so lines of an order that change together are told
 * in one message:
 * - a line that goes on backorder: the confirmation (its date, if it got one, included);
 * - a date that moves, or a first date given later: the date-moved notice;
 * - a waiting line released for fulfilment: on its way;
 * - a waiting line cancelled: cancelled.
 */
export function draftMessages(orderId: string, events: AuditEvent[]): MessageDraft[] {
  const confirmed = new Set(events.filter((e) => e.type === "LINE_TRANSITION" && e.from === null && e.to === "backordered").map(lineKey));
  const groups = new Map<string, MessageDraft>();
  const add = (kind: MessageKind, line: LineKey, version: string, dates: Pick<MessageDraft, "oldDate" | "newDate">) => {
    const group = `${kind}:${dates.oldDate}:${dates.newDate}`;
    const draft = groups.get(group) ?? { kind, lines: [], ...dates, dedupeKey: "", reason: "event" as const };
    draft.lines.push({ lineItemId: line.lineItemId, locationId: line.locationId });
    draft.dedupeKey = `${draft.dedupeKey}|${lineKey(line)}#${version}`;
    groups.set(group, draft);
  };
  const none = { oldDate: null, newDate: null };
  for (const event of events) {
    if (event.type === "LINE_TRANSITION") {
      const waited = event.from === "backordered" || event.from === "allocated";
      if (event.from === null && event.to === "backordered") add("backorder_confirmation", event, "1", none);
      else if (waited && event.to === "released") add("on_its_way", event, "1", none);
      else if (waited && event.to === "cancelled") add("cancelled", event, "1", none);
    } else if (event.type === "PROMISE_MOVED" || (event.type === "PROMISE_GIVEN" && !confirmed.has(lineKey(event)))) {
      const dates = event.type === "PROMISE_MOVED" ? { oldDate: event.from, newDate: event.to } : { oldDate: null, newDate: event.eta };
      add("date_moved", event, `${dates.oldDate}>${dates.newDate}`, dates);
    }
  }
  return [...groups.values()].map((draft) => ({ ...draft, dedupeKey: `${draft.kind}:${orderId}:${draft.dedupeKey.slice(1)}` }));
}

/**
 * Writes the messages one order's events call for, each with the job that
 * sends it, inside the caller's transaction. A delay notice counts against
 * each of its lines; from the second, the customer's consent is due by the
 * new date (or in 30 days without one), unless they accepted that date
 * already or a consent asked for earlier is still due; asking is audited.
 * Returns how many messages were written.
 */
export async function writeCustomerMessages(
  tx: OutboxTx,
  shop: string,
  orderId: string,
  drafts: MessageDraft[],
  now: Date,
  timeZone: string,
): Promise<number> {
  if (drafts.length === 0) return 0;
  const order = await tx.orderSnapshot.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { snapshot: true } });
  const header = order ? orderSnapshotColumn.decode(order.snapshot) : null;
  const rows = await tx.backorderLine.findMany({
    where: { shop, orderId },
    select: {
      id: true,
      lineItemId: true,
      locationId: true,
      productLabel: true,
      backordered: true,
      waitedUnits: true,
      quantity: true,
      currentEta: true,
      queuePosition: true,
      delayNotices: true,
      consentDueOn: true,
      consentedEta: true,
    },
  });
  const rowOf = new Map(rows.map((row) => [lineKey(row), row]));
  let written = 0;
  for (const draft of await cancelledNotReleased(tx, shop, orderId, drafts)) {
    const existing = await tx.customerMessage.findUnique({ where: { shop_dedupeKey: { shop, dedupeKey: draft.dedupeKey } } });
    if (existing) continue;
    const lines: MessageLine[] = draft.lines.flatMap((key) => {
      const row = rowOf.get(lineKey(key));
      if (!row) return [];
      const waiting = draft.kind === "backorder_confirmation" || draft.kind === "date_moved";
      return [
        {
          ...key,
          title: row.productLabel || "Item",
          // Waiting units while it waits; afterwards the most it waited for.
          quantity: waiting ? row.backordered : row.waitedUnits || row.quantity,
          date: waiting ? row.currentEta : null,
          placeInLine: waiting ? row.queuePosition : null,
        },
      ];
    });
    if (lines.length === 0) continue;
    const message = await tx.customerMessage.create({
      data: {
        shop,
        orderId,
        orderName: header?.name ?? "",
        kind: draft.kind,
        dedupeKey: draft.dedupeKey,
        lines: messageLinesColumn.encode(lines),
        oldDate: draft.oldDate,
        newDate: draft.newDate,
        reason: draft.reason,
        recipient: header?.email || null,
        locale: header?.customerLocale ?? null,
        customerFirstName: header?.customerFirstName ?? null,
      },
    });
    await enqueue(tx, { shop, name: CUSTOMER_EMAIL_JOB, payload: { messageId: message.id }, maxAttempts: SEND_ATTEMPTS });
    await queueFlowTrigger(tx, shop, { ...draft, orderId, lines });
    written += 1;
    if (draft.kind !== "date_moved" || !isDelay(draft.oldDate, draft.newDate)) continue;
    const consentDueOn = draft.newDate ?? addDays(shopToday(now, timeZone), CONSENT_DAYS_WITHOUT_DATE);
    const asked: string[] = [];
    for (const key of draft.lines) {
      const row = rowOf.get(lineKey(key));
      if (!row) continue;
      const second = row.delayNotices + 1 >= 2;
      const accepted = row.consentedEta !== null && draft.newDate !== null && row.consentedEta >= draft.newDate;
      // A consent already asked for keeps its date: a later delay does not give the customer longer to answer.
      const ask = second && !accepted && row.consentDueOn === null;
      if (ask) asked.push(row.lineItemId);
      await tx.backorderLine.updateMany({
        where: { id: row.id, shop },
        data: { delayNotices: { increment: 1 }, ...(ask ? { consentDueOn } : {}) },
      });
    }
    if (asked.length > 0) await recordAudit(tx, shop, "delay.consent_requested", orderId, { dueOn: consentDueOn, lines: asked });
  }
  return written;
}

/**
 * A waiting line whose waiting units the customer cancelled (on the status
 * page, or under the delay rule) while others of its units were in stock
 * stops waiting with those still to ship, so the plan sees it released. The
 * customer is told it was cancelled, as they asked, not that it is on its way:
 * an on-its-way draft whose every line a cancel recorded since the order's
 * latest email covers becomes a cancelled one.
 */
async function cancelledNotReleased(tx: OutboxTx, shop: string, orderId: string, drafts: MessageDraft[]): Promise<MessageDraft[]> {
  const result: MessageDraft[] = [];
  for (const draft of drafts) {
    const lineItemIds = draft.lines.map((line) => line.lineItemId);
    const cancelled = draft.kind === "on_its_way" && (await cancelSinceLastEmail(tx, shop, orderId, lineItemIds));
    result.push(cancelled ? { ...draft, kind: "cancelled", dedupeKey: `cancelled:${draft.dedupeKey.slice("on_its_way:".length)}` } : draft);
  }
  return result;
}

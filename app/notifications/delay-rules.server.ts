// The delay rules, after the FTC's Mail Order Rule: a customer whose items
// are late is told, with the option to cancel; a second delay needs their
// consent. A daily job (per shop) applies them:
// - a waiting line past its date gets the delay notice (no new date yet);
// - a waiting line with no date gets one every 30 days it waits;
// - a line whose consent to a second delay was due and never came is, per the
//   shop's setting, cancelled with a refund or listed for the merchant.
// A notice counts as a delay for its lines (outbox.server.ts), which is where
// a second delay's consent date is set. Every step is audited.
import { withTrigger } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import { lineKey, shopToday, type CalendarDate } from "~/backorders";
import type { Db } from "~/db/client.server";
import { enqueue, type DbOrTx } from "~/jobs/queue.server";
import { loadSettings } from "~/shops/settings.server";
import { orderNumber } from "./links";
import { writeCustomerMessages, type MessageDraft } from "./outbox.server";
import { loadRules } from "./rules.server";
import { cancelWaitingItems, type OrderEditor } from "./status-page.server";

export const DELAY_SWEEP_JOB = "notifications.delay_sweep";

/** A line with no date gets a notice for every this many days it waits. */
export const UNDATED_NOTICE_DAYS = 30;

export type SweepResult = { notices: number; cancelled: number; listed: number };

const DAY_MS = 86_400_000;

type Waiting = { orderId: string; lineItemId: string; locationId: string; currentEta: string | null; createdAt: Date };

export async function sweepDelays(db: Db, store: () => Promise<OrderEditor>, shop: string, now = new Date()): Promise<SweepResult> {
  return withTrigger({ kind: "schedule" }, async () => {
    const { timeZone } = await loadSettings(db, shop);
    const today = shopToday(now, timeZone);
    const waiting = await db.backorderLine.findMany({
      where: { shop, state: "backordered", backordered: { gt: 0 } },
      select: { orderId: true, lineItemId: true, locationId: true, currentEta: true, createdAt: true, consentDueOn: true },
    });
    const notices = await sendNotices(db, shop, waiting, today, now, timeZone);
    const unanswered = waiting.filter((line) => line.consentDueOn !== null && line.consentDueOn < today);
    const { cancelled, listed } = await actOnUnanswered(db, store, shop, unanswered);
    return { notices, cancelled, listed };
  });
}

/** The notices due today, one message per order and reason. */
async function sendNotices(db: Db, shop: string, waiting: Waiting[], today: CalendarDate, now: Date, timeZone: string) {
  const drafts = new Map<string, MessageDraft[]>();
  const add = (line: Waiting, reason: "overdue" | "waiting", version: string, oldDate: string | null) => {
    const list = drafts.get(line.orderId) ?? [];
    let draft = list.find((d) => d.reason === reason && d.oldDate === oldDate);
    if (!draft) {
      draft = { kind: "date_moved", lines: [], oldDate, newDate: null, dedupeKey: `date_moved:${line.orderId}:${reason}`, reason };
      list.push(draft);
    }
    draft.lines.push({ lineItemId: line.lineItemId, locationId: line.locationId });
    draft.dedupeKey += `|${lineKey(line)}#${version}`;
    drafts.set(line.orderId, list);
  };
  for (const line of waiting) {
    if (line.currentEta !== null && line.currentEta < today) add(line, "overdue", line.currentEta, line.currentEta);
    if (line.currentEta === null) {
      const periods = Math.floor((now.getTime() - line.createdAt.getTime()) / (UNDATED_NOTICE_DAYS * DAY_MS));
      if (periods >= 1) add(line, "waiting", `${periods * UNDATED_NOTICE_DAYS}d`, null);
    }
  }
  let written = 0;
  for (const [orderId, list] of drafts) {
    written += await db.$transaction((tx) => writeCustomerMessages(tx, shop, orderId, list, now, timeZone));
  }
  return written;
}

/** Lines whose customer did not consent to a second delay in time: cancelled, or listed once for the merchant. */
async function actOnUnanswered(
  db: Db,
  store: () => Promise<OrderEditor>,
  shop: string,
  lines: Array<Waiting & { consentDueOn: string | null }>,
) {
  if (lines.length === 0) return { cancelled: 0, listed: 0 };
  const choice = (await loadRules(db, shop)).unansweredDelay;
  const orders = new Map(lines.map((line) => [line.orderId, line.consentDueOn]));
  let cancelled = 0;
  let listed = 0;
  for (const [orderId, dueOn] of orders) {
    if (choice === "cancel") {
      const outcome = await cancelWaitingItems(db, await store(), shop, orderNumber(orderId), "delay rule");
      if (outcome.status === "cancelled") cancelled += 1;
      continue;
    }
    const already = await db.auditEvent.findFirst({ where: { shop, type: "delay.unanswered", subject: orderId }, select: { id: true } });
    if (already) continue;
    await recordAudit(db, shop, "delay.unanswered", orderId, { dueOn });
    listed += 1;
  }
  return { cancelled, listed };
}

/** The lines waiting for the merchant: a second delay's consent was due and never came. */
export async function unansweredDelays(db: Db, shop: string, now = new Date()) {
  const { timeZone } = await loadSettings(db, shop);
  return db.backorderLine.findMany({
    where: { shop, state: "backordered", consentDueOn: { lt: shopToday(now, timeZone) } },
    select: { id: true, orderId: true, orderName: true, productLabel: true, backordered: true, currentEta: true, consentDueOn: true },
    orderBy: { consentDueOn: "asc" },
    take: 100,
  });
}

/** Asks for today's sweep of the shop. */
export function requestDelaySweep(db: DbOrTx, shop: string) {
  return enqueue(db, { shop, name: DELAY_SWEEP_JOB, payload: {} });
}

/** The daily work of every installed shop: the delay sweep and the merchant's digest. The one query here that spans shops lists them. */
export async function scheduleDailyNotices(db: Db, jobs: { notify(shop: string): Promise<void> }, digestJob: string) {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
  for (const { shop } of shops) {
    await requestDelaySweep(db, shop);
    await enqueue(db, { shop, name: digestJob, payload: {} });
    await jobs.notify(shop);
  }
  return shops.length;
}

// The merchant's daily digest, when the shop turns it on: what needs a look
// today, sent to the shop's email. Lines past their promised date, the
// app's holds older than the shop's limit, incoming stock past its expected
// day, and customers who did not consent to a second delay. Once a day: the
// day it went is recorded in the audit trail, and a day with nothing to say
// sends nothing.
import { recordAudit } from "~/audit/trail.server";
import { shopToday } from "~/backorders";
import { loadSettings } from "~/shops/settings.server";
import { unansweredDelays } from "./delay-rules.server";
import { sendMessage } from "./mailer.server";
import type { NotificationContext } from "./send.server";
import { smtpSettingsFor } from "./smtp-settings.server";
import { escapeText } from "./status-html";
import { htmlToText } from "./templates";

export const DIGEST_JOB = "notifications.digest";

const DAY_MS = 86_400_000;
const LISTED = 20;

export type Digest = {
  day: string;
  pastDate: Array<{ orderName: string; title: string; date: string | null }>;
  oldHolds: Array<{ fulfillmentOrderId: string; since: Date }>;
  overdueSupply: Array<{ reference: string | null; quantity: number; expectedOn: string }>;
  unanswered: Array<{ orderName: string; title: string; dueOn: string | null }>;
};

export async function buildDigest({ db }: Pick<NotificationContext, "db">, shop: string, holdDays: number, now: Date): Promise<Digest> {
  const { timeZone } = await loadSettings(db, shop);
  const day = shopToday(now, timeZone);
  const [pastDate, oldHolds, overdueSupply, unanswered] = await Promise.all([
    db.backorderLine.findMany({
      where: { shop, state: "backordered", currentEta: { lt: day } },
      select: { orderName: true, productLabel: true, currentEta: true },
      orderBy: { currentEta: "asc" },
      take: LISTED,
    }),
    db.appHold.findMany({
      where: { shop, status: "ACTIVE", createdAt: { lt: new Date(now.getTime() - holdDays * DAY_MS) } },
      select: { fulfillmentOrderId: true, createdAt: true },
      orderBy: { createdAt: "asc" },
      take: LISTED,
    }),
    db.inboundSupply.findMany({
      where: { shop, status: "EXPECTED", expectedOn: { lt: day } },
      select: { reference: true, quantity: true, expectedOn: true },
      orderBy: { expectedOn: "asc" },
      take: LISTED,
    }),
    unansweredDelays(db, shop, now),
  ]);
  return {
    day,
    pastDate: pastDate.map((l) => ({ orderName: l.orderName, title: l.productLabel, date: l.currentEta })),
    oldHolds: oldHolds.map((h) => ({ fulfillmentOrderId: h.fulfillmentOrderId, since: h.createdAt })),
    overdueSupply,
    unanswered: unanswered.map((l) => ({ orderName: l.orderName, title: l.productLabel, dueOn: l.consentDueOn })),
  };
}

function digestHtml(shopName: string, digest: Digest, holdDays: number): string {
  const section = <T>(title: string, items: T[], line: (item: T) => string) =>
    items.length
      ? `<h2>${escapeText(title)} (${items.length})</h2><ul>${items.map((item) => `<li>${escapeText(line(item))}</li>`).join("")}</ul>`
      : "";
  return `<!DOCTYPE html><html lang="en"><body style="font-family:sans-serif">
<p>Backorders at ${escapeText(shopName)} that need a look on ${digest.day}:</p>
${section("Past their promised date", digest.pastDate, (l) => `${l.orderName}: ${l.title}, promised ${l.date}`)}
${section(`Held longer than ${holdDays} days`, digest.oldHolds, (h) => `${h.fulfillmentOrderId}, held since ${h.since.toISOString().slice(0, 10)}`)}
${section("Incoming stock overdue", digest.overdueSupply, (s) => `${s.quantity} units${s.reference ? ` (${s.reference})` : ""} expected ${s.expectedOn}`)}
${section("No consent to a second delay", digest.unanswered, (l) => `${l.orderName}: ${l.title}, consent was due ${l.dueOn}`)}
</body></html>`;
}

export type DigestOutcome = "off" | "already sent" | "nothing to say" | "no address" | "no email server" | "sent" | "failed";

/** Sends today's digest to the shop's email, if it is on, due and has something to say. */
export async function sendDigest(context: NotificationContext, shop: string, now = new Date()): Promise<DigestOutcome> {
  const { db } = context;
  const settings = await db.notificationSettings.findUnique({ where: { shop }, select: { digestOn: true, digestHoldDays: true } });
  if (!settings?.digestOn) return "off";
  const digest = await buildDigest(context, shop, settings.digestHoldDays, now);
  if (await db.auditEvent.findFirst({ where: { shop, type: "email.digest_sent", subject: digest.day }, select: { id: true } }))
    return "already sent";
  const count = digest.pastDate.length + digest.oldHolds.length + digest.overdueSupply.length + digest.unanswered.length;
  if (count === 0) return "nothing to say";
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { name: true, email: true } });
  if (!shopRow?.email) return "no address";
  const smtp = await smtpSettingsFor(context, shop);
  if (!smtp) return "no email server";
  const shopName = shopRow.name ?? shop;
  const html = digestHtml(shopName, digest, settings.digestHoldDays);
  const result = await sendMessage(smtp.settings, {
    to: shopRow.email,
    subject: `Backorders to look at today: ${count}`,
    html,
    text: htmlToText(html),
    shopName: "Backorder Manager",
    // The merchant's own report: switched off in the app's Notifications page, which the link opens.
    unsubscribeUrl: `https://admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}/apps`,
    idempotencyKey: `digest:${shop}:${digest.day}`,
  });
  if (result.status === "failed") {
    await recordAudit(db, shop, "email.digest_failed", digest.day, { reason: result.error });
    if (!result.permanent) throw new Error(result.error);
    return "failed";
  }
  await recordAudit(db, shop, "email.digest_sent", digest.day, { to: shopRow.email, items: count });
  return "sent";
}

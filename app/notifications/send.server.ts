// The customer-email job: sends one outbox message, once. What it finds
// decides the message's end: sent; skipped (the kind is switched off, the
// order has no email, the customer unsubscribed, no server is set up);
// failed (the server refused it for good, or kept failing until the last
// attempt). A transient failure before the last attempt throws, so the job
// runner tries again with its backoff.
import { recordAudit } from "~/audit/trail.server";
import { shopToday } from "~/backorders";
import { loadSettings } from "~/shops/settings.server";
import { sendMessage } from "./mailer.server";
import { LINK_LIFETIME_DAYS, messageLinks, orderNumber } from "./links";
import { messageLinesColumn } from "./message-lines";
import { loadMessagesOn } from "./messages-on.server";
import { SEND_ATTEMPTS } from "./outbox.server";
import { loadRules } from "./rules.server";
import { messageKind, templateFor } from "./shop-templates.server";
import { smtpSettingsFor, type SmtpContext } from "./smtp-settings.server";
import { refundForCancelled } from "./status-page.server";
import { languageFor, renderMessage, type TemplateContext } from "./templates";

/** What sending needs: the database, the SMTP servers, and the key that signs the links. */
export type NotificationContext = SmtpContext & { linkKey: Buffer };

export class TransientSendError extends Error {}

type Outcome = { status: "SENT"; messageId: string } | { status: "SKIPPED" | "FAILED"; error: string };
/** An attempt's end: an outcome, or RETRY when the server could not take the message now. */
type Attempt = Outcome | { status: "RETRY"; error: string };

export async function sendCustomerMessage(
  context: NotificationContext,
  shop: string,
  messageId: number,
  attempt: number,
  now = new Date(),
) {
  const { db } = context;
  const message = await db.customerMessage.findFirst({ where: { id: messageId, shop } });
  if (!message || message.status !== "PENDING") return;
  const consentDueOn = await consentDue(db, message, now);
  const outcome = await attemptSend(context, message, consentDueOn, now);
  if (outcome.status !== "RETRY") return finish(context, message, consentDueOn, outcome);
  // The runner tries again with its backoff, unless this was the last attempt.
  if (attempt < SEND_ATTEMPTS) throw new TransientSendError(outcome.error);
  return finish(context, message, consentDueOn, { status: "FAILED", error: `${outcome.error} (after ${attempt} attempts)` });
}

type MessageRow = NonNullable<Awaited<ReturnType<NotificationContext["db"]["customerMessage"]["findFirst"]>>>;

async function finish({ db }: NotificationContext, message: MessageRow, consentDueOn: string | null, outcome: Outcome) {
  const { shop, id } = message;
  const sent = outcome.status === "SENT";
  await db.customerMessage.updateMany({
    where: { id, shop },
    data: sent
      ? { status: "SENT", sentAt: new Date(), messageId: outcome.messageId, lastError: null }
      : { status: outcome.status, lastError: outcome.error },
  });
  await recordAudit(db, shop, `email.${outcome.status.toLowerCase()}`, message.orderId, {
    kind: message.kind,
    message: id,
    // A delay notice says why it went (a date moved or passed, 30 days with no date) and whether it asked for consent.
    ...(message.kind === "date_moved" ? { notice: message.reason, consentDueOn } : {}),
    ...(sent ? { to: message.recipient } : { reason: outcome.error }),
  });
}

/** One attempt. */
async function attemptSend(context: NotificationContext, message: MessageRow, consentDueOn: string | null, now: Date): Promise<Attempt> {
  const { db } = context;
  const { shop } = message;
  const kind = messageKind.parse(message.kind);
  if (!(await loadMessagesOn(db, shop))[kind]) return { status: "SKIPPED", error: "this kind of message is switched off" };
  const to = message.recipient;
  if (!to) return { status: "SKIPPED", error: "the order has no email address" };
  if (await db.emailUnsubscribe.findUnique({ where: { shop_email: { shop, email: to.toLowerCase() } } })) {
    return { status: "SKIPPED", error: "the customer unsubscribed" };
  }
  const smtp = await smtpSettingsFor(context, shop);
  if (!smtp) return { status: "SKIPPED", error: "no email server is set up" };
  const lines = messageLinesColumn.decode(message.lines);
  const [shopRow, rules, refund] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { name: true, storefrontUrl: true } }),
    loadRules(db, shop),
    kind === "cancelled"
      ? refundForCancelled(
          db,
          shop,
          message.orderId,
          message.id,
          lines.map((line) => line.lineItemId),
        )
      : null,
  ]);
  const links = messageLinks(context.linkKey, shopRow?.storefrontUrl ?? `https://${shop}`, {
    shop,
    orderId: orderNumber(message.orderId),
    email: to.toLowerCase(),
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_DAYS * 86_400_000),
  });
  const shopName = shopRow?.name ?? shop;
  const templateContext: TemplateContext = {
    shop: { name: shopName, logo_url: rules.logoUrl },
    customer: { first_name: message.customerFirstName },
    order: { name: message.orderName, status_url: links.status },
    lines: lines.map((line) => ({ title: line.title, quantity: line.quantity, date: line.date, place_in_line: line.placeInLine })),
    old_date: message.oldDate,
    new_date: message.newDate,
    accept_url: kind === "date_moved" ? links.accept : null,
    cancel_url: kind === "date_moved" ? links.cancel : null,
    consent_due_on: consentDueOn,
    if_no_answer: rules.unansweredDelay,
    refunded: refund?.refunded ?? false,
    refund_amount: refund?.amount ?? null,
    unsubscribe_url: links.unsubscribe,
  };
  const template = await templateFor(db, shop, kind, languageFor(message.locale));
  const rendered = renderMessage({ kind, locale: message.locale, context: templateContext, template });
  const result = await sendMessage(smtp.settings, {
    to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    shopName,
    unsubscribeUrl: links.unsubscribe,
    idempotencyKey: `${shop}:${message.dedupeKey}`,
  });
  if (result.status === "sent") return { status: "SENT", messageId: result.messageId };
  if (result.permanent) return { status: "FAILED", error: result.error };
  await db.customerMessage.updateMany({
    where: { id: message.id, shop },
    data: { attempts: { increment: 1 }, lastError: result.error },
  });
  return { status: "RETRY", error: result.error };
}

/**
 * For a delay notice after a second delay, the day the customer's consent is
 * due by: the earliest of its lines still waiting for it. A day already past
 * is not asked for again: the delay rule has acted on it.
 */
async function consentDue(db: NotificationContext["db"], message: MessageRow, now: Date) {
  if (message.kind !== "date_moved") return null;
  const lines = messageLinesColumn.decode(message.lines);
  const { timeZone } = await loadSettings(db, message.shop);
  const asked = await db.backorderLine.findFirst({
    where: {
      shop: message.shop,
      orderId: message.orderId,
      lineItemId: { in: lines.map((line) => line.lineItemId) },
      state: "backordered",
      consentDueOn: { gte: shopToday(now, timeZone) },
    },
    select: { consentDueOn: true },
    orderBy: { consentDueOn: "asc" },
  });
  return asked?.consentDueOn ?? null;
}

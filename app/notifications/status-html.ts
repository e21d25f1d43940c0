// The customer's status page as HTML for the app proxy, which Shopify renders
// inside the shop's theme (a Liquid response). Shopify treats the whole body
// as Liquid, so every value from the store (a product's title, an order
// name) is escaped for HTML and its braces written as entities: a title
// holding "{{" stays text and never reaches Liquid as code.
import type { CancelOutcome, Refusal, StatusItem, StatusView } from "./status-page.server";
import { STATUS_WORDS, type StatusWords } from "./status-words";
import { languageFor, longDate } from "./templates";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "{": "&#123;",
  "}": "&#125;",
  "%": "&#37;",
};

/** Text safe in HTML and in the Liquid the shop renders it with. */
export const escapeText = (value: string) => value.replace(/[&<>"'{}%]/g, (c) => ENTITIES[c]);

/** The pages' words for a customer locale ("fr-CA": French), as the emails choose theirs; English for any other. */
const wordsFor = (locale: string | null): StatusWords => STATUS_WORDS[languageFor(locale)];

/** Notes shown above the items after an action, or for the action a link asks to confirm. */
export type Notice = { tone: "success" | "info" | "critical"; text: string };

/** What the page says after the customer asked to cancel. */
export function cancelNotice(outcome: CancelOutcome, locale: string | null): Notice {
  const words = wordsFor(locale);
  switch (outcome.status) {
    case "cancelled": {
      const { refunded, amount } = outcome.refund;
      const text = amount ? words.cancelledRefundedAmount(amount) : refunded ? words.cancelledRefunded : words.cancelled;
      return { tone: "success", text };
    }
    case "nothing":
      return { tone: "info", text: words.nothingToCancel };
    case "changing":
      return { tone: "info", text: words.changing };
    case "refused":
      return { tone: "critical", text: words.cancelRefused };
  }
}

/** What the page says after the customer accepted the new date (`accepted`: the lines that took it). */
export function acceptNotice(accepted: number, locale: string | null): Notice {
  const words = wordsFor(locale);
  return accepted ? { tone: "success", text: words.accepted } : { tone: "info", text: words.nothingToAccept };
}

const frame = (
  locale: string | null,
  title: string,
  body: string,
) => `<div lang="${languageFor(locale)}" class="page-width backorder-status" style="max-width:720px;margin:2rem auto;padding:0 1rem">
<h1>${escapeText(title)}</h1>
${body}
</div>`;

function noticeHtml(notice: Notice | null) {
  if (!notice) return "";
  const colour = { success: "#e3f1df", info: "#eaf4ff", critical: "#fbeae5" }[notice.tone];
  return `<p role="status" class="backorder-status__notice" style="padding:.75rem 1rem;border-radius:6px;background:${colour}">${escapeText(notice.text)}</p>`;
}

const CELL = 'style="text-align:left;vertical-align:top;padding:.5rem .75rem;border-bottom:1px solid rgba(0,0,0,.12)"';

function itemRow(item: StatusItem, locale: string | null) {
  const words = wordsFor(locale);
  const details = [
    words.statuses[item.status],
    item.status === "waiting" ? (item.date ? words.expectedBy(longDate(item.date, locale)) : words.noDate) : null,
    item.placeInLine ? words.placeInLine(item.placeInLine) : null,
    item.acceptedDate && item.status === "waiting" ? words.youAccepted(longDate(item.acceptedDate, locale)) : null,
  ].filter(Boolean);
  return `<tr><td ${CELL}>${item.quantity} × ${escapeText(item.title)}</td><td ${CELL}>${escapeText(details.join(", "))}</td></tr>`;
}

function historyText({ kind, oldDate, newDate }: StatusView["history"][number], locale: string | null) {
  const { history } = wordsFor(locale);
  switch (kind) {
    case "date_moved":
      return history.date_moved(oldDate && longDate(oldDate, locale), newDate && longDate(newDate, locale));
    case "backorder_confirmation":
    case "on_its_way":
    case "cancelled":
      return history[kind];
    default:
      return kind;
  }
}

/**
 * The order's page, in the customer's language with dates as their locale
 * writes them: its items with their status, place in line and date, what
 * the shop told the customer, and the two forms (accept the new date, cancel
 * the waiting items). `confirm` highlights the form an email's link asked
 * for; a GET never changes anything, so a mail scanner that follows the link
 * cancels nothing.
 */
export function statusPageHtml(
  view: StatusView,
  locale: string | null,
  notice: Notice | null,
  confirm: "accept" | "cancel" | null,
): string {
  const words = wordsFor(locale);
  const history = view.history.length
    ? `<h2>${words.updates}</h2><ul>${view.history
        .map((entry) => `<li>${longDate(entry.at.toISOString().slice(0, 10), locale)}: ${escapeText(historyText(entry, locale))}</li>`)
        .join("")}</ul>`
    : "";
  const consent = view.consentDueOn
    ? `<p class="backorder-status__consent"><strong>${escapeText(words.consent(longDate(view.consentDueOn, locale)))}</strong> ${
        view.ifNoAnswer === "cancel" ? words.ifCancelled : words.ifListed
      }</p>`
    : "";
  const accept = view.canAccept
    ? `<form method="post"><input type="hidden" name="intent" value="accept"><button type="submit" class="button${confirm === "accept" ? " button--primary" : ""}">${words.accept}</button></form>`
    : "";
  const cancel = view.canCancel
    ? `<form method="post"><input type="hidden" name="intent" value="cancel">${
        confirm === "cancel" ? `<p>${words.confirmCancel}</p>` : ""
      }<button type="submit" class="button${confirm === "cancel" ? " button--primary" : " button--secondary"}">${words.cancel}</button></form>`
    : "";
  return frame(
    locale,
    words.order(view.orderName),
    `${noticeHtml(notice)}
<table class="backorder-status__items" style="width:100%;border-collapse:collapse"><thead><tr><th ${CELL}>${words.item}</th><th ${CELL}>${words.status}</th></tr></thead><tbody>${view.items.map((item) => itemRow(item, locale)).join("")}</tbody></table>
${history}
${consent}
<div class="backorder-status__actions" style="display:flex;gap:1rem;margin-top:1.5rem">${accept}${cancel}</div>`,
  );
}

const messagePageHtml = (locale: string | null, title: string, text: string) => frame(locale, title, `<p>${escapeText(text)}</p>`);

/** A link or order the page will not show, and why. */
export function refusalPageHtml(refusal: Refusal, locale: string | null): string {
  const words = wordsFor(locale);
  return messagePageHtml(locale, refusal.reason === "noOrder" ? words.orderNotFound : words.linkRefused, words.refusals[refusal.reason]);
}

/** The answer to a form the page did not send. */
export function notUnderstoodPageHtml(locale: string | null): string {
  const words = wordsFor(locale);
  return messagePageHtml(locale, words.nothingChanged, words.notUnderstood);
}

/** The unsubscribe page: a button, as a GET alone must not unsubscribe. */
export function unsubscribePageHtml(shopName: string, locale: string | null, done: boolean): string {
  const words = wordsFor(locale);
  return done
    ? messagePageHtml(locale, words.unsubscribed, words.noMoreEmails(shopName))
    : frame(
        locale,
        words.unsubscribe,
        `<p>${escapeText(words.stopEmails(shopName))}</p><form method="post"><button type="submit" class="button">${words.unsubscribe}</button></form>`,
      );
}

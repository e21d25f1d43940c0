// The customer's status page as HTML for the app proxy, which Shopify renders
// inside the shop's theme (a Liquid response). Shopify treats the whole body
// as Liquid, so every value from the store (a product's title, an order
// name) is escaped for HTML and its braces written as entities: a title
// holding "{{" stays text and never reaches Liquid as code.
import type { CancelOutcome, Refund, StatusItem, StatusView } from "./status-page.server";

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

/** A YYYY-MM-DD date, long form, in English (the page's language). */
function longDate(date: string) {
  return new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

const STATUS_WORDS: Record<StatusItem["status"], string> = {
  waiting: "Waiting for stock",
  ready: "Being prepared for shipping",
  shipped: "Shipped",
  cancelled: "Cancelled",
};

const HISTORY_WORDS: Record<string, (entry: StatusView["history"][number]) => string> = {
  backorder_confirmation: () => "We told you these items were on backorder",
  date_moved: ({ oldDate, newDate }) =>
    `The date moved${oldDate ? ` from ${longDate(oldDate)}` : ""}${newDate ? ` to ${longDate(newDate)}` : ", with no new date yet"}`,
  on_its_way: () => "The items arrived and were released for shipping",
  cancelled: () => "The items were cancelled",
};

/** Notes shown above the items after an action, or for the action a link asks to confirm. */
export type Notice = { tone: "success" | "info" | "critical"; text: string };

const refundWords = ({ refunded, amount }: Refund) => (amount ? ` and ${amount} refunded` : refunded ? " and refunded" : "");

/** What the page says after the customer asked to cancel. */
export function cancelNotice(outcome: CancelOutcome): Notice {
  switch (outcome.status) {
    case "cancelled":
      return { tone: "success", text: `The waiting items were cancelled${refundWords(outcome.refund)}.` };
    case "nothing":
      return { tone: "info", text: "No items are waiting any more: there is nothing to cancel." };
    case "changing":
      return {
        tone: "info",
        text: "Your order changed a moment ago, so nothing was cancelled this time. Please reload this page in a minute.",
      };
    case "refused":
      return { tone: "critical", text: "The items could not be cancelled. Please contact the shop." };
  }
}

const frame = (
  title: string,
  body: string,
) => `<div class="page-width backorder-status" style="max-width:720px;margin:2rem auto;padding:0 1rem">
<h1>${escapeText(title)}</h1>
${body}
</div>`;

function noticeHtml(notice: Notice | null) {
  if (!notice) return "";
  const colour = { success: "#e3f1df", info: "#eaf4ff", critical: "#fbeae5" }[notice.tone];
  return `<p role="status" class="backorder-status__notice" style="padding:.75rem 1rem;border-radius:6px;background:${colour}">${escapeText(notice.text)}</p>`;
}

const CELL = 'style="text-align:left;vertical-align:top;padding:.5rem .75rem;border-bottom:1px solid rgba(0,0,0,.12)"';

function itemRow(item: StatusItem) {
  const details = [
    STATUS_WORDS[item.status],
    item.status === "waiting" ? (item.date ? `expected by ${longDate(item.date)}` : "no date yet") : null,
    item.placeInLine ? `number ${item.placeInLine} in line` : null,
    item.acceptedDate && item.status === "waiting" ? `you accepted ${longDate(item.acceptedDate)}` : null,
  ].filter(Boolean);
  return `<tr><td ${CELL}>${item.quantity} × ${escapeText(item.title)}</td><td ${CELL}>${escapeText(details.join(", "))}</td></tr>`;
}

/**
 * The order's page: its items with their status, place in line and date,
 * what the shop told the customer, and the two forms (accept the new date,
 * cancel the waiting items). `confirm` highlights the form an email's link
 * asked for; a GET never changes anything, so a mail scanner that follows the
 * link cancels nothing.
 */
export function statusPageHtml(view: StatusView, notice: Notice | null, confirm: "accept" | "cancel" | null): string {
  const history = view.history.length
    ? `<h2>Updates</h2><ul>${view.history
        .map(
          (entry) =>
            `<li>${entry.at.toISOString().slice(0, 10)}: ${escapeText((HISTORY_WORDS[entry.kind] ?? (() => entry.kind))(entry))}</li>`,
        )
        .join("")}</ul>`
    : "";
  const consent = view.consentDueOn
    ? `<p class="backorder-status__consent"><strong>As the date has moved more than once, we need your answer by ${longDate(view.consentDueOn)}: accept the new date, or cancel the waiting items.</strong> ${
        view.ifNoAnswer === "cancel"
          ? "If we do not hear from you by then, the waiting items will be cancelled and refunded."
          : "If we do not hear from you by then, we will review your order and contact you."
      }</p>`
    : "";
  const accept = view.canAccept
    ? `<form method="post"><input type="hidden" name="intent" value="accept"><button type="submit" class="button${confirm === "accept" ? " button--primary" : ""}">Accept the new date</button></form>`
    : "";
  const cancel = view.canCancel
    ? `<form method="post"><input type="hidden" name="intent" value="cancel">${
        confirm === "cancel" ? "<p>Cancel the items still waiting for stock? They are removed from your order and refunded.</p>" : ""
      }<button type="submit" class="button${confirm === "cancel" ? " button--primary" : " button--secondary"}">Cancel the waiting items</button></form>`
    : "";
  return frame(
    `Order ${view.orderName}`,
    `${noticeHtml(notice)}
<table class="backorder-status__items" style="width:100%;border-collapse:collapse"><thead><tr><th ${CELL}>Item</th><th ${CELL}>Status</th></tr></thead><tbody>${view.items.map(itemRow).join("")}</tbody></table>
${history}
${consent}
<div class="backorder-status__actions" style="display:flex;gap:1rem;margin-top:1.5rem">${accept}${cancel}</div>`,
  );
}

/** A refusal or a one-line answer, in the same frame. */
export function messagePageHtml(title: string, text: string): string {
  return frame(title, `<p>${escapeText(text)}</p>`);
}

/** The unsubscribe page: a button, as a GET alone must not unsubscribe. */
export function unsubscribePageHtml(shopName: string, done: boolean): string {
  return done
    ? messagePageHtml("Unsubscribed", `You will get no more backorder emails from ${shopName}.`)
    : frame(
        "Unsubscribe",
        `<p>Stop backorder emails from ${escapeText(shopName)}?</p><form method="post"><button type="submit" class="button">Unsubscribe</button></form>`,
      );
}

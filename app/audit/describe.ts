// An audit event in a merchant's words: what was decided, why, and what set
// it off. Pure, so the Activity page and any other reader (a line's history)
// say the same thing. Types this file does not know yet (new features add
// their own) still read sensibly: their name and details in plain text.
import type { AuditTrigger } from "./trigger";

/** Names the loader found for an event's subject; any may be missing (a line long gone, an order never read). */
export type SubjectNames = { order?: string; product?: string; location?: string };

export type AuditEntry = {
  type: string;
  subject: string | null;
  data: Record<string, unknown>;
  trigger: AuditTrigger | null;
  names?: SubjectNames;
};

export type AuditDescription = { kind: string; what: string; why: string; trigger: string };

/** The kinds the page's filter offers a name for; any other type is named from itself. */
export const KNOWN_TYPES: Record<string, string> = {
  "line.line_transition": "Line state changed",
  "line.promise_given": "Date promised",
  "line.promise_moved": "Promised date moved",
  "line.pinned": "Line pinned",
  "line.unpinned": "Line unpinned",
  "line.release_now": "Line released by you",
  "hold.placed": "Hold placed",
  "hold.released": "Hold released",
  "hold.recorded": "Hold found in the store",
  "hold.released_by_merchant": "Hold released outside the app",
  "hold.ended": "Hold ended with its fulfillment order",
  "variant.policy_changed": "Overselling turned on or off",
  "variant.settings_changed": "Variant settings changed",
  "settings.changed": "Shop settings changed",
  "supply.recorded": "Incoming stock recorded",
  "supply.moved": "Incoming stock moved",
  "supply.quantity_changed": "Incoming stock quantity changed",
  "supply.received": "Incoming stock received",
  "supply.deleted": "Incoming stock deleted",
  "sync.problem": "The store refused a change",
  "customer.data_requested": "Customer data gathered",
  "customer.redacted": "Customer data erased",
  "shop.redact_refused": "Shop erasure refused",
  "app.uninstalled": "App uninstalled",
  "app.scopes_updated": "Access changed",
  "dead_letters.replayed": "Store events replayed",
  "email.smtp_changed": "Email server changed",
  "email.smtp_removed": "Email server removed",
  "email.template_changed": "Email template changed",
  "email.template_reset": "Email template reset",
  "email.message_switched": "Customer email turned on or off",
  "email.sent": "Customer email sent",
  "email.failed": "Customer email failed",
  "email.skipped": "Customer email not sent",
  "email.unsubscribed": "Customer unsubscribed",
  "customer.accepted_date": "Customer accepted a new date",
  "customer.cancelled_items": "Waiting items cancelled",
  "customer.cancel_failed": "Cancelling waiting items failed",
  "delay.consent_requested": "Consent to a second delay asked",
  "delay.unanswered": "Delay not consented to",
  "flow.sent": "Shopify Flow told",
  "flow.rejected": "Shopify Flow refused a trigger",
  "email.rules_changed": "Delay rules and digest changed",
  "email.digest_sent": "Daily digest sent",
  "email.digest_failed": "Daily digest failed",
};

/** "pin.added" reads "Pin added"; "release_now" reads "Release now". */
export function humanizeType(type: string): string {
  const words = type.replace(/[._]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "Event";
}

export function kindLabel(type: string): string {
  return KNOWN_TYPES[type] ?? humanizeType(type);
}

export function describeTrigger(trigger: AuditTrigger | null): string {
  if (!trigger) return "Not recorded";
  switch (trigger.kind) {
    case "webhook":
      return `Store event ${trigger.topic} (webhook ${trigger.webhookId})`;
    case "schedule":
      return "The scheduled full check of the store";
    case "merchant":
      return "You, in the app";
    case "install":
      return "Installing the app (a full read of the store)";
    case "job":
      return `Background job ${trigger.name}`;
    case "customer":
      return "The customer, from the order status page";
  }
}

const STATE_WORDS: Record<string, string> = {
  backordered: "waiting for stock",
  allocated: "given stock",
  released: "released to ship",
  fulfilled: "shipped",
  cancelled: "cancelled",
};

const text = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);
const count = (value: unknown): number => (typeof value === "number" ? value : 0);

// The customer emails' kinds and languages (notifications/templates.ts) as the Notifications page names them.
const MESSAGE_NAMES: Record<string, string> = {
  backorder_confirmation: "backorder confirmation",
  date_moved: "date moved",
  on_its_way: "on its way",
  cancelled: "cancelled",
};
const LANGUAGE_NAMES: Record<string, string> = { en: "English", fr: "French", de: "German", es: "Spanish" };
const messageName = (kind: unknown) => MESSAGE_NAMES[text(kind) ?? ""] ?? text(kind) ?? "customer";
const languageName = (language: unknown) => {
  const name = LANGUAGE_NAMES[text(language) ?? ""];
  return name ? ` (${name})` : "";
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// Why a delay notice went (CustomerMessage.reason), as the sent email's audit details record it.
const NOTICE_WORDS: Record<string, string> = {
  event: "The date promised for the items moved.",
  overdue: "The date promised for the items passed and they have not arrived.",
  waiting: "The items have waited another 30 days with no date.",
};

/** A delay notice's reason, and the consent it asked for after a second delay; null for any other email. */
function noticeWhy(data: Record<string, unknown>): string | null {
  const reason = NOTICE_WORDS[text(data.notice) ?? ""];
  if (!reason) return null;
  const dueOn = text(data.consentDueOn);
  return dueOn ? `${reason} It is a second delay: the customer's consent is due by ${dueOn}.` : reason;
}

/** "the line of Mug (Blue) on #1001 at Warehouse", with what is known. */
function lineName(names: SubjectNames = {}) {
  return ["the line", names.product && `of ${names.product}`, names.order && `on ${names.order}`, names.location && `at ${names.location}`]
    .filter(Boolean)
    .join(" ");
}

const orderName = (names: SubjectNames = {}) => (names.order ? `order ${names.order}` : "an order");
const productName = (entry: AuditEntry) => entry.names?.product ?? entry.subject ?? "a variant";

function lineTransition(entry: AuditEntry): Pick<AuditDescription, "what" | "why"> {
  const to = text(entry.data.to) ?? "";
  const from = text(entry.data.from);
  const line = lineName(entry.names);
  const what = `${line[0].toUpperCase()}${line.slice(1)} is ${STATE_WORDS[to] ?? to}${from ? ` (was ${STATE_WORDS[from] ?? from})` : ""}`;
  const why: Record<string, string> = {
    backordered: from
      ? "The stock it had was needed by an order ahead of it in line, or the stock count went down."
      : "There was not enough stock at its location to ship it, so it waits in line for incoming units.",
    allocated: "Stock became available and this line was next in line; its hold is released next.",
    released: "Every unit it waited for is in stock, so the app lifted its hold and it can ship.",
    fulfilled: "The store shipped it.",
    cancelled: "The order was cancelled, or the line was removed or edited away.",
  };
  return { what, why: why[to] ?? "Its state was recomputed from the store's stock and orders." };
}

function settingsSummary(data: Record<string, unknown>) {
  const rule =
    data.priorityRule === "PRIORITY_TAG_FIRST"
      ? `customers tagged "${text(data.priorityTag) ?? "priority"}" first, then oldest order first`
      : "oldest order first";
  const mode = data.fulfillmentMode === "SHIP_COMPLETE" ? "ship complete orders only" : "ship what is in stock now";
  const parts = [`Priority: ${rule}`, mode];
  if (typeof data.handlingDays === "number") parts.push(plural(data.handlingDays, "handling day"));
  return `${parts.join("; ")}.`;
}

function variantSummary(data: Record<string, unknown>) {
  const parts = [data.backordersEnabled === false ? "Backorders off" : "Backorders on"];
  if (data.capKind === "FIXED") parts.push(`capped at ${plural(count(data.capUnits), "unit")}`);
  else if (data.capKind === "DYNAMIC") parts.push("capped at the incoming stock not yet promised");
  else parts.push("no cap");
  if (typeof data.leadTimeDays === "number") parts.push(`lead time ${plural(data.leadTimeDays, "day")}`);
  if (text(data.message)) parts.push(`shopper message "${text(data.message)}"`);
  return `${parts.join(", ")}.`;
}

/** Any other event's details, as "name: value" pairs, short. */
function detailsOf(data: Record<string, unknown>) {
  const pairs = Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== "object")
    .map(([name, value]) => `${name}: ${String(value)}`);
  const joined = pairs.join(", ");
  return joined.length > 200 ? `${joined.slice(0, 199)}…` : joined;
}

function decision(entry: AuditEntry): Pick<AuditDescription, "what" | "why"> {
  const { data, names } = entry;
  switch (entry.type) {
    case "line.line_transition":
      return lineTransition(entry);
    case "line.promise_given":
      return {
        what: `Promised ${text(data.eta) ?? "a date"} for ${lineName(names)}`,
        why: "The first date its stock arrives: incoming stock that covers its last unit (or the variant's lead time), plus handling days.",
      };
    case "line.promise_moved":
      return {
        what: text(data.to)
          ? `Moved the date for ${lineName(names)} from ${text(data.from) ?? "none"} to ${text(data.to)}`
          : `No date can be promised for ${lineName(names)} any more (it was ${text(data.from) ?? "none"})`,
        why: "The incoming stock it counted on moved or changed, or its place in line changed.",
      };
    case "line.pinned":
      return {
        what: `Pinned ${lineName(names)} to the front of the line${typeof data.pin === "number" ? ` (pin ${data.pin})` : ""}`,
        why: "You chose it to be served first when stock arrives, before the shop's priority rule.",
      };
    case "line.unpinned":
      return { what: `Unpinned ${lineName(names)}`, why: "It goes back to its place by the shop's priority rule." };
    case "line.release_now":
      return {
        what: `Released ${lineName(names)} to ship now`,
        why: "You chose to ship it anyway; the app lifts its hold and will not hold it again.",
      };
    case "hold.placed":
      return {
        what: `Held the lines of ${orderName(names)} that cannot ship`,
        why: "They have no stock yet; the hold keeps them from shipping until the units they wait for arrive.",
      };
    case "hold.released":
      return { what: `Released the app's hold on ${orderName(names)}`, why: "The lines it held have stock now and can ship." };
    case "hold.recorded":
      return {
        what: `Recorded a hold of the app's found on ${orderName(names)}`,
        why: "The store has a hold the app placed whose confirmation was lost; it is tracked again now.",
      };
    case "hold.ended":
      return {
        what: `The app's hold on ${orderName(names)} ended`,
        why: "Its fulfillment order closed: the items it held were removed from the order or the order was cancelled.",
      };
    case "hold.released_by_merchant":
      return {
        what: `The app's hold on ${orderName(names)} was released outside the app`,
        why: "Someone released it in Shopify; the app will not hold these lines again.",
      };
    case "variant.policy_changed":
      return data.policy === "CONTINUE"
        ? { what: `Let ${productName(entry)} sell when out of stock`, why: "Backorders are on for it and it is under its cap." }
        : {
            what: `Stopped ${productName(entry)} selling when out of stock`,
            why: "It reached its backorder cap, or backorders were turned off.",
          };
    case "variant.settings_changed":
      return { what: `Changed the backorder settings of ${productName(entry)}`, why: variantSummary(data) };
    case "settings.changed":
      return { what: "Changed how waiting orders are ranked and held", why: settingsSummary(data) };
    case "supply.recorded":
      return {
        what: `Recorded ${plural(count(data.quantity), "incoming unit")} expected ${text(data.expectedOn) ?? "on an unknown date"}${text(data.reference) ? ` (${text(data.reference)})` : ""}${names?.product ? ` of ${names.product}` : ""}`,
        why: "Waiting lines take their promised dates from incoming stock.",
      };
    case "supply.moved":
      return {
        what: `Moved incoming stock from ${text(data.from) ?? "?"} to ${text(data.to) ?? "?"}${names?.product ? ` (${names.product})` : ""}`,
        why: "The dates promised from it move with it.",
      };
    case "supply.quantity_changed":
      return {
        what: `Changed incoming stock from ${plural(count(data.from), "unit")} to ${plural(count(data.to), "unit")}${names?.product ? ` (${names.product})` : ""}`,
        why: "Waiting lines are dated from the units that cover them; the dates follow.",
      };
    case "supply.received":
      return {
        what: `Received ${plural(count(data.quantity), "incoming unit")} expected ${text(data.expectedOn) ?? "on an unknown date"}${names?.product ? ` of ${names.product}` : ""}`,
        why:
          data.by === "stock"
            ? `The store's stock at its location rose by ${plural(count(data.rise), "unit")}: the shipment arrived, and it no longer counts as incoming.`
            : "Marked received: the stock is on hand now, and no longer counts as incoming.",
      };
    case "supply.deleted":
      return {
        what: `Deleted incoming stock${text(data.reference) ? ` ${text(data.reference)}` : ""} (${plural(count(data.quantity), "unit")} expected ${text(data.expectedOn) ?? "on an unknown date"})`,
        why: "Dates promised from it are worked out again without it.",
      };
    case "sync.problem":
      return { what: "The store refused a change the app tried to make", why: text(data.problem) ?? "No reason was given." };
    case "customer.data_requested":
      return {
        what: `Gathered the data the app holds about ${entry.subject ?? "a customer"}`,
        why: "The customer asked your store for their data; download the report under Data requests and send it to them.",
      };
    case "customer.redacted":
      return { what: `Erased the personal data of ${entry.subject ?? "a customer"}`, why: "The customer asked your store to forget them." };
    case "shop.redact_refused":
      return { what: "Kept the store's data", why: "Shopify asked to erase it, but the app is still installed." };
    case "app.uninstalled":
      return { what: "Stopped working for the store", why: "The app was uninstalled." };
    case "app.scopes_updated":
      return { what: "Read the whole store again", why: `The app's access changed${text(data.scope) ? ` to ${text(data.scope)}` : ""}.` };
    case "email.smtp_changed":
      return {
        what: `Set the email server to ${text(data.host) ?? "?"}:${count(data.port)}${text(data.from) ? `, sending from ${text(data.from)}` : ""}`,
        why: data.passwordChanged
          ? "Customer emails go through it; its password changed (stored encrypted)."
          : "Customer emails go through it.",
      };
    case "email.smtp_removed":
      return { what: "Removed the shop's email server", why: "Customer emails go through the app's default server, if it has one." };
    case "email.template_changed":
      return {
        what: `Changed the ${messageName(data.kind)} email${languageName(data.language)}`,
        why: "Customers get the shop's own wording from now on.",
      };
    case "email.template_reset":
      return {
        what: `Reset the ${messageName(data.kind)} email${languageName(data.language)} to the default`,
        why: "Customers get the app's wording again.",
      };
    case "email.message_switched":
      return {
        what: `Turned ${data.on ? "on" : "off"} the ${messageName(data.kind)} email`,
        why: data.on ? "Customers get it when it applies." : "Customers no longer get it.",
      };
    case "email.sent":
      return {
        what: `Sent the ${messageName(data.kind)} email for ${orderName(names)} to ${text(data.to) ?? "the customer"}`,
        why: noticeWhy(data) ?? "The customer is told when their waiting items go on backorder, move date, ship or are cancelled.",
      };
    case "email.failed":
      return {
        what: `Could not send the ${messageName(data.kind)} email for ${orderName(names)}`,
        why: text(data.reason) ?? "No reason was given.",
      };
    case "email.skipped":
      return {
        what: `Did not send the ${messageName(data.kind)} email for ${orderName(names)}`,
        why: `Because ${text(data.reason) ?? "of the shop's settings"}.`,
      };
    case "email.unsubscribed":
      return {
        what: "A customer unsubscribed from the shop's backorder emails",
        why: "They followed the link in an email; they get no more.",
      };
    case "customer.accepted_date":
      return {
        what: `The customer accepted the new date of ${orderName(names)}`,
        why: "Recorded as their consent to the delay.",
      };
    case "customer.cancelled_items":
      return {
        what: data.wholeOrder ? `Cancelled ${orderName(names)}` : `Cancelled the waiting items of ${orderName(names)}`,
        why: `${data.by === "delay rule" ? "The customer did not consent to a second delay by its date" : "The customer asked, from the order status page"}${text(data.refunded) ? `; refunded ${text(data.refunded)}` : data.wholeOrder ? "; Shopify refunds the order" : "; nothing was refunded"}.`,
      };
    case "customer.cancel_failed":
      return { what: `Could not cancel the waiting items of ${orderName(names)}`, why: text(data.message) ?? "The store refused." };
    case "delay.consent_requested":
      return {
        what: `Asked the customer of ${orderName(names)} to accept a second delay by ${text(data.dueOn) ?? "its new date"}`,
        why: "The date of their waiting items moved again after a delay notice, so the customer must agree to wait. Without an answer by then, your delay rule under Notifications applies: the items are cancelled, or listed for you.",
      };
    case "delay.unanswered":
      return {
        what: `The customer of ${orderName(names)} did not consent to a second delay by ${text(data.dueOn) ?? "its date"}`,
        why: "Listed for you under Notifications: contact the customer, or cancel the waiting items.",
      };
    case "dead_letters.replayed": {
      const replayed = [
        count(data.webhookEvents) > 0 && plural(count(data.webhookEvents), "failed store event"),
        count(data.jobs) > 0 && plural(count(data.jobs), "failed job"),
      ].filter(Boolean);
      return {
        what: replayed.length > 0 ? `Replayed ${replayed.join(" and ")}` : "Replayed nothing: no failed events were waiting",
        why: "Put back in line to run again, once the cause of the failure was fixed.",
      };
    }
    default:
      return { what: `${humanizeType(entry.type)}${entry.subject ? ` (${entry.subject})` : ""}`, why: detailsOf(data) };
  }
}

export function describeAudit(entry: AuditEntry): AuditDescription {
  return { kind: kindLabel(entry.type), ...decision(entry), trigger: describeTrigger(entry.trigger) };
}

// The customer emails' words: for each kind of message a subject and a body
// in Liquid, in English, French, German and Spanish, rendered with liquidjs.
// Pure: no database, no network, so the admin's live preview and the sending
// job render exactly the same way.
//
// A message has one body, written in HTML; its plain-text part is derived
// from the rendered HTML (htmlToText below) rather than written separately.
// A merchant edits one body per kind and language, and the two parts can
// never tell a customer different things.
import { Liquid, LiquidError, type Template } from "liquidjs";
import { CALENDAR_DATE } from "~/backorders";
import type { UnansweredDelay } from "./rules.server";

export const MESSAGE_KINDS = ["backorder_confirmation", "date_moved", "on_its_way", "cancelled"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const LANGUAGES = ["en", "fr", "de", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/** An editable message: both fields are Liquid. */
export type MessageTemplate = { subject: string; body: string };

export type TemplateLine = {
  title: string;
  quantity: number;
  /** The promised date, YYYY-MM-DD; null: no date yet. */
  date: string | null;
  /** 1 for the next line served at its location; null when not waiting. */
  place_in_line: number | null;
};

/**
 * What a template can name. The keys are the variables' names as merchants
 * type them, in snake_case like Shopify's own notification templates, so the
 * context needs no renaming on its way into Liquid.
 */
export type TemplateContext = {
  shop: { name: string; logo_url: string | null };
  customer: { first_name: string | null };
  order: { name: string; status_url: string };
  lines: TemplateLine[];
  /** A date move's previous and new date (YYYY-MM-DD); null in other messages, or when there is no date. */
  old_date: string | null;
  new_date: string | null;
  /** Links that accept a moved date or cancel the lines; null where the message offers neither. */
  accept_url: string | null;
  cancel_url: string | null;
  /** Date moved, from a second delay: the day the customer's consent is due by (YYYY-MM-DD); null when none is asked. */
  consent_due_on: string | null;
  /** The shop's delay rule for a consent that does not come: the waiting items are cancelled, or listed for the shop. */
  if_no_answer: UnansweredDelay;
  /** Cancelled: whether the items were refunded, and the amount when the app refunded it ("18.00 USD"); false and null in other messages. */
  refunded: boolean;
  refund_amount: string | null;
  unsubscribe_url: string;
};

/** The variables, for the template editor's help text. */
export const TEMPLATE_VARIABLES: ReadonlyArray<{ name: string; description: string }> = [
  { name: "shop.name", description: "The shop's name" },
  { name: "shop.logo_url", description: "The URL of the shop's logo, or empty" },
  { name: "customer.first_name", description: "The customer's first name, or empty" },
  { name: "order.name", description: "The order's name, such as #1001" },
  { name: "order.status_url", description: "The page where the customer follows the waiting items" },
  { name: "lines", description: "The items concerned; each has title, quantity, date and place_in_line" },
  { name: "old_date", description: "Date moved: the date promised before, or empty" },
  { name: "new_date", description: "Date moved: the new date, or empty when there is none yet" },
  { name: "accept_url", description: "Date moved: the link that accepts the new date" },
  { name: "cancel_url", description: "Date moved: the link that cancels the waiting items" },
  {
    name: "consent_due_on",
    description: "Date moved, after a second delay: the date the customer must accept the new date by, or empty when not asked",
  },
  {
    name: "if_no_answer",
    description:
      'What happens without an answer by then: "cancel" (the waiting items are cancelled and refunded) or "list" (the shop decides)',
  },
  { name: "refunded", description: "Cancelled: true when the items were refunded, false when they were cancelled without a refund" },
  { name: "refund_amount", description: "Cancelled: the amount refunded, such as 18.00 USD, or empty when it is not known" },
  { name: "unsubscribe_url", description: "The link that stops these emails" },
  { name: "format_date", description: "Filter: {{ line.date | format_date }} writes a date in the customer's language" },
];

/** Data for the live preview and for checking an edited template. */
export const SAMPLE_CONTEXT: TemplateContext = {
  shop: { name: "Maison Verte", logo_url: "https://cdn.example.com/maison-verte/logo.png" },
  customer: { first_name: "Camille" },
  order: { name: "#1042", status_url: "https://maison-verte.example.com/apps/backorders/status?token=sample" },
  lines: [
    { title: "Stoneware mug, blue", quantity: 2, date: "2026-03-15", place_in_line: 3 },
    { title: "Linen tea towel", quantity: 1, date: null, place_in_line: 12 },
  ],
  old_date: "2026-03-01",
  new_date: "2026-03-15",
  accept_url: "https://maison-verte.example.com/apps/backorders/accept?token=sample",
  cancel_url: "https://maison-verte.example.com/apps/backorders/cancel?token=sample",
  consent_due_on: "2026-03-15",
  if_no_answer: "cancel",
  refunded: true,
  refund_amount: "36.00 EUR",
  unsubscribe_url: "https://maison-verte.example.com/apps/backorders/unsubscribe?token=sample",
};

const KNOWN_VARIABLES = new Set<string>(Object.keys(SAMPLE_CONTEXT));

/** The language of a customer locale ("fr-CA" -> "fr"); English for any other. */
export function languageFor(locale: string | null | undefined): Language {
  const language = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : "en";
}

/**
 * The locale dates are written in: the customer's own when it is of the
 * chosen language and Intl knows it ("fr-CA" writes dates as in Canada),
 * else the language alone.
 */
function dateLocale(locale: string | null | undefined, language: Language): string {
  if (!locale || locale.trim().toLowerCase().split(/[-_]/)[0] !== language) return language;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(locale.replace("_", "-"))[0] ?? language;
  } catch {
    // Not a well-formed language tag.
    return language;
  }
}

/** A YYYY-MM-DD date, long form, as the customer's locale writes it: in the emails and on the status page. */
export function longDate(date: string, locale: string | null | undefined): string {
  // A calendar date, not an instant: formatted in UTC so no time zone moves it a day.
  return new Intl.DateTimeFormat(dateLocale(locale, languageFor(locale)), { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** `{{ line.date | format_date }}`: a YYYY-MM-DD date, long form, in the render's locale; empty for none. */
function formatDate(this: { context: { globals: object } }, value: unknown): string {
  if (typeof value !== "string" || !CALENDAR_DATE.test(value)) return "";
  const { locale } = this.context.globals as { locale?: string | null };
  return longDate(value, locale);
}

function engine(escape: boolean): Liquid {
  const liquid = new Liquid({
    // HTML bodies escape every output, so a product title with markup reads as text; `| raw` opts out.
    ...(escape ? { outputEscape: "escape" as const } : {}),
    strictFilters: true,
    // No partials: `include`, `render` and `layout` find nothing, never a file on the server.
    templates: {},
    // A merchant's template cannot hold the sender up: bounded parse size, render time (ms) and memory.
    parseLimit: 100_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
  });
  liquid.registerFilter("format_date", formatDate);
  return liquid;
}

const htmlEngine = engine(true);
// Subjects are a header, not HTML: "Mugs & cups" must not arrive as "Mugs &amp; cups".
const textEngine = engine(false);

const engineFor = (field: keyof MessageTemplate) => (field === "body" ? htmlEngine : textEngine);

// ---------------------------------------------------------------------------
// Default templates

type Words = {
  greeting: string;
  status: string;
  confirmation: { subject: string; intro: string; dated: string; undated: string; place: string; rest: string };
  dateMoved: { subject: string; intro: string; consent: string; ifCancelled: string; ifListed: string; accept: string; cancel: string };
  onItsWay: { subject: string; intro: string };
  cancelled: { subject: string; intro: string; refundAmount: string; refund: string };
  footer: string;
  unsubscribe: string;
};

const WORDS: Record<Language, Words> = {
  en: {
    greeting: "Hi{% if customer.first_name %} {{ customer.first_name }}{% endif %},",
    status: "See the status of your order",
    confirmation: {
      subject: "{{ order.name }}: some items are on backorder",
      intro: "Thank you for your order {{ order.name }}. These items are not in stock yet; we will send them as soon as they arrive:",
      dated: "expected by {{ line.date | format_date }}",
      undated: "we will tell you the date as soon as we know it",
      place: "number {{ line.place_in_line }} in line",
      rest: "The rest of your order ships as usual.",
    },
    dateMoved: {
      subject: "{{ order.name }}: a new date for your backordered items",
      intro:
        "The date for these items from your order {{ order.name }} has moved{% if old_date %} from {{ old_date | format_date }}{% endif %}{% if new_date %} to {{ new_date | format_date }}{% else %}, and we do not have a new date yet{% endif %}:",
      consent:
        "As the date has moved more than once, we need your answer by {{ consent_due_on | format_date }}: do you accept the new date, or do you want to cancel these items?",
      ifCancelled: "If we do not hear from you by then, these items will be cancelled and refunded.",
      ifListed: "If we do not hear from you by then, we will review your order and contact you.",
      accept: "I accept the new date",
      cancel: 'If it does not suit you, you can <a href="{{ cancel_url }}">cancel these items</a> for a full refund.',
    },
    onItsWay: {
      subject: "{{ order.name }}: your backordered items are on their way",
      intro: "Good news: these items from your order {{ order.name }} have arrived and are being prepared for shipping:",
    },
    cancelled: {
      subject: "{{ order.name }}: items cancelled",
      intro: "These items from your order {{ order.name }} have been cancelled{% if refunded %} and refunded{% endif %}:",
      refundAmount: "We refunded {{ refund_amount }} to your original payment method.",
      refund: "The refund goes back to your original payment method.",
    },
    footer: "You are receiving this email because you ordered from {{ shop.name }}.",
    unsubscribe: "Unsubscribe from these emails",
  },
  fr: {
    greeting: "Bonjour{% if customer.first_name %} {{ customer.first_name }}{% endif %},",
    status: "Voir le suivi de votre commande",
    confirmation: {
      subject: "{{ order.name }} : certains articles sont en réapprovisionnement",
      intro:
        "Merci pour votre commande {{ order.name }}. Ces articles ne sont pas encore en stock ; nous vous les enverrons dès leur arrivée :",
      dated: "prévu pour le {{ line.date | format_date }}",
      undated: "nous vous donnerons la date dès que nous la connaîtrons",
      place: "n° {{ line.place_in_line }} dans la file d'attente",
      rest: "Le reste de votre commande est expédié normalement.",
    },
    dateMoved: {
      subject: "{{ order.name }} : nouvelle date pour vos articles en attente",
      intro:
        "La date prévue pour ces articles de votre commande {{ order.name }} a changé{% if old_date %} : elle était le {{ old_date | format_date }}{% endif %}{% if new_date %}, elle est désormais le {{ new_date | format_date }}{% else %}, et nous n'avons pas encore de nouvelle date{% endif %} :",
      consent:
        "La date ayant changé plus d'une fois, nous avons besoin de votre réponse d'ici le {{ consent_due_on | format_date }} : acceptez-vous la nouvelle date, ou souhaitez-vous annuler ces articles ?",
      ifCancelled: "Sans réponse de votre part d'ici là, ces articles seront annulés et remboursés.",
      ifListed: "Sans réponse de votre part d'ici là, nous examinerons votre commande et vous contacterons.",
      accept: "J'accepte la nouvelle date",
      cancel:
        'Si elle ne vous convient pas, vous pouvez <a href="{{ cancel_url }}">annuler ces articles</a> et être remboursé intégralement.',
    },
    onItsWay: {
      subject: "{{ order.name }} : vos articles sont en route",
      intro: "Bonne nouvelle : ces articles de votre commande {{ order.name }} sont arrivés et sont en cours de préparation :",
    },
    cancelled: {
      subject: "{{ order.name }} : articles annulés",
      intro: "Ces articles de votre commande {{ order.name }} ont été annulés{% if refunded %} et remboursés{% endif %} :",
      refundAmount: "Nous avons remboursé {{ refund_amount }} sur votre moyen de paiement d'origine.",
      refund: "Le remboursement est fait sur votre moyen de paiement d'origine.",
    },
    footer: "Vous recevez cet e-mail parce que vous avez commandé chez {{ shop.name }}.",
    unsubscribe: "Se désabonner de ces e-mails",
  },
  de: {
    greeting: "Hallo{% if customer.first_name %} {{ customer.first_name }}{% endif %},",
    status: "Status Ihrer Bestellung ansehen",
    confirmation: {
      subject: "{{ order.name }}: Einige Artikel sind nachbestellt",
      intro:
        "vielen Dank für Ihre Bestellung {{ order.name }}. Diese Artikel sind noch nicht auf Lager; wir senden sie Ihnen, sobald sie eintreffen:",
      dated: "voraussichtlich bis {{ line.date | format_date }}",
      undated: "wir nennen Ihnen das Datum, sobald wir es kennen",
      place: "Platz {{ line.place_in_line }} in der Warteschlange",
      rest: "Der Rest Ihrer Bestellung wird wie gewohnt versandt.",
    },
    dateMoved: {
      subject: "{{ order.name }}: Neues Datum für Ihre nachbestellten Artikel",
      intro:
        "das Lieferdatum dieser Artikel aus Ihrer Bestellung {{ order.name }} hat sich geändert{% if old_date %}: bisher {{ old_date | format_date }}{% endif %}{% if new_date %}, jetzt {{ new_date | format_date }}{% else %}; ein neues Datum haben wir noch nicht{% endif %}:",
      consent:
        "Da sich das Datum mehr als einmal verschoben hat, brauchen wir bis zum {{ consent_due_on | format_date }} Ihre Antwort: Akzeptieren Sie das neue Datum, oder möchten Sie diese Artikel stornieren?",
      ifCancelled: "Wenn wir bis dahin nichts von Ihnen hören, werden diese Artikel storniert und erstattet.",
      ifListed: "Wenn wir bis dahin nichts von Ihnen hören, prüfen wir Ihre Bestellung und melden uns bei Ihnen.",
      accept: "Ich akzeptiere das neue Datum",
      cancel:
        'Wenn es Ihnen nicht passt, können Sie <a href="{{ cancel_url }}">diese Artikel stornieren</a> und erhalten den vollen Betrag zurück.',
    },
    onItsWay: {
      subject: "{{ order.name }}: Ihre Artikel sind unterwegs",
      intro:
        "gute Nachricht: Diese Artikel aus Ihrer Bestellung {{ order.name }} sind eingetroffen und werden für den Versand vorbereitet:",
    },
    cancelled: {
      subject: "{{ order.name }}: Artikel storniert",
      intro: "diese Artikel aus Ihrer Bestellung {{ order.name }} wurden storniert{% if refunded %} und erstattet{% endif %}:",
      refundAmount: "Wir haben {{ refund_amount }} auf Ihre ursprüngliche Zahlungsmethode erstattet.",
      refund: "Die Erstattung erfolgt über Ihre ursprüngliche Zahlungsmethode.",
    },
    footer: "Sie erhalten diese E-Mail, weil Sie bei {{ shop.name }} bestellt haben.",
    unsubscribe: "Diese E-Mails abbestellen",
  },
  es: {
    greeting: "Hola{% if customer.first_name %} {{ customer.first_name }}{% endif %}:",
    status: "Ver el estado de tu pedido",
    confirmation: {
      subject: "{{ order.name }}: algunos artículos están pendientes de reposición",
      intro: "Gracias por tu pedido {{ order.name }}. Estos artículos aún no están en stock; te los enviaremos en cuanto lleguen:",
      dated: "previsto para el {{ line.date | format_date }}",
      undated: "te diremos la fecha en cuanto la sepamos",
      place: "puesto {{ line.place_in_line }} en la cola",
      rest: "El resto de tu pedido se envía con normalidad.",
    },
    dateMoved: {
      subject: "{{ order.name }}: nueva fecha para tus artículos pendientes",
      intro:
        "La fecha prevista de estos artículos de tu pedido {{ order.name }} ha cambiado{% if old_date %}: era el {{ old_date | format_date }}{% endif %}{% if new_date %}, ahora es el {{ new_date | format_date }}{% else %}, y aún no tenemos una nueva fecha{% endif %}:",
      consent:
        "Como la fecha ha cambiado más de una vez, necesitamos tu respuesta a más tardar el {{ consent_due_on | format_date }}: ¿aceptas la nueva fecha o prefieres cancelar estos artículos?",
      ifCancelled: "Si no sabemos nada de ti para entonces, estos artículos se cancelarán y se te reembolsarán.",
      ifListed: "Si no sabemos nada de ti para entonces, revisaremos tu pedido y nos pondremos en contacto contigo.",
      accept: "Acepto la nueva fecha",
      cancel: 'Si no te conviene, puedes <a href="{{ cancel_url }}">cancelar estos artículos</a> y recibir el reembolso completo.',
    },
    onItsWay: {
      subject: "{{ order.name }}: tus artículos están en camino",
      intro: "Buenas noticias: estos artículos de tu pedido {{ order.name }} ya han llegado y los estamos preparando para el envío:",
    },
    cancelled: {
      subject: "{{ order.name }}: artículos cancelados",
      intro: "Estos artículos de tu pedido {{ order.name }} se han cancelado{% if refunded %} y reembolsado{% endif %}:",
      refundAmount: "Te hemos reembolsado {{ refund_amount }} en tu método de pago original.",
      refund: "El reembolso se hace a tu método de pago original.",
    },
    footer: "Recibes este correo porque has comprado en {{ shop.name }}.",
    unsubscribe: "Darse de baja de estos correos",
  },
};

const itemList = (describe = "") =>
  `<ul>\n{% for line in lines %}  <li>{{ line.quantity }} × {{ line.title }}${describe}</li>\n{% endfor %}</ul>`;
const paragraph = (text: string) => `<p>${text}</p>`;
const statusLink = (words: Words) => paragraph(`<a href="{{ order.status_url }}">${words.status}</a>`);

function defaultBody(kind: MessageKind, words: Words): string {
  switch (kind) {
    case "backorder_confirmation": {
      const { intro, dated, undated, place, rest } = words.confirmation;
      const describe = `: {% if line.date %}${dated}{% else %}${undated}{% endif %}{% if line.place_in_line %} (${place}){% endif %}`;
      return [paragraph(words.greeting), paragraph(intro), itemList(describe), paragraph(rest), statusLink(words)].join("\n");
    }
    case "date_moved": {
      const { intro, consent, ifCancelled, ifListed, accept, cancel } = words.dateMoved;
      const ifNoAnswer = `{% if if_no_answer == "cancel" %}${ifCancelled}{% else %}${ifListed}{% endif %}`;
      return [
        paragraph(words.greeting),
        paragraph(intro),
        itemList(),
        `{% if consent_due_on %}${paragraph(`<strong>${consent}</strong> ${ifNoAnswer}`)}{% endif %}`,
        `{% if accept_url %}${paragraph(`<a href="{{ accept_url }}">${accept}</a>`)}{% endif %}`,
        `{% if cancel_url %}${paragraph(cancel)}{% endif %}`,
        statusLink(words),
      ].join("\n");
    }
    case "on_its_way":
      return [paragraph(words.greeting), paragraph(words.onItsWay.intro), itemList(), statusLink(words)].join("\n");
    case "cancelled": {
      const { intro, refundAmount, refund } = words.cancelled;
      return [
        paragraph(words.greeting),
        paragraph(intro),
        itemList(),
        `{% if refunded %}${paragraph(`{% if refund_amount %}${refundAmount}{% else %}${refund}{% endif %}`)}{% endif %}`,
      ].join("\n");
    }
  }
}

const SUBJECT_OF: Record<MessageKind, (words: Words) => string> = {
  backorder_confirmation: (words) => words.confirmation.subject,
  date_moved: (words) => words.dateMoved.subject,
  on_its_way: (words) => words.onItsWay.subject,
  cancelled: (words) => words.cancelled.subject,
};

/** The template a kind starts with, and returns to on "reset to default". */
export function defaultTemplate(kind: MessageKind, language: Language): MessageTemplate {
  const words = WORDS[language];
  return { subject: SUBJECT_OF[kind](words), body: defaultBody(kind, words) };
}

// The frame around every body, which a merchant does not edit: the shop's
// logo (or name) on top, and the unsubscribe link below, which every message
// must keep.
function layout(language: Language): string {
  const words = WORDS[language];
  return `<!DOCTYPE html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{ subject }}</title></head>
<body style="margin:0;padding:0;background:#f6f6f7">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#202223">
{% if shop.logo_url %}<p><img src="{{ shop.logo_url }}" alt="{{ shop.name }}" style="max-height:48px;max-width:200px"></p>{% else %}<p style="font-size:20px;font-weight:bold">{{ shop.name }}</p>{% endif %}
{{ content | raw }}
<hr style="border:none;border-top:1px solid #e1e3e5">
<p style="font-size:12px;color:#6d7175">${words.footer} <a href="{{ unsubscribe_url }}">${words.unsubscribe}</a></p>
</div>
</body>
</html>`;
}

// ---------------------------------------------------------------------------
// Rendering

export type RenderedMessage = { language: Language; subject: string; html: string; text: string };

export type RenderInput = {
  kind: MessageKind;
  /** The order's customer locale, such as "fr-CA"; null or unknown: English. */
  locale: string | null | undefined;
  context: TemplateContext;
  /** The merchant's version for the customer's language; the default without one. */
  template?: MessageTemplate;
};

/** A message ready to send: subject, HTML and the plain text derived from it. */
export function renderMessage({ kind, locale, context, template }: RenderInput): RenderedMessage {
  const language = languageFor(locale);
  const { subject: subjectSource, body } = template ?? defaultTemplate(kind, language);
  const options = { globals: { locale } };
  // One line, whatever the template's line breaks: it becomes a header.
  const subject = textEngine.parseAndRenderSync(subjectSource, context, options).replace(/\s+/g, " ").trim();
  const content = htmlEngine.parseAndRenderSync(body, context, options);
  const html = htmlEngine.parseAndRenderSync(layout(language), { ...context, subject, content }, options);
  return { language, subject, html, text: htmlToText(html) };
}

/** The live preview: a template rendered with the sample data, or the shop's own where given. */
export function previewMessage(kind: MessageKind, locale: string, template?: MessageTemplate, context: TemplateContext = SAMPLE_CONTEXT) {
  return renderMessage({ kind, locale, context, template });
}

// ---------------------------------------------------------------------------
// Checking a merchant's edit

export type TemplateProblem = {
  field: keyof MessageTemplate;
  /** Names the field, the place and the problem: "body: line 3, column 7: unknown variable "ordr"". */
  message: string;
  line: number | null;
  column: number | null;
};

/**
 * What is wrong with an edited template, if anything: bad syntax, an unknown
 * filter, or a variable the context does not have. Checked twice: statically,
 * so a variable in a branch the sample never takes is caught too, then by
 * rendering the sample data with strict variables, which catches a misspelt
 * property (`line.titel`) the static pass cannot know.
 */
export function validateTemplate(template: MessageTemplate): TemplateProblem[] {
  return (["subject", "body"] as const).flatMap((field) => problemsIn(field, template[field]));
}

function problemsIn(field: keyof MessageTemplate, source: string): TemplateProblem[] {
  const liquid = engineFor(field);
  let parsed: Template[];
  try {
    parsed = liquid.parse(source);
  } catch (error) {
    return [problem(field, error)];
  }
  const unknown = Object.entries(liquid.analyzeSync(parsed, { partials: false }).globals)
    .filter(([name]) => !KNOWN_VARIABLES.has(name))
    .map(([name, [first]]) => at(field, `unknown variable "${name}"`, first?.location.row ?? null, first?.location.col ?? null));
  if (unknown.length > 0) return unknown;
  try {
    liquid.renderSync(parsed, SAMPLE_CONTEXT, { strictVariables: true, globals: { locale: "en" } });
  } catch (error) {
    return [problem(field, error)];
  }
  return [];
}

function problem(field: keyof MessageTemplate, error: unknown): TemplateProblem {
  if (!(error instanceof LiquidError)) throw error;
  const [line, column] = error.token.getPosition();
  // liquidjs ends its messages with ", line:3, col:7"; the place is said once, first.
  const detail = error.message.replace(/, line:\d+, col:\d+$/, "").replace(/^undefined variable: (.*)$/, 'unknown variable "$1"');
  return at(field, detail, line, column);
}

const at = (field: keyof MessageTemplate, detail: string, line: number | null, column: number | null): TemplateProblem => ({
  field,
  message: line === null ? `${field}: ${detail}` : `${field}: line ${line}, column ${column}: ${detail}`,
  line,
  column,
});

// ---------------------------------------------------------------------------
// The plain-text part

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(tag);
const stripTags = (html: string) => html.replace(/<[^>]*>/g, "");

/**
 * The text a reader of the HTML sees, for the message's text/plain part:
 * paragraphs and list items on lines of their own, a link as its words
 * followed by its address, an image as its alt text.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<(head|style|script)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!DOCTYPE[^>]*>/gi, "")
    // As a browser does: line breaks in the source are spaces.
    .replace(/\s+/g, " ")
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_, attributes: string, inner: string) => {
      const match = attribute(attributes, "href");
      const href = match ? (match[1] ?? match[2]) : "";
      const words = stripTags(inner).trim();
      if (!href) return words;
      return words && decodeEntities(words) !== decodeEntities(href) ? `${words} (${href})` : href;
    })
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const match = attribute(tag, "alt");
      return match ? (match[1] ?? match[2]) : "";
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<hr\b[^>]*>/gi, "\n\n---\n\n")
    .replace(/<\/?(p|div|ul|ol|h[1-6]|table|tr|blockquote|body|html)\b[^>]*>/gi, "\n\n");
  return decodeEntities(stripTags(text))
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// The customer emails' templates: every kind in every language renders from
// its default, data is escaped, a merchant's broken edit is refused with its
// place, and the customer's locale picks the language.
import { describe, expect, it } from "vitest";
import {
  defaultTemplate,
  htmlToText,
  LANGUAGES,
  languageFor,
  MESSAGE_KINDS,
  renderMessage,
  SAMPLE_CONTEXT,
  validateTemplate,
  type TemplateContext,
} from "~/notifications/templates";

// A word each language's default confirmation is sure to contain, the
// sample's first date (2026-03-15) and its previous date (2026-03-01) as Intl
// writes them there, a consent's due date (2026-04-30), the words for each
// delay rule when the customer does not answer, and for a refund.
const EXPECTED = {
  en: {
    previous: "March 1, 2026",
    confirmation: "Thank you for your order #1042",
    date: "March 15, 2026",
    unsubscribe: "Unsubscribe from these emails",
    consentBy: "April 30, 2026",
    ifCancelled: "these items will be cancelled and refunded",
    ifListed: "we will review your order",
    refundAmount: "We refunded 36.00 EUR to your original payment method.",
    refundWord: "refund",
  },
  fr: {
    previous: "1 mars 2026",
    confirmation: "Merci pour votre commande #1042",
    date: "15 mars 2026",
    unsubscribe: "Se désabonner de ces e-mails",
    consentBy: "30 avril 2026",
    ifCancelled: "ces articles seront annulés et remboursés",
    ifListed: "nous examinerons votre commande",
    refundAmount: "Nous avons remboursé 36.00 EUR sur votre moyen de paiement d'origine.",
    refundWord: "rembours",
  },
  de: {
    previous: "1. März 2026",
    confirmation: "vielen Dank für Ihre Bestellung #1042",
    date: "15. März 2026",
    unsubscribe: "Diese E-Mails abbestellen",
    consentBy: "30. April 2026",
    ifCancelled: "werden diese Artikel storniert und erstattet",
    ifListed: "prüfen wir Ihre Bestellung",
    refundAmount: "Wir haben 36.00 EUR auf Ihre ursprüngliche Zahlungsmethode erstattet.",
    refundWord: "erstatt",
  },
  es: {
    previous: "1 de marzo de 2026",
    confirmation: "Gracias por tu pedido #1042",
    date: "15 de marzo de 2026",
    unsubscribe: "Darse de baja de estos correos",
    consentBy: "30 de abril de 2026",
    ifCancelled: "estos artículos se cancelarán",
    ifListed: "revisaremos tu pedido",
    refundAmount: "Te hemos reembolsado 36.00 EUR en tu método de pago original.",
    refundWord: "reembols",
  },
} as const;

describe("default templates", () => {
  for (const language of LANGUAGES) {
    for (const kind of MESSAGE_KINDS) {
      it(`renders ${kind} in ${language} with subject, HTML and text naming the order and its items`, () => {
        const message = renderMessage({ kind, locale: language, context: SAMPLE_CONTEXT });
        expect(message.language).toBe(language);
        expect(message.subject).toContain("#1042");
        expect(message.subject).not.toMatch(/[{}%]/);
        for (const part of [message.html, message.text]) {
          expect(part).toContain("Camille");
          expect(part).toContain("Stoneware mug, blue");
          expect(part).toContain("Linen tea towel");
          expect(part).toContain(EXPECTED[language].unsubscribe);
          expect(part).not.toMatch(/\{\{|\{%/);
        }
        expect(message.html).toContain(`<html lang="${language}">`);
        expect(message.html).toContain('<a href="https://maison-verte.example.com/apps/backorders/unsubscribe?token=sample">');
        expect(message.text).toContain("(https://maison-verte.example.com/apps/backorders/unsubscribe?token=sample)");
        expect(message.text).not.toMatch(/<[a-z/]/i);
      });
    }

    it(`confirms a backorder in ${language} with each line's date written for the locale, or none, and its place in line`, () => {
      const { text } = renderMessage({ kind: "backorder_confirmation", locale: language, context: SAMPLE_CONTEXT });
      expect(text).toContain(EXPECTED[language].confirmation);
      expect(text).toContain(EXPECTED[language].date);
      expect(text).toMatch(/\b3\b/);
      expect(text).toMatch(/\b12\b/);
      expect(text).toContain("(https://maison-verte.example.com/apps/backorders/status?token=sample)");
    });

    it(`offers in ${language} to accept a moved date or cancel, with both dates`, () => {
      const { html } = renderMessage({ kind: "date_moved", locale: language, context: SAMPLE_CONTEXT });
      expect(html).toContain('href="https://maison-verte.example.com/apps/backorders/accept?token=sample"');
      expect(html).toContain('href="https://maison-verte.example.com/apps/backorders/cancel?token=sample"');
      expect(html).toContain(EXPECTED[language].date);
      expect(html).toContain(EXPECTED[language].previous);
    });

    it(`asks in ${language} for an answer by the consent's date after a second delay, and says what happens without one`, () => {
      const asked = { ...SAMPLE_CONTEXT, consent_due_on: "2026-04-30" };
      const cancel = renderMessage({ kind: "date_moved", locale: language, context: { ...asked, if_no_answer: "cancel" } }).text;
      expect(cancel).toContain(EXPECTED[language].consentBy);
      expect(cancel).toContain(EXPECTED[language].ifCancelled);
      expect(cancel).not.toContain(EXPECTED[language].ifListed);
      const list = renderMessage({ kind: "date_moved", locale: language, context: { ...asked, if_no_answer: "list" } }).text;
      expect(list).toContain(EXPECTED[language].consentBy);
      expect(list).toContain(EXPECTED[language].ifListed);
      expect(list).not.toContain(EXPECTED[language].ifCancelled);
      const notAsked = renderMessage({ kind: "date_moved", locale: language, context: { ...asked, consent_due_on: null } }).text;
      expect(notAsked).not.toContain(EXPECTED[language].consentBy);
      expect(notAsked).not.toContain(EXPECTED[language].ifCancelled);
    });
  }

  for (const language of LANGUAGES) {
    it(`says in ${language} what was refunded with cancelled items, and no refund when there was none`, () => {
      const cancelled = (refund: Pick<TemplateContext, "refunded" | "refund_amount">) =>
        renderMessage({ kind: "cancelled", locale: language, context: { ...SAMPLE_CONTEXT, ...refund } }).text;
      expect(cancelled({ refunded: true, refund_amount: "36.00 EUR" })).toContain(EXPECTED[language].refundAmount);
      const inFull = cancelled({ refunded: true, refund_amount: null });
      expect(inFull).toContain(EXPECTED[language].refundWord);
      expect(inFull).not.toContain("EUR");
      expect(cancelled({ refunded: false, refund_amount: null }).toLowerCase()).not.toContain(EXPECTED[language].refundWord);
    });
  }

  it("leaves out the accept and cancel links when the message offers neither", () => {
    const context: TemplateContext = { ...SAMPLE_CONTEXT, accept_url: null, cancel_url: null };
    const { html } = renderMessage({ kind: "date_moved", locale: "en", context });
    expect(html).not.toContain("accept?token");
    expect(html).not.toContain("cancel?token");
  });

  it("shows the shop's logo, or its name when it has none", () => {
    const withLogo = renderMessage({ kind: "on_its_way", locale: "en", context: SAMPLE_CONTEXT });
    expect(withLogo.html).toContain('<img src="https://cdn.example.com/maison-verte/logo.png" alt="Maison Verte"');
    const without = renderMessage({
      kind: "on_its_way",
      locale: "en",
      context: { ...SAMPLE_CONTEXT, shop: { name: "Maison Verte", logo_url: null } },
    });
    expect(without.html).not.toContain("<img");
    expect(without.text.split("\n")[0]).toBe("Maison Verte");
  });
});

describe("escaping", () => {
  const hostile: TemplateContext = {
    ...SAMPLE_CONTEXT,
    customer: { first_name: "<i>Eve</i>" },
    lines: [{ title: 'Mugs & cups <script>alert("x")</script>', quantity: 1, date: null, place_in_line: 1 }],
  };

  it("writes a product title or a name with markup as text in the HTML part", () => {
    const { html } = renderMessage({ kind: "backorder_confirmation", locale: "en", context: hostile });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<i>Eve</i>");
    expect(html).toContain("Mugs &amp; cups &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;");
  });

  it("gives the text part and the subject the characters themselves", () => {
    const context = { ...hostile, order: { ...hostile.order, name: "#1042 & co" } };
    const message = renderMessage({ kind: "backorder_confirmation", locale: "en", context });
    expect(message.text).toContain('1 × Mugs & cups <script>alert("x")</script>');
    expect(message.subject).toBe("#1042 & co: some items are on backorder");
  });

  it("keeps a subject on one line whatever the template's line breaks", () => {
    const template = { subject: "{{ order.name }}\r\nBcc: someone@example.com", body: "<p>{{ order.name }}</p>" };
    const { subject } = renderMessage({ kind: "on_its_way", locale: "en", context: SAMPLE_CONTEXT, template });
    expect(subject).toBe("#1042 Bcc: someone@example.com");
  });
});

describe("a merchant's edited template", () => {
  it("is accepted when it uses only known variables and filters, even in branches the sample does not take", () => {
    expect(validateTemplate(defaultTemplate("date_moved", "fr"))).toEqual([]);
    expect(
      validateTemplate({
        subject: "Your order {{ order.name }}",
        body: "{% for line in lines %}{{ line.title | upcase }} {{ line.date | format_date }}{% endfor %}{% if false %}{{ unsubscribe_url }}{% endif %}",
      }),
    ).toEqual([]);
  });

  it("is refused for bad syntax, with the field, line and column", () => {
    const problems = validateTemplate({ subject: "Order {{ order.name }}", body: "<p>Hello</p>\n<p>{% if customer.first_name %}Hi</p>" });
    expect(problems).toEqual([
      {
        field: "body",
        line: 2,
        column: 4,
        message: expect.stringMatching(/^body: line 2, column 4: tag \{% if customer.first_name %\} not closed/),
      },
    ]);
  });

  it("is refused for an unclosed output in the subject, with its place", () => {
    const [problem] = validateTemplate({ subject: "Order\n  {{ order.name ", body: "<p>ok</p>" });
    expect(problem).toMatchObject({ field: "subject", line: 2, column: 3 });
    expect(problem.message).toMatch(/^subject: line 2, column 3: /);
  });

  it("is refused for an unknown variable, even in a branch the sample data does not reach", () => {
    const problems = validateTemplate({ subject: "{{ order.name }}", body: "<p>\n{% if false %}{{ ordr.name }}{% endif %}</p>" });
    expect(problems).toEqual([{ field: "body", line: 2, column: 18, message: 'body: line 2, column 18: unknown variable "ordr"' }]);
  });

  it("is refused for an unknown property, found by rendering the sample with strict variables", () => {
    const problems = validateTemplate({ subject: "{{ order.name }}", body: "{% for line in lines %}\n{{ line.titel }}{% endfor %}" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "body", line: 2, column: 4 });
    expect(problems[0].message).toContain('unknown variable "line.titel"');
  });

  it("is refused for an unknown filter", () => {
    const [problem] = validateTemplate({ subject: "{{ order.name | shout }}", body: "<p>ok</p>" });
    expect(problem).toMatchObject({ field: "subject", line: 1, column: 1 });
    expect(problem.message).toContain("undefined filter: shout");
  });

  it("cannot read a file on the server through include or render", () => {
    const [problem] = validateTemplate({ subject: "x", body: "{% render 'package.json' %}" });
    expect(problem.field).toBe("body");
    expect(() =>
      renderMessage({
        kind: "cancelled",
        locale: "en",
        context: SAMPLE_CONTEXT,
        template: { subject: "x", body: "{% include 'package.json' %}" },
      }),
    ).toThrow();
  });

  it("is rendered in place of the default when given", () => {
    const template = { subject: "Ready: {{ order.name }}", body: "<p>{{ lines.size }} items for {{ customer.first_name }}</p>" };
    const message = renderMessage({ kind: "on_its_way", locale: "de", context: SAMPLE_CONTEXT, template });
    expect(message.subject).toBe("Ready: #1042");
    expect(message.text).toContain("2 items for Camille");
    // The frame stays: its unsubscribe link is in the customer's language.
    expect(message.text).toContain("Diese E-Mails abbestellen");
  });
});

describe("the customer's language", () => {
  it("is the locale's language when it is one of the four, else English", () => {
    expect(languageFor("fr-CA")).toBe("fr");
    expect(languageFor("de_AT")).toBe("de");
    expect(languageFor("ES")).toBe("es");
    expect(languageFor("en-GB")).toBe("en");
    expect(languageFor("pt-BR")).toBe("en");
    expect(languageFor("")).toBe("en");
    expect(languageFor(null)).toBe("en");
    expect(languageFor(undefined)).toBe("en");
  });

  it("falls back to English for an unknown or malformed locale", () => {
    for (const locale of ["ja", "not a locale", "x-"]) {
      const message = renderMessage({ kind: "backorder_confirmation", locale, context: SAMPLE_CONTEXT });
      expect(message.language).toBe("en");
      expect(message.text).toContain(EXPECTED.en.confirmation);
      expect(message.text).toContain(EXPECTED.en.date);
    }
  });

  it("writes dates the way the customer's region does", () => {
    const gb = renderMessage({ kind: "backorder_confirmation", locale: "en-GB", context: SAMPLE_CONTEXT });
    expect(gb.text).toContain("15 March 2026");
    const canada = renderMessage({ kind: "backorder_confirmation", locale: "fr-CA", context: SAMPLE_CONTEXT });
    expect(canada.language).toBe("fr");
    expect(canada.text).toContain("15 mars 2026");
  });
});

describe("the plain-text part", () => {
  it("puts paragraphs and list items on their own lines, links after their words, and decodes entities", () => {
    expect(
      htmlToText(
        '<p>Hello &amp; welcome,\n  friend</p><ul><li>One</li><li>Two &#39;2&#39;</li></ul><p><a href="https://x.example/?a=1&amp;b=2">Open</a> <a href="https://y.example">https://y.example</a></p>',
      ),
    ).toBe("Hello & welcome, friend\n\n- One\n- Two '2'\n\nOpen (https://x.example/?a=1&b=2) https://y.example");
  });
});

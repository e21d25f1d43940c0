// The Notifications page's use cases on a real database (both providers): a
// shop's edits of its customer emails are stored alone, over the defaults,
// refused with the line and column when the Liquid is wrong, reset to the
// default; each kind of message is switched on and off per shop; every
// change is audited as the merchant's; shop/redact's table check covers both
// tables (tests/integration/compliance.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors } from "~/input";
import { notificationsPage } from "~/notifications/admin.server";
import { loadMessagesOn, setMessageOn } from "~/notifications/messages-on.server";
import { loadShopTemplates, previewTemplate, resetTemplate, saveTemplate, templateFor } from "~/notifications/shop-templates.server";
import { defaultTemplate, renderMessage, SAMPLE_CONTEXT, TEMPLATE_VARIABLES } from "~/notifications/templates";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();
const OTHER_SHOP = "templates-other.myshopify.com";

beforeAll(async () => {
  await fresh.db.shop.createMany({ data: [{ shop: TEST_SHOP, name: "Maison Verte" }, { shop: OTHER_SHOP }] });
});

const auditTypes = async (shop: string) =>
  (await fresh.db.auditEvent.findMany({ where: { shop }, orderBy: { id: "asc" } })).map((event) => ({
    type: event.type,
    data: JSON.parse(event.data),
    trigger: event.trigger && JSON.parse(event.trigger),
  }));

describe("a shop's templates", () => {
  it("are the defaults, in every kind and language, until the merchant edits one", async () => {
    const templates = await loadShopTemplates(fresh.db, TEST_SHOP);
    expect(templates.date_moved.de).toEqual({ ...defaultTemplate("date_moved", "de"), customized: false });
    expect(
      Object.values(templates)
        .flatMap((languages) => Object.values(languages))
        .every((t) => !t.customized),
    ).toBe(true);
    expect(await fresh.db.emailTemplate.count()).toBe(0);
  });

  it("store only the edit, which the shop's messages then use, in that language only and for that shop only", async () => {
    const body = "<p>Bonjour {{ customer.first_name }}, {{ lines.size }} article(s) de {{ order.name }} arrivent.</p>";
    const saved = await saveTemplate(fresh.db, TEST_SHOP, {
      kind: "backorder_confirmation",
      language: "fr",
      subject: "  {{ order.name }} : en route bientôt  ",
      body,
    });
    expect(saved).toEqual({ subject: "{{ order.name }} : en route bientôt", body, customized: true });
    expect(await fresh.db.emailTemplate.findMany({ select: { shop: true, kind: true, language: true } })).toEqual([
      { shop: TEST_SHOP, kind: "backorder_confirmation", language: "fr" },
    ]);

    const template = await templateFor(fresh.db, TEST_SHOP, "backorder_confirmation", "fr");
    const message = renderMessage({ kind: "backorder_confirmation", locale: "fr-CA", context: SAMPLE_CONTEXT, template });
    expect(message.subject).toBe("#1042 : en route bientôt");
    expect(message.text).toContain("Bonjour Camille, 2 article(s) de #1042 arrivent.");
    // The layout around the body stays: the unsubscribe link is in every message.
    expect(message.html).toContain(SAMPLE_CONTEXT.unsubscribe_url);

    expect(await templateFor(fresh.db, TEST_SHOP, "backorder_confirmation", "en")).toEqual(defaultTemplate("backorder_confirmation", "en"));
    expect(await templateFor(fresh.db, OTHER_SHOP, "backorder_confirmation", "fr")).toEqual(
      defaultTemplate("backorder_confirmation", "fr"),
    );
    expect((await loadShopTemplates(fresh.db, OTHER_SHOP)).backorder_confirmation.fr.customized).toBe(false);
  });

  it("refuse bad Liquid with the line and column at its field, and keep what was stored", async () => {
    const error = await saveTemplate(fresh.db, TEST_SHOP, {
      kind: "backorder_confirmation",
      language: "fr",
      subject: "{{ order.name }}",
      body: "<p>Bonjour</p>\n<p>{% if customer.first_name %}{{ customer.first_name }}</p>",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect(fieldErrors(error as z.ZodError)).toEqual({ body: expect.stringMatching(/^line 2, column 4: tag \{% if .* not closed/) });

    const misspelt = await saveTemplate(fresh.db, TEST_SHOP, {
      kind: "on_its_way",
      language: "en",
      subject: "Hello {{ ordr.name }}",
      body: "<p>Hi</p>",
    }).catch((e: unknown) => e);
    expect(fieldErrors(misspelt as z.ZodError)).toEqual({ subject: 'line 1, column 10: unknown variable "ordr"' });

    expect((await templateFor(fresh.db, TEST_SHOP, "backorder_confirmation", "fr")).subject).toBe("{{ order.name }} : en route bientôt");
    expect(await fresh.db.emailTemplate.count({ where: { kind: "on_its_way" } })).toBe(0);
  });

  it("refuse an empty subject or body, and a kind or language the app does not have", async () => {
    const empty = await saveTemplate(fresh.db, TEST_SHOP, { kind: "cancelled", language: "es", subject: " ", body: "" }).catch(
      (e: unknown) => e,
    );
    expect(fieldErrors(empty as z.ZodError)).toEqual({ subject: "is required", body: "is required" });
    const unknown = await saveTemplate(fresh.db, TEST_SHOP, {
      kind: "refund" as "cancelled",
      language: "it" as "es",
      subject: "x",
      body: "y",
    }).catch((e: unknown) => e);
    expect(Object.keys(fieldErrors(unknown as z.ZodError)).sort()).toEqual(["kind", "language"]);
  });

  it("are not stored when saved as the default, and go back to it on reset", async () => {
    await saveTemplate(fresh.db, TEST_SHOP, { kind: "on_its_way", language: "de", ...defaultTemplate("on_its_way", "de") });
    expect(await fresh.db.emailTemplate.count({ where: { kind: "on_its_way" } })).toBe(0);

    const reset = await resetTemplate(fresh.db, TEST_SHOP, { kind: "backorder_confirmation", language: "fr" });
    expect(reset).toEqual({ ...defaultTemplate("backorder_confirmation", "fr"), customized: false });
    expect(await fresh.db.emailTemplate.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await templateFor(fresh.db, TEST_SHOP, "backorder_confirmation", "fr")).toEqual(defaultTemplate("backorder_confirmation", "fr"));

    // Resetting what is already the default changes nothing and records nothing.
    const before = await fresh.db.auditEvent.count({ where: { shop: TEST_SHOP } });
    await resetTemplate(fresh.db, TEST_SHOP, { kind: "backorder_confirmation", language: "fr" });
    expect(await fresh.db.auditEvent.count({ where: { shop: TEST_SHOP } })).toBe(before);
  });

  it("are recorded in the shop's audit trail as the merchant's changes", async () => {
    const events = (await auditTypes(TEST_SHOP)).filter((event) => event.type.startsWith("email.template"));
    expect(events).toEqual([
      { type: "email.template_changed", data: { kind: "backorder_confirmation", language: "fr" }, trigger: { kind: "merchant" } },
      { type: "email.template_changed", data: { kind: "on_its_way", language: "de" }, trigger: { kind: "merchant" } },
      { type: "email.template_reset", data: { kind: "backorder_confirmation", language: "fr" }, trigger: { kind: "merchant" } },
    ]);
  });
});

describe("the live preview", () => {
  it("renders an edit with the sample order, storing nothing", () => {
    const preview = previewTemplate({
      kind: "date_moved",
      language: "es",
      subject: "{{ order.name }}: nueva fecha {{ new_date | format_date }}",
      body: "<p>{{ shop.name }}: {{ lines.first.title }}</p>",
    });
    expect(preview).toEqual({
      status: "rendered",
      subject: "#1042: nueva fecha 15 de marzo de 2026",
      html: expect.stringContaining("<p>Maison Verte: Stoneware mug, blue</p>"),
      text: expect.stringContaining("Maison Verte: Stoneware mug, blue"),
    });
  });

  it("says what is wrong, at its field, instead of a rendering", () => {
    expect(previewTemplate({ kind: "cancelled", language: "en", subject: "{{ order.name | shout }}", body: "<p>x</p>" })).toEqual({
      status: "invalid",
      errors: { subject: expect.stringMatching(/^line 1, column \d+: .*shout/) },
    });
  });
});

describe("which messages are on", () => {
  it("are all on for a shop that chose nothing", async () => {
    expect(await loadMessagesOn(fresh.db, TEST_SHOP)).toEqual({
      backorder_confirmation: true,
      date_moved: true,
      on_its_way: true,
      cancelled: true,
    });
    expect(await fresh.db.notificationSettings.count()).toBe(0);
  });

  it("are switched one kind at a time, per shop, and audited", async () => {
    await setMessageOn(fresh.db, TEST_SHOP, { kind: "on_its_way", on: false });
    await setMessageOn(fresh.db, TEST_SHOP, { kind: "cancelled", on: false });
    await setMessageOn(fresh.db, TEST_SHOP, { kind: "cancelled", on: true });
    expect(await loadMessagesOn(fresh.db, TEST_SHOP)).toEqual({
      backorder_confirmation: true,
      date_moved: true,
      on_its_way: false,
      cancelled: true,
    });
    expect(Object.values(await loadMessagesOn(fresh.db, OTHER_SHOP)).every(Boolean)).toBe(true);
    const switched = (await auditTypes(TEST_SHOP)).filter((event) => event.type === "email.message_switched");
    expect(switched.map((event) => event.data)).toEqual([
      { kind: "on_its_way", on: false },
      { kind: "cancelled", on: false },
      { kind: "cancelled", on: true },
    ]);
    expect(switched.every((event) => event.trigger?.kind === "merchant")).toBe(true);
  });

  it("refuse a kind the app does not have", async () => {
    const error = await setMessageOn(fresh.db, TEST_SHOP, { kind: "digest" as "cancelled", on: false }).catch((e: unknown) => e);
    expect(Object.keys(fieldErrors(error as z.ZodError))).toEqual(["kind"]);
  });
});

describe("the Notifications page", () => {
  it("shows the server in use without its password, the switches, the templates and the variables", async () => {
    const page = await notificationsPage({ db: fresh.db, fallback: null }, TEST_SHOP);
    expect(page.smtp).toBeNull();
    expect(page.appDefault).toBe(false);
    expect(page.messagesOn.on_its_way).toBe(false);
    expect(page.templates.cancelled.en.customized).toBe(false);
    expect(page.variables).toBe(TEMPLATE_VARIABLES);

    await fresh.db.smtpSettings.create({
      data: {
        shop: TEST_SHOP,
        host: "smtp.example.com",
        port: 587,
        secure: false,
        user: "u",
        password: "enc:v1:sealed",
        fromAddress: "a@b.co",
      },
    });
    const fallback = { host: "smtp.app.example", port: 587, secure: false, user: null, password: null, from: "app@example.com" };
    const withServer = await notificationsPage({ db: fresh.db, fallback }, TEST_SHOP);
    expect(withServer.appDefault).toBe(true);
    expect(withServer.smtp).toEqual({ host: "smtp.example.com", port: 587, secure: false, user: "u", from: "a@b.co", passwordSet: true });
    expect(JSON.stringify(withServer)).not.toContain("sealed");
  });
});

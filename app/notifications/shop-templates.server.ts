// The shop's own wording of its customer emails. Only what a merchant changed
// is stored (EmailTemplate, one row per kind and language); everything else
// is the default from templates.ts, so a better default reaches every shop
// that never edited it. An edit is checked with validateTemplate before it
// is stored, so the sender never meets a template that cannot render.
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import type { Db } from "~/db/client.server";
import { fieldErrors } from "~/input";
import {
  defaultTemplate,
  LANGUAGES,
  MESSAGE_KINDS,
  previewMessage,
  validateTemplate,
  type Language,
  type MessageKind,
  type MessageTemplate,
  type TemplateProblem,
} from "./templates";

export const messageKind = z.enum(MESSAGE_KINDS, { error: "must be one of the kinds of message" });
export const language = z.enum(LANGUAGES, { error: "must be en, fr, de or es" });

export const templateKey = z.object({ kind: messageKind, language });

export const templateInput = templateKey.extend({
  subject: z.string().trim().min(1, "is required").max(1_000, "must be at most 1000 characters"),
  // templates.ts refuses to parse more than 100,000 characters.
  body: z.string().trim().min(1, "is required").max(100_000, "must be at most 100000 characters"),
});

/** A row as stored: its kind and language checked, not cast. */
const storedTemplate = templateKey.extend({ subject: z.string(), body: z.string() });

/** One kind in one language as the editor shows it: the text in use, and whether it is the shop's own. */
export type EditableTemplate = MessageTemplate & { customized: boolean };

export type ShopTemplates = Record<MessageKind, Record<Language, EditableTemplate>>;

/** Every kind in every language, the shop's edits over the defaults. */
export async function loadShopTemplates(db: Db, shop: string): Promise<ShopTemplates> {
  const rows = await db.emailTemplate.findMany({ where: { shop }, select: { kind: true, language: true, subject: true, body: true } });
  const own = new Map(rows.map((row) => storedTemplate.parse(row)).map((row) => [`${row.kind}:${row.language}`, row]));
  const templates = {} as ShopTemplates;
  for (const kind of MESSAGE_KINDS) {
    templates[kind] = {} as Record<Language, EditableTemplate>;
    for (const lang of LANGUAGES) {
      const edited = own.get(`${kind}:${lang}`);
      templates[kind][lang] = edited
        ? { subject: edited.subject, body: edited.body, customized: true }
        : { ...defaultTemplate(kind, lang), customized: false };
    }
  }
  return templates;
}

/** The template a message of this kind to a customer of this language is rendered with. */
export async function templateFor(db: Db, shop: string, kind: MessageKind, lang: Language): Promise<MessageTemplate> {
  const row = await db.emailTemplate.findUnique({
    where: { shop_kind_language: { shop, kind, language: lang } },
    select: { subject: true, body: true },
  });
  return row ?? defaultTemplate(kind, lang);
}

/** The problems as a ZodError on their fields, each message placed first ("line 3, column 7: …") for showing at the field. */
function templateErrors(problems: TemplateProblem[], template: MessageTemplate): z.ZodError {
  return new z.ZodError(
    problems.map((problem) => ({
      code: "custom" as const,
      path: [problem.field],
      // validateTemplate's message starts with the field's name, which the page says beside the field already.
      message: problem.message.startsWith(`${problem.field}: `) ? problem.message.slice(problem.field.length + 2) : problem.message,
      input: template[problem.field],
    })),
  );
}

/**
 * Stores the shop's version of one kind in one language. Refused, as a
 * ZodError naming the field with the line and column, when the Liquid does
 * not parse or names a variable the message does not have. A version equal to
 * the default is not kept as an edit.
 */
export const saveTemplate = byMerchant(async (db: Db, shop: string, input: z.input<typeof templateInput>) => {
  const { kind, language: lang, subject, body } = templateInput.parse(input);
  const problems = validateTemplate({ subject, body });
  if (problems.length > 0) throw templateErrors(problems, { subject, body });
  const fallback = defaultTemplate(kind, lang);
  const where = { shop_kind_language: { shop, kind, language: lang } };
  if (fallback.subject === subject && fallback.body.trim() === body) {
    await db.emailTemplate.deleteMany({ where: { shop, kind, language: lang } });
  } else {
    await db.emailTemplate.upsert({ where, create: { shop, kind, language: lang, subject, body }, update: { subject, body } });
  }
  await recordAudit(db, shop, "email.template_changed", undefined, { kind, language: lang });
  return loadShopTemplates(db, shop).then((all) => all[kind][lang]);
});

/** Puts one kind in one language back to the default. */
export const resetTemplate = byMerchant(async (db: Db, shop: string, input: z.input<typeof templateKey>) => {
  const { kind, language: lang } = templateKey.parse(input);
  const { count } = await db.emailTemplate.deleteMany({ where: { shop, kind, language: lang } });
  if (count > 0) await recordAudit(db, shop, "email.template_reset", undefined, { kind, language: lang });
  return { ...defaultTemplate(kind, lang), customized: false };
});

export type TemplatePreview =
  { status: "rendered"; subject: string; html: string; text: string } | { status: "invalid"; errors: Record<string, string> };

/**
 * An edit rendered with the sample data, as the customer would get it, or
 * what is wrong with it, at its field. Stores nothing. Rendered on the
 * server with the sender's own code, so the preview cannot differ from what
 * is sent, and the browser needs no Liquid engine.
 */
export function previewTemplate(input: z.input<typeof templateInput>): TemplatePreview {
  const parsed = templateInput.safeParse(input);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const { kind, language: lang, subject, body } = parsed.data;
  const problems = validateTemplate({ subject, body });
  if (problems.length > 0) return { status: "invalid", errors: fieldErrors(templateErrors(problems, { subject, body })) };
  const message = previewMessage(kind, lang, { subject, body });
  return { status: "rendered", subject: message.subject, html: message.html, text: message.text };
}

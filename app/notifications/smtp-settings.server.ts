// A shop's own SMTP server for its customer emails: saved with the password
// sealed (the token cipher, ENCRYPTION_KEY), read back without it, and tried
// with a test message. Shops that enter none send through the app's default.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import type { Db } from "~/db/client.server";
import { optionalText } from "~/input";
import type { TokenCipher } from "~/shopify/token-cipher.server";
import { sendMessage, type SmtpSettings } from "./mailer.server";
import { previewMessage, SAMPLE_CONTEXT } from "./templates";

/** Where the settings live, how the password is sealed, and the app's default server (null: none). */
export type SmtpContext = { db: Db; cipher: TokenCipher; fallback: SmtpSettings | null };

// A host name or an IP address: letters, digits, dots, hyphens, and the colons of IPv6.
const HOST = /^[a-z0-9]([a-z0-9.:-]*[a-z0-9])?$/i;

export const smtpSettingsInput = z.object({
  host: z
    .string()
    .trim()
    .min(1, "is required")
    .max(255, "must be at most 255 characters")
    .regex(HOST, "must be a host name, such as smtp.example.com"),
  port: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535"),
  secure: z.boolean(),
  user: optionalText(255),
  // Absent or blank keeps the stored password (the form never shows it); null removes it.
  password: z
    .string()
    .max(1024, "must be at most 1024 characters")
    .transform((value) => value || undefined)
    .nullish(),
  from: z.email("must be an email address, such as orders@example.com").max(255, "must be at most 255 characters"),
});

/** What the admin shows: everything but the password, of which only whether one is stored. */
export type SmtpSettingsView = Omit<SmtpSettings, "password"> & { passwordSet: boolean };

// The sealed password is bound to its shop: copied to another shop's row, it does not open.
const sealContext = (shop: string) => `smtp:${shop}`;

const fieldError = (field: string, message: string, input: unknown) => new z.ZodError([{ code: "custom", path: [field], message, input }]);

/**
 * Saves the shop's SMTP server. Invalid input is a ZodError naming the field
 * (`fieldErrors` in app/input.ts puts each message beside its field).
 */
export const saveSmtpSettings = byMerchant(changeSmtpSettings);
async function changeSmtpSettings(context: Pick<SmtpContext, "db" | "cipher">, shop: string, input: z.input<typeof smtpSettingsInput>) {
  const { db, cipher } = context;
  const { password, ...settings } = smtpSettingsInput.parse(input);
  if (password && cipher.keyIds.length === 0) {
    // Without a key the cipher stores values as they are; a password is never stored in clear.
    throw fieldError("password", "cannot be stored: the app has no ENCRYPTION_KEY to encrypt it with", undefined);
  }
  const stored = await db.smtpSettings.findUnique({ where: { shop }, select: { password: true } });
  const sealed = password === null ? null : password ? cipher.seal(password, sealContext(shop)) : (stored?.password ?? null);
  if (settings.user && !sealed) throw fieldError("password", "is required with a user name", undefined);
  if (!settings.user && sealed) throw fieldError("user", "is required with a password", settings.user);
  const row = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    user: settings.user ?? null,
    password: sealed,
    fromAddress: settings.from,
  };
  await db.smtpSettings.upsert({ where: { shop }, create: { shop, ...row }, update: row });
  await recordAudit(db, shop, "email.smtp_changed", undefined, {
    host: row.host,
    port: row.port,
    secure: row.secure,
    user: row.user,
    from: row.fromAddress,
    passwordChanged: password !== undefined,
  });
  return loadSmtpSettings(db, shop);
}

/** The shop's own SMTP settings for the admin, without the password; null when it has none. */
export async function loadSmtpSettings(db: Db, shop: string): Promise<SmtpSettingsView | null> {
  const row = await db.smtpSettings.findUnique({ where: { shop } });
  if (!row) return null;
  return { host: row.host, port: row.port, secure: row.secure, user: row.user, from: row.fromAddress, passwordSet: row.password !== null };
}

/** Removes the shop's own server: it sends through the app's default again. */
export const deleteSmtpSettings = byMerchant(async ({ db }: Pick<SmtpContext, "db">, shop: string) => {
  const { count } = await db.smtpSettings.deleteMany({ where: { shop } });
  if (count > 0) await recordAudit(db, shop, "email.smtp_removed");
});

export type ResolvedSmtp = { settings: SmtpSettings; via: "shop" | "app" };

/** The server the shop's emails go through: its own, else the app's default; null when neither exists. */
export async function smtpSettingsFor({ db, cipher, fallback }: SmtpContext, shop: string): Promise<ResolvedSmtp | null> {
  const row = await db.smtpSettings.findUnique({ where: { shop } });
  if (row) {
    const password = row.password === null ? null : cipher.open(row.password, sealContext(shop));
    return {
      via: "shop",
      settings: { host: row.host, port: row.port, secure: row.secure, user: row.user, password, from: row.fromAddress },
    };
  }
  return fallback ? { via: "app", settings: fallback } : null;
}

export type TestEmailResult = { status: "sent"; via: "shop" | "app"; to: string; messageId: string } | { status: "failed"; error: string };

/**
 * Sends the sample backorder confirmation to `to` through the shop's server
 * (or the app's default), and says in words what happened; never throws, so
 * the admin can show the answer as it is.
 */
export async function sendTestEmail(context: SmtpContext, shop: string, to: string): Promise<TestEmailResult> {
  const address = z.email().safeParse(to.trim());
  if (!address.success) return { status: "failed", error: "to: must be an email address" };
  let resolved: ResolvedSmtp | null;
  try {
    resolved = await smtpSettingsFor(context, shop);
  } catch (error) {
    // A password sealed under a key the app no longer has.
    return { status: "failed", error: `The stored SMTP password cannot be read: ${(error as Error).message}` };
  }
  if (!resolved) return { status: "failed", error: "No SMTP server is set up: enter your own, or ask for the app's default." };
  const shopRow = await context.db.shop.findUnique({ where: { shop }, select: { name: true } });
  const shopName = shopRow?.name ?? shop;
  const message = previewMessage("backorder_confirmation", "en", undefined, {
    ...SAMPLE_CONTEXT,
    shop: { name: shopName, logo_url: null },
  });
  const result = await sendMessage(resolved.settings, {
    to: address.data,
    subject: `Test email: ${message.subject}`,
    html: message.html,
    text: message.text,
    shopName,
    unsubscribeUrl: SAMPLE_CONTEXT.unsubscribe_url,
    // Every test is a message of its own.
    idempotencyKey: `test:${shop}:${randomUUID()}`,
  });
  return result.status === "sent"
    ? { status: "sent", via: resolved.via, to: address.data, messageId: result.messageId }
    : { status: "failed", error: result.error };
}

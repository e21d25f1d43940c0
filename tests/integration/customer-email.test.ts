// Customer emails over a real SMTP server (smtp-server), read back as a mail
// client would (mailparser): the shop's SMTP settings are stored with the
// password sealed, a test email and a rendered message arrive with both
// parts and the right headers, and each way a send can fail is told apart.
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors } from "~/input";
import { sendMessage, type SmtpSettings } from "~/notifications/mailer.server";
import {
  deleteSmtpSettings,
  loadSmtpSettings,
  saveSmtpSettings,
  sendTestEmail,
  smtpSettingsFor,
  type SmtpContext,
} from "~/notifications/smtp-settings.server";
import { renderMessage, SAMPLE_CONTEXT } from "~/notifications/templates";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";
import { closedPort, PASSWORD, startSmtpServer, USER } from "../support/smtp-server";

const database = useFreshDatabase();
const cipher = tokenCipher(Buffer.alloc(32, 7));
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let context: SmtpContext;

const settingsOn = (port: number, password = PASSWORD): SmtpSettings => ({
  host: "127.0.0.1",
  port,
  secure: false,
  user: USER,
  password,
  from: "orders@maison-verte.example",
});

const shopSettings = (port: number) => ({
  host: "127.0.0.1",
  port,
  secure: false,
  user: USER,
  password: PASSWORD,
  from: "orders@maison-verte.example",
});

async function parsed(index: number): Promise<ParsedMail> {
  return simpleParser(smtp.received[index].raw);
}

/** A header as it was sent (mailparser folds the List-* headers into one object). */
function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line
    ?.slice(line.indexOf(":") + 1)
    .replace(/\s+/g, " ")
    .trim();
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  context = { db: database.db, cipher, fallback: null };
  await database.db.shop.create({ data: { shop: TEST_SHOP, name: "Maison Verte" } });
});

afterAll(() => smtp?.close());

describe("a shop's SMTP settings", () => {
  it("are stored with the password encrypted, and read back without it", async () => {
    const view = await saveSmtpSettings(context, TEST_SHOP, shopSettings(smtp.port));
    expect(view).toEqual({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: USER,
      from: "orders@maison-verte.example",
      passwordSet: true,
    });
    expect(view).not.toHaveProperty("password");

    const row = await database.db.smtpSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    expect(row.password).not.toBeNull();
    expect(row.password).not.toContain(PASSWORD);
    expect(row.password!.startsWith("enc:v1:")).toBe(true);
    const audit = await database.db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, type: "email.smtp_changed" } });
    expect(audit.data).not.toContain(PASSWORD);
    expect(await loadSmtpSettings(database.db, TEST_SHOP)).toEqual(view);
  });

  it("keep the stored password when saved without one, and open it only for their own shop", async () => {
    await saveSmtpSettings(context, TEST_SHOP, { ...shopSettings(smtp.port), password: "", secure: false });
    expect((await smtpSettingsFor(context, TEST_SHOP))?.settings.password).toBe(PASSWORD);

    const row = await database.db.smtpSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
    await database.db.smtpSettings.create({ data: { ...row, shop: "copied.myshopify.com" } });
    const result = await sendTestEmail(context, "copied.myshopify.com", "camille@example.com");
    expect(result).toEqual({ status: "failed", error: expect.stringContaining("The stored SMTP password cannot be read") });
    await database.db.smtpSettings.delete({ where: { shop: "copied.myshopify.com" } });
  });

  it("are refused with an error naming each wrong field", async () => {
    const error = await saveSmtpSettings(context, TEST_SHOP, {
      host: "smtp example",
      port: 70000,
      secure: true,
      from: "not-an-address",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect(fieldErrors(error as z.ZodError)).toEqual({
      host: "must be a host name, such as smtp.example.com",
      port: "must be between 1 and 65535",
      from: "must be an email address, such as orders@example.com",
    });
    await expect(saveSmtpSettings(context, TEST_SHOP, { ...shopSettings(smtp.port), port: 0 })).rejects.toThrow(/between 1 and 65535/);
  });

  it("refuse a user name without a password, and a password when there is no key to encrypt it", async () => {
    const other = "no-password.myshopify.com";
    const noPassword = await saveSmtpSettings(context, other, { ...shopSettings(smtp.port), password: undefined }).catch((e: unknown) => e);
    expect(fieldErrors(noPassword as z.ZodError)).toEqual({ password: "is required with a user name" });

    const withoutKey = { ...context, cipher: tokenCipher(undefined) };
    const clear = await saveSmtpSettings(withoutKey, other, shopSettings(smtp.port)).catch((e: unknown) => e);
    expect(fieldErrors(clear as z.ZodError)).toEqual({ password: "cannot be stored: the app has no ENCRYPTION_KEY to encrypt it with" });
    expect(await database.db.smtpSettings.findUnique({ where: { shop: other } })).toBeNull();
  });
});

describe("the test email", () => {
  it("arrives through the shop's server, logged in, with both parts, its name as sender and an unsubscribe link", async () => {
    const before = smtp.received.length;
    const result = await sendTestEmail(context, TEST_SHOP, "camille@example.com");
    expect(result).toEqual({
      status: "sent",
      via: "shop",
      to: "camille@example.com",
      messageId: expect.stringMatching(/^<[0-9a-f]{40}@maison-verte\.example>$/),
    });
    expect(smtp.received).toHaveLength(before + 1);
    expect(smtp.received[before].user).toBe(USER);
    expect(smtp.received[before].envelope).toEqual({ from: "orders@maison-verte.example", to: ["camille@example.com"] });

    const mail = await parsed(before);
    expect(mail.subject).toBe("Test email: #1042: some items are on backorder");
    expect(mail.from?.value).toEqual([{ name: "Maison Verte", address: "orders@maison-verte.example" }]);
    expect(mail.messageId).toBe(result.status === "sent" ? result.messageId : "");
    expect(mail.html).toContain("Thank you for your order #1042");
    expect(mail.text).toContain("Thank you for your order #1042");
    expect(mail.text).not.toContain("<p>");
    expect(header(mail, "list-unsubscribe")).toBe("<https://maison-verte.example.com/apps/backorders/unsubscribe?token=sample>");
    expect(header(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("goes through the app's default server when the shop has none", async () => {
    const before = smtp.received.length;
    const withDefault = { ...context, fallback: settingsOn(smtp.port) };
    expect(await sendTestEmail(withDefault, "no-settings.myshopify.com", "camille@example.com")).toMatchObject({
      status: "sent",
      via: "app",
    });
    expect(smtp.received).toHaveLength(before + 1);
    expect(await sendTestEmail(context, "no-settings.myshopify.com", "camille@example.com")).toEqual({
      status: "failed",
      error: "No SMTP server is set up: enter your own, or ask for the app's default.",
    });
  });

  it("goes through the app's default again once the shop removes its own server", async () => {
    const shop = "removed.myshopify.com";
    await saveSmtpSettings(context, shop, { ...shopSettings(smtp.port), password: "not-it" });
    await deleteSmtpSettings(context, shop);
    expect(await loadSmtpSettings(database.db, shop)).toBeNull();
    expect(await sendTestEmail({ ...context, fallback: settingsOn(smtp.port) }, shop, "camille@example.com")).toMatchObject({
      status: "sent",
      via: "app",
    });
  });

  it("says the address is wrong without sending", async () => {
    const before = smtp.received.length;
    expect(await sendTestEmail(context, TEST_SHOP, "camille")).toEqual({ status: "failed", error: "to: must be an email address" });
    expect(smtp.received).toHaveLength(before);
  });

  it("says the server refused the password", async () => {
    await saveSmtpSettings(context, "wrong-password.myshopify.com", { ...shopSettings(smtp.port), password: "not-it" });
    const result = await sendTestEmail(context, "wrong-password.myshopify.com", "camille@example.com");
    expect(result).toEqual({
      status: "failed",
      error: expect.stringMatching(/refused the user name or password: 535 Invalid username or password/),
    });
  });

  it("says the server refused the message (550)", async () => {
    const refusing = await startSmtpServer({ refuseWith: 550 });
    try {
      const result = await sendTestEmail(
        { ...context, fallback: settingsOn(refusing.port) },
        "no-settings.myshopify.com",
        "camille@example.com",
      );
      expect(result).toEqual({ status: "failed", error: expect.stringMatching(/refused the message: 550 Mailbox unavailable/) });
      expect(refusing.received).toHaveLength(0);
    } finally {
      await refusing.close();
    }
  });

  it("says the server cannot be reached when it is down", async () => {
    const port = await closedPort();
    const result = await sendTestEmail({ ...context, fallback: settingsOn(port) }, "no-settings.myshopify.com", "camille@example.com");
    expect(result).toEqual({
      status: "failed",
      error: `Could not reach the SMTP server 127.0.0.1:${port}: the connection was refused (is the host and port right, and the server running?)`,
    });
  });
});

describe("sending a customer message", () => {
  const message = (idempotencyKey: string) => {
    const rendered = renderMessage({ kind: "date_moved", locale: "fr-CA", context: SAMPLE_CONTEXT });
    return {
      to: "camille@example.com",
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      shopName: "Maison Verte",
      unsubscribeUrl: SAMPLE_CONTEXT.unsubscribe_url,
      idempotencyKey,
    };
  };

  it("delivers the rendered message with both parts, and the same Message-ID when it is sent again", async () => {
    const before = smtp.received.length;
    const first = await sendMessage(settingsOn(smtp.port), message("outbox:42"));
    const retried = await sendMessage(settingsOn(smtp.port), message("outbox:42"));
    const other = await sendMessage(settingsOn(smtp.port), message("outbox:43"));
    expect(first.status).toBe("sent");
    expect(retried).toMatchObject({ status: "sent", messageId: first.status === "sent" ? first.messageId : "" });
    expect(other.status === "sent" && other.messageId).not.toBe(first.status === "sent" && first.messageId);

    const [a, b] = [await parsed(before), await parsed(before + 1)];
    expect(a.messageId).toBe(b.messageId);
    expect(a.subject).toBe("#1042 : nouvelle date pour vos articles en attente");
    expect(a.from?.value[0].name).toBe("Maison Verte");
    expect(a.html).toContain('href="https://maison-verte.example.com/apps/backorders/accept?token=sample"');
    expect(a.html).toContain("15 mars 2026");
    expect(a.text).toContain("annuler ces articles (https://maison-verte.example.com/apps/backorders/cancel?token=sample)");
    expect(a.text).toContain("1 mars 2026");
    expect(header(a, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("marks a 5xx refusal and a wrong password permanent, so a job does not retry them", async () => {
    const refusing = await startSmtpServer({ refuseWith: 550 });
    try {
      expect(await sendMessage(settingsOn(refusing.port), message("outbox:44"))).toMatchObject({ status: "failed", permanent: true });
    } finally {
      await refusing.close();
    }
    expect(await sendMessage(settingsOn(smtp.port, "not-it"), message("outbox:45"))).toMatchObject({ status: "failed", permanent: true });
  });

  it("marks a 4xx reply and a server that is down transient, so a job retries them", async () => {
    const busy = await startSmtpServer({ refuseWith: 451 });
    try {
      expect(await sendMessage(settingsOn(busy.port), message("outbox:46"))).toMatchObject({
        status: "failed",
        permanent: false,
        error: expect.stringContaining("could not take the message now: 451"),
      });
    } finally {
      await busy.close();
    }
    expect(await sendMessage(settingsOn(await closedPort()), message("outbox:47"))).toMatchObject({ status: "failed", permanent: false });
  });
});

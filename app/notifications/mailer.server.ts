// Customer emails over SMTP (nodemailer): the shop's own server or the app's
// default from the environment. A send never throws: it says whether the
// message went, and if not, whether trying again can help, so the sending job
// retries only what is worth retrying.
import { createHash } from "node:crypto";
import nodemailer, { type NodemailerError, type SendMailOptions } from "nodemailer";
import type { Config } from "~/config.server";

export type SmtpSettings = {
  host: string;
  port: number;
  /** true: TLS from the first byte (465); false: STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  /** The sender's address; the shop's name is its display name. */
  from: string;
};

/** The app-wide default (SMTP_* variables), or null when none is configured. */
export function appSmtpSettings(
  config: Pick<Config, "SMTP_HOST" | "SMTP_PORT" | "SMTP_SECURE" | "SMTP_USER" | "SMTP_PASSWORD" | "SMTP_FROM">,
): SmtpSettings | null {
  if (!config.SMTP_HOST || !config.SMTP_FROM) return null;
  return {
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    user: config.SMTP_USER ?? null,
    password: config.SMTP_PASSWORD ?? null,
    from: config.SMTP_FROM,
  };
}

// nodemailer waits minutes by default; a job, or a merchant pressing "send a
// test email", should hear sooner that a server does not answer.
const CONNECTION_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** A transport for one send: connections are opened per message, so settings changed in the admin apply at once. */
export function smtpTransport(settings: SmtpSettings) {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
}

export type OutgoingMessage = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The From display name. */
  shopName: string;
  replyTo?: string;
  /** The customer's one-click unsubscribe link (RFC 8058). */
  unsubscribeUrl: string;
  /**
   * What makes this message itself, such as the outbox row's key: the same
   * key gives the same Message-ID, so a send retried after a lost reply is
   * recognisable as one message by the receiving servers and in the logs.
   */
  idempotencyKey: string;
};

/** `<hash@domain>`: the key's SHA-256 (the key may name a shop and an order), at the sender's domain. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = from.split("@").pop() || "localhost";
  return `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40)}@${domain}>`;
}

/** The message as nodemailer sends it. */
export function composeMessage(settings: SmtpSettings, message: OutgoingMessage): SendMailOptions {
  return {
    from: { name: message.shopName, address: settings.from },
    to: message.to,
    replyTo: message.replyTo,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: messageIdFor(message.idempotencyKey, settings.from),
    // The link alone, no comment: one-click unsubscribe wants exactly one HTTPS URI there.
    list: { unsubscribe: message.unsubscribeUrl },
    // Mail clients' unsubscribe button posts to the link without opening it (RFC 8058).
    headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

export type SendResult =
  | { status: "sent"; messageId: string; response: string }
  | {
      status: "failed";
      /** True when the same message would be refused again: do not retry. */
      permanent: boolean;
      /** What went wrong, in words a merchant can act on. */
      error: string;
    };

/** Sends one message; never throws. */
export async function sendMessage(settings: SmtpSettings, message: OutgoingMessage): Promise<SendResult> {
  const transport = smtpTransport(settings);
  try {
    const info = await transport.sendMail(composeMessage(settings, message));
    return { status: "sent", messageId: info.messageId, response: info.response };
  } catch (error) {
    return { status: "failed", ...classifySmtpError(error, settings) };
  } finally {
    transport.close();
  }
}

// Errors of the connection rather than of the message: the server was down,
// unreachable or slow, which the next attempt may not meet.
const CONNECTION_CODES = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "EDNS", "EPROXY"]);

/**
 * Permanent: a 5xx reply (the server refuses this message or recipient and
 * will again), refused or missing credentials, or settings nodemailer cannot
 * use. Transient: a 4xx reply (greylisting, a full mailbox, too many
 * connections) and connection failures. Anything unknown is transient: the
 * job's limited retries end it anyway.
 */
export function classifySmtpError(error: unknown, settings: Pick<SmtpSettings, "host" | "port">): { permanent: boolean; error: string } {
  const { code, responseCode, response, message, permanent } = error as NodemailerError;
  const server = `${settings.host}:${settings.port}`;
  const reply = (response ?? message).trim();
  if (code === "EAUTH" || code === "ENOAUTH") {
    // 454 is a temporary authentication failure; every other refusal stands until the settings change.
    const temporary = responseCode !== undefined && responseCode >= 400 && responseCode < 500;
    return { permanent: !temporary, error: `The SMTP server ${server} refused the user name or password: ${reply}` };
  }
  if (responseCode !== undefined) {
    const refused = permanent ?? (responseCode >= 500 && responseCode !== 503);
    return {
      permanent: refused,
      error: refused
        ? `The SMTP server ${server} refused the message: ${reply}`
        : `The SMTP server ${server} could not take the message now: ${reply}`,
    };
  }
  if (code && CONNECTION_CODES.has(code)) {
    return { permanent: false, error: `Could not reach the SMTP server ${server}: ${connectionProblem(error as NodemailerError)}` };
  }
  if (code === "ETLS" || code === "ECONFIG" || code === "EENVELOPE" || code === "EMESSAGE") {
    return { permanent: true, error: `The SMTP settings for ${server} do not work: ${message}` };
  }
  return { permanent: false, error: `Sending through the SMTP server ${server} failed: ${message}` };
}

function connectionProblem(error: NodemailerError): string {
  const original = error.originalCode ?? error.code;
  if (original === "ECONNREFUSED") return "the connection was refused (is the host and port right, and the server running?)";
  if (original === "ENOTFOUND" || error.code === "EDNS") return "no such host";
  if (error.code === "ETIMEDOUT") return "it did not answer in time";
  return error.message;
}

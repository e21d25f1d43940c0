// The process's one logger: JSON lines on stdout, one object per line, for a
// log collector to index. Each line carries what is known of the work running
// now (shop, webhook topic and id, job name and id), set by the webhook intake,
// the job runner and the webhook job with `withLogContext`, so code further
// down logs without passing them along.
//
// Never log personal data: no customer names, emails, addresses or order
// payloads, and no tokens or passwords. Log ids and counts; the keys below are
// censored anyway (at the top level and one level down), and email
// addresses are cut out of error messages (an SMTP server's refusal names the
// recipient).
import { AsyncLocalStorage } from "node:async_hooks";
import { pino, stdTimeFunctions } from "pino";
import { z } from "zod";

export type LogContext = {
  shop?: string;
  topic?: string;
  webhookId?: string;
  job?: string;
  jobId?: number;
};

export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

const context = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields added to every line it logs (on top of the ones already set). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/**
 * Adds fields to the context of the work running now, for the rest of it:
 * the webhook job names its delivery, and the runner's line at the job's end
 * says so too. Outside any context it does nothing.
 */
export function addLogContext(fields: LogContext) {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;

const scrub = (text: string) => text.replace(EMAIL, "[email]");

/**
 * An error as its name, message (without email addresses), the stack's
 * frames, and its cause. Of a Prisma error only the last line: the lines
 * before it can print the call's arguments, a webhook's body among them.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? scrub(error) : error;
  const { name: type, message, stack = "" } = error;
  const { code } = error as { code?: unknown };
  const lines = message.split("\n").filter((line) => line.trim() !== "");
  return {
    type,
    message: scrub(type.startsWith("PrismaClient") ? (lines.at(-1) ?? "") : message),
    stack: stack
      .split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .join("\n"),
    ...(code === undefined ? {} : { code }),
    ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
  };
}

const PERSONAL_KEYS = ["email", "name", "customer", "address", "body", "payload"];
// A session's tokens (as the app and Shopify's library name them, and as
// Shopify's token endpoint answers them) and the SMTP password.
const SECRET_KEYS = ["accessToken", "refreshToken", "access_token", "refresh_token", "password"];

// config.server.ts validates LOG_LEVEL at boot and names it when wrong; the
// logger is made before that, and by code that reads no other configuration.
const level = logLevelSchema.safeParse(process.env.LOG_LEVEL);

export const log = pino({
  level: level.success ? level.data : "info",
  base: { pid: process.pid },
  timestamp: stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  mixin: () => context.getStore() ?? {},
  serializers: { err: serializeError },
  redact: {
    paths: [...PERSONAL_KEYS, ...SECRET_KEYS].flatMap((key) => [key, `*.${key}`]),
    censor: "[redacted]",
  },
});

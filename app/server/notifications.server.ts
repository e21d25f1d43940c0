// The customer emails' dependencies, built once: the database, the cipher
// that seals a shop's SMTP password (the one that seals the offline tokens,
// so one ENCRYPTION_KEY and one rotation cover both), and the app-wide
// default server from the SMTP_* variables. Routes and, later, the sending
// job take it from here, so notifications/ never reads the configuration.
import { config } from "~/config.server";
import { db } from "~/db.server";
import { appSmtpSettings } from "~/notifications/mailer.server";
import type { SmtpContext } from "~/notifications/smtp-settings.server";
import { tokens } from "~/shopify.server";

export const notifications: SmtpContext = { db, cipher: tokens, fallback: appSmtpSettings(config) };

// The customer emails' dependencies, built once: the database, the cipher
// that seals a shop's SMTP password (the one that seals the offline tokens,
// so one ENCRYPTION_KEY and one rotation cover both), the app-wide default
// server from the SMTP_* variables, and the key that signs the links in
// emails (derived from the app's secret, which Shopify's app proxy
// signatures use too). Routes and the sending job take it from here, so
// notifications/ never reads the configuration.
import { config } from "~/config.server";
import { db } from "~/db.server";
import { linkKeyFor } from "~/notifications/links";
import { appSmtpSettings } from "~/notifications/mailer.server";
import type { NotificationContext } from "~/notifications/send.server";
import { tokens } from "~/shopify.server";

export const notifications: NotificationContext = {
  db,
  cipher: tokens,
  fallback: appSmtpSettings(config),
  linkKey: linkKeyFor(config.SHOPIFY_API_SECRET),
};

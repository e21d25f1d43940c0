// What the admin's Notifications page shows: the shop's email server (never
// its password) and whether the app's default stands in for it, which
// messages are on, and every template with the variables it may use.
import { loadMessagesOn, type MessagesOn } from "./messages-on.server";
import { loadShopTemplates, type ShopTemplates } from "./shop-templates.server";
import { loadSmtpSettings, type SmtpContext, type SmtpSettingsView } from "./smtp-settings.server";
import { TEMPLATE_VARIABLES } from "./templates";

export type NotificationsPage = {
  /** The shop's own server; null: it sends through the app's default, if any. */
  smtp: SmtpSettingsView | null;
  /** Whether the app has a default server (SMTP_* variables). */
  appDefault: boolean;
  messagesOn: MessagesOn;
  templates: ShopTemplates;
  variables: typeof TEMPLATE_VARIABLES;
};

export async function notificationsPage({ db, fallback }: Pick<SmtpContext, "db" | "fallback">, shop: string): Promise<NotificationsPage> {
  const [smtp, messagesOn, templates] = await Promise.all([
    loadSmtpSettings(db, shop),
    loadMessagesOn(db, shop),
    loadShopTemplates(db, shop),
  ]);
  return { smtp, appDefault: fallback !== null, messagesOn, templates, variables: TEMPLATE_VARIABLES };
}

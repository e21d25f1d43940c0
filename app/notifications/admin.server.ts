// What the admin's Notifications page shows: the shop's email server (never
// its password) and whether the app's default stands in for it, which
// messages are on, every template with the variables it may use, the delay
// rule and digest choices, the lines waiting for the merchant under the
// delay rule, and the latest customer emails with how each went.
import { unansweredDelays } from "./delay-rules.server";
import { messageLinesColumn } from "./message-lines";
import { loadMessagesOn, type MessagesOn } from "./messages-on.server";
import { loadRules, type NotificationRules } from "./rules.server";
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
  rules: NotificationRules;
  unanswered: Awaited<ReturnType<typeof unansweredDelays>>;
  recent: RecentMessage[];
};

export type RecentMessage = {
  id: number;
  orderName: string;
  kind: string;
  recipient: string | null;
  status: string;
  error: string | null;
  at: string;
  items: string;
};

const RECENT = 25;

async function recentMessages(db: SmtpContext["db"], shop: string): Promise<RecentMessage[]> {
  const rows = await db.customerMessage.findMany({ where: { shop }, orderBy: { id: "desc" }, take: RECENT });
  return rows.map((row) => ({
    id: row.id,
    orderName: row.orderName,
    kind: row.kind,
    recipient: row.recipient,
    status: row.status,
    error: row.lastError,
    at: (row.sentAt ?? row.updatedAt).toISOString(),
    items: messageLinesColumn
      .decode(row.lines)
      .map((line) => `${line.quantity} × ${line.title}`)
      .join(", "),
  }));
}

export async function notificationsPage({ db, fallback }: Pick<SmtpContext, "db" | "fallback">, shop: string): Promise<NotificationsPage> {
  const [smtp, messagesOn, templates, rules, unanswered, recent] = await Promise.all([
    loadSmtpSettings(db, shop),
    loadMessagesOn(db, shop),
    loadShopTemplates(db, shop),
    loadRules(db, shop),
    unansweredDelays(db, shop),
    recentMessages(db, shop),
  ]);
  return { smtp, appDefault: fallback !== null, messagesOn, templates, variables: TEMPLATE_VARIABLES, rules, unanswered, recent };
}

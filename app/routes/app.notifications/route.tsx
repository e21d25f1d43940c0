// The Notifications page: the email server the shop's customer emails go
// through, which messages are on, and the wording of each. Transport only:
// parsing here, every read and change in app/notifications/.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Layout, Page } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { fieldErrors } from "~/input";
import { notificationsPage } from "~/notifications/admin.server";
import { setMessageOn } from "~/notifications/messages-on.server";
import { rulesInput, saveRules } from "~/notifications/rules.server";
import {
  messageKind,
  previewTemplate,
  resetTemplate,
  saveTemplate,
  templateKey,
  type EditableTemplate,
  type TemplatePreview,
} from "~/notifications/shop-templates.server";
import { deleteSmtpSettings, saveSmtpSettings, sendTestEmail, type TestEmailResult } from "~/notifications/smtp-settings.server";
import { notifications } from "~/server/notifications.server";
import { authenticate } from "~/shopify.server";
import { DelayRules } from "./delay-rules";
import { EmailServer } from "./email-server";
import { MessageSwitches } from "./message-switches";
import { RecentMessages } from "./recent-messages";
import { TemplateEditor } from "./template-editor";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const meta = () => [{ title: "Notifications · Backorder Manager" }];

// A preview (asked for as the merchant types) and a test email change nothing stored: the page's data need not be read again.
const READ_ONLY_INTENTS = new Set(["template-preview", "smtp-test"]);
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  READ_ONLY_INTENTS.has(String(formData?.get("intent") ?? "")) ? false : defaultShouldRevalidate;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return notificationsPage(notifications, session.shop);
};

// Form fields arrive as text; the use cases' own schemas then check the values.
const template = templateKey.shape;
const actionInput = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("smtp-save"),
    host: z.string(),
    // Blank or not a number reaches the use case as NaN, which it refuses as "must be a number".
    port: z.string().transform(Number),
    secure: z.enum(["true", "false"]).transform((value) => value === "true"),
    user: z.string(),
    from: z.string(),
    // The password is write-only: kept unless replaced or cleared.
    passwordAction: z.enum(["keep", "replace", "clear"]),
    password: z.string().optional(),
  }),
  z.object({ intent: z.literal("smtp-remove") }),
  z.object({ intent: z.literal("smtp-test"), to: z.string() }),
  z.object({ intent: z.literal("template-preview"), ...template, subject: z.string(), body: z.string() }),
  z.object({ intent: z.literal("template-save"), ...template, subject: z.string(), body: z.string() }),
  z.object({ intent: z.literal("template-reset"), ...template }),
  z.object({
    intent: z.literal("message-switch"),
    kind: messageKind,
    on: z.enum(["true", "false"]).transform((value) => value === "true"),
  }),
  z.object({
    intent: z.literal("rules-save"),
    unansweredDelay: rulesInput.shape.unansweredDelay,
    digestOn: z.enum(["true", "false"]).transform((value) => value === "true"),
    digestHoldDays: z.string().transform(Number),
    logoUrl: z.string(),
  }),
]);

export type ActionResult = {
  intent: string;
  ok: boolean;
  errors: Record<string, string>;
  /** The template an answer is about ("kind:language"), so the editor shows it only there. */
  target?: string;
  /** A template save's text, so a refusal stops being shown once the text changes. */
  submitted?: { subject: string; body: string };
  test?: TestEmailResult;
  preview?: TemplatePreview;
  template?: EditableTemplate;
  switched?: { kind: string; on: boolean };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "");
  const parsed = actionInput.safeParse(form);
  if (!parsed.success) return data<ActionResult>({ intent, ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  const input = parsed.data;
  const about = {
    intent,
    ...("language" in input ? { target: `${input.kind}:${input.language}` } : {}),
    ...(input.intent === "template-save" ? { submitted: { subject: input.subject, body: input.body } } : {}),
  };
  const reply = (result: Omit<ActionResult, "intent">, status = 200) => data<ActionResult>({ ...about, ...result }, { status });
  try {
    switch (input.intent) {
      case "smtp-save": {
        const { intent: _, passwordAction, password, ...settings } = input;
        const change = passwordAction === "clear" ? null : passwordAction === "replace" ? password : undefined;
        await saveSmtpSettings(notifications, shop, { ...settings, password: change });
        return reply({ ok: true, errors: {} });
      }
      case "smtp-remove":
        await deleteSmtpSettings(notifications, shop);
        return reply({ ok: true, errors: {} });
      case "smtp-test": {
        const test = await sendTestEmail(notifications, shop, input.to);
        return reply({ ok: test.status === "sent", errors: {}, test });
      }
      case "template-preview": {
        const { intent: _, ...edit } = input;
        const preview = previewTemplate(edit);
        return reply({ ok: preview.status === "rendered", errors: {}, preview });
      }
      case "template-save": {
        const { intent: _, ...edit } = input;
        return reply({ ok: true, errors: {}, template: await saveTemplate(db, shop, edit) });
      }
      case "template-reset":
        return reply({ ok: true, errors: {}, template: await resetTemplate(db, shop, input) });
      case "message-switch":
        await setMessageOn(db, shop, input);
        return reply({ ok: true, errors: {}, switched: { kind: input.kind, on: input.on } });
      case "rules-save": {
        const { intent: _, ...rules } = input;
        await saveRules(db, shop, rules);
        return reply({ ok: true, errors: {} });
      }
    }
  } catch (error) {
    if (error instanceof z.ZodError) return reply({ ok: false, errors: fieldErrors(error) }, 422);
    throw error;
  }
};

export default function Notifications() {
  const page = useLoaderData<typeof loader>();
  // Here rather than in the form, which starts afresh from each saved version: their answers outlive it.
  const smtpSave = useFetcher<ActionResult>();
  const smtpRemove = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  const saved = smtpSave.state === "idle" ? smtpSave.data : undefined;
  useEffect(() => {
    if (saved?.ok) shopify.toast.show("Email server saved");
  }, [saved, shopify]);
  const removed = smtpRemove.state === "idle" ? smtpRemove.data : undefined;
  useEffect(() => {
    if (removed?.ok) shopify.toast.show("Email server removed");
  }, [removed, shopify]);
  return (
    <Page title="Notifications" subtitle="The emails that tell customers about their backordered items, and the server they go through">
      <Layout>
        <EmailServer key={JSON.stringify(page.smtp)} saved={page.smtp} appDefault={page.appDefault} save={smtpSave} remove={smtpRemove} />
        <MessageSwitches messagesOn={page.messagesOn} />
        <TemplateEditor templates={page.templates} variables={page.variables} />
        <DelayRules key={JSON.stringify(page.rules)} rules={page.rules} unanswered={page.unanswered} />
        <RecentMessages recent={page.recent} />
      </Layout>
    </Page>
  );
}

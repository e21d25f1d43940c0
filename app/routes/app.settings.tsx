import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, FormLayout, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { previewShopSettings, shopSettingsInput, updateShopSettings, type SettingsPreview } from "~/engine/settings.server";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate } from "~/shopify.server";
import { missingScopes } from "~/shops/scopes.server";
import { loadSettingsForm } from "~/shops/settings.server";
import { RouteError } from "~/ui/route-error";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, missing] = await Promise.all([loadSettingsForm(db, session.shop), missingScopes(db, session.shop)]);
  // The scopes to ask the merchant for, all at once, while the shop has not granted them.
  return { ...settings, missingScopes: missing };
};

// Form fields arrive as text; "preview" asks what saving would change, and saves nothing.
const settingsForm = shopSettingsInput.extend({
  intent: z.enum(["save", "preview"]).default("save"),
  handlingDays: z.coerce.number().int().min(0).max(365),
  backorderRateAlertPercent: z.coerce.number().int().min(1).max(100).optional(),
  safetyStockUnits: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

type ActionResult =
  | { intent: "save"; saved: boolean; errors: Record<string, string> }
  | { intent: "preview"; preview: SettingsPreview | null; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = settingsForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    return data<ActionResult>({ intent: "save", saved: false, errors }, { status: 400 });
  }
  const { intent, ...settings } = parsed.data;
  if (intent === "preview")
    return data<ActionResult>({ intent, preview: await previewShopSettings(db, session.shop, settings), errors: {} });
  await updateShopSettings({ db, jobs }, session.shop, settings);
  return data<ActionResult>({ intent, saved: true, errors: {} });
};

const PRIORITY_RULES = [
  { label: "Oldest order first", value: "OLDEST_FIRST" },
  { label: "Customers with the priority tag first, then oldest", value: "PRIORITY_TAG_FIRST" },
];
const FULFILLMENT_MODES = [
  { label: "Ship what is in stock now, hold only what is missing", value: "SHIP_AVAILABLE" },
  { label: "Hold the whole order until all of it can ship", value: "SHIP_COMPLETE" },
];

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Values = { [K in Exclude<keyof Loaded, "missingScopes">]: string };
const asValues = (settings: Loaded): Values => ({
  priorityRule: settings.priorityRule,
  priorityTag: settings.priorityTag,
  fulfillmentMode: settings.fulfillmentMode,
  handlingDays: String(settings.handlingDays),
  backorderRateAlertPercent: String(settings.backorderRateAlertPercent),
  safetyStockUnits: String(settings.safetyStockUnits),
  orderTag: settings.orderTag,
});
/** The fields that change how waiting orders are planned, and so what the preview shows. */
const PLANNED = ["priorityRule", "priorityTag", "fulfillmentMode", "handlingDays"] as const;

export default function Settings() {
  const loaded = useLoaderData<typeof loader>();
  const saved = asValues(loaded);
  const [values, setValues] = useState(saved);
  const save = useFetcher<ActionResult>();
  const preview = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  const set = (name: keyof Values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const dirty = (Object.keys(values) as (keyof Values)[]).some((name) => values[name] !== saved[name]);
  const planChanged = PLANNED.some((name) => values[name] !== saved[name]);

  // Asks for the preview a moment after the planning fields stop changing.
  const submitPreview = preview.submit;
  useEffect(() => {
    if (!planChanged) return;
    const timer = setTimeout(() => submitPreview({ ...values, intent: "preview" }, { method: "post" }), 300);
    return () => clearTimeout(timer);
  }, [planChanged, values, submitPreview]);

  const result = save.data;
  useEffect(() => {
    if (save.state === "idle" && result?.intent === "save" && result.saved) shopify.toast.show("Settings saved");
  }, [save.state, result, shopify]);
  const errors = save.state === "idle" && result ? result.errors : {};

  return (
    <Page title="Settings">
      <SaveBar id="settings-save-bar" open={dirty}>
        <button
          variant="primary"
          onClick={() => save.submit({ ...values, intent: "save" }, { method: "post" })}
          disabled={save.state !== "idle"}
        >
          Save
        </button>
        <button onClick={() => setValues(saved)}>Discard</button>
      </SaveBar>
      <Layout>
        <Layout.AnnotatedSection
          id="queue"
          title="Who ships first"
          description="When stock arrives, waiting orders are served in this order. Pinned lines on the Backorders page go before any rule."
        >
          <Card>
            <FormLayout>
              <Select
                label="Who gets restocked units first"
                options={PRIORITY_RULES}
                value={values.priorityRule}
                onChange={set("priorityRule")}
                error={errors.priorityRule}
              />
              <TextField
                label="Priority customer tag"
                helpText="Customers with this tag in Shopify go first when the rule above says so."
                value={values.priorityTag}
                onChange={set("priorityTag")}
                autoComplete="off"
                error={errors.priorityTag}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="fulfillment"
          title="What ships now"
          description="Hold only the missing items, so the rest of an order ships today, or hold the order until it can ship complete."
        >
          <Card>
            <FormLayout>
              <Select
                label="When an order has a backordered line"
                options={FULFILLMENT_MODES}
                value={values.fulfillmentMode}
                onChange={set("fulfillmentMode")}
                error={errors.fulfillmentMode}
              />
              <TextField
                label="Handling days"
                helpText="Added to the arrival date of incoming stock to give the date a customer is promised."
                type="number"
                min={0}
                max={365}
                value={values.handlingDays}
                onChange={set("handlingDays")}
                autoComplete="off"
                error={errors.handlingDays}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        {planChanged && (
          <Layout.Section>
            <PreviewCard fetcher={preview} />
          </Layout.Section>
        )}
        <Layout.AnnotatedSection
          id="orders"
          title="Backorders in Shopify"
          description="Orders with a waiting line carry this tag in Shopify, so you can filter them in the Orders list, and list their waiting lines on the order page. Both go when nothing of the order waits any more."
        >
          <Card>
            <FormLayout>
              {loaded.missingScopes.length > 0 && <GrantScopeBanner scopes={loaded.missingScopes} />}
              <TextField
                label="Order tag"
                helpText={`Search "tag:${values.orderTag.trim() || "backordered"}" in Shopify's Orders list. Your own tags on an order are never touched.`}
                value={values.orderTag}
                onChange={set("orderTag")}
                maxLength={40}
                autoComplete="off"
                error={errors.orderTag}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="planning"
          title="Alerts and purchase planning"
          description="The dashboard warns when too many order lines go on backorder; purchase planning adds safety stock to what it suggests you order."
        >
          <Card>
            <FormLayout>
              <TextField
                label="Backorder rate alert (%)"
                helpText="Show an alert on the dashboard when more than this share of order lines went on backorder."
                type="number"
                min={1}
                max={100}
                value={values.backorderRateAlertPercent}
                onChange={set("backorderRateAlertPercent")}
                autoComplete="off"
                error={errors.backorderRateAlertPercent}
              />
              <TextField
                label="Safety stock (units)"
                helpText="Added to each shortfall when purchase planning suggests an order quantity."
                type="number"
                min={0}
                value={values.safetyStockUnits}
                onChange={set("safetyStockUnits")}
                autoComplete="off"
                error={errors.safetyStockUnits}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

/**
 * Shops that installed before the app asked for write_orders and
 * write_order_edits lack them: holds and badges work, orders are not tagged
 * and customers cannot cancel their waiting lines. Granting sends
 * app/scopes_update, which re-plans the shop and tags its orders.
 */
function GrantScopeBanner({ scopes }: { scopes: string[] }) {
  const shopify = useAppBridge();
  const [asking, setAsking] = useState(false);
  const grant = async () => {
    setAsking(true);
    try {
      const response = await shopify.scopes.request(scopes);
      if (response.result === "granted-all") shopify.toast.show("Thank you: your backordered orders are being tagged");
    } finally {
      setAsking(false);
    }
  };
  return (
    <Banner
      tone="warning"
      title="Allow Backorder Manager to tag your orders"
      action={{ content: "Grant access", onAction: () => void grant(), loading: asking }}
    >
      <p>
        The app needs permission to edit orders ({scopes.join(", ")}) to tag backordered orders, list their waiting lines on the order page,
        and let customers cancel the lines they no longer want. Holds, dates and badges work without it.
      </p>
    </Banner>
  );
}

function PreviewCard({ fetcher }: { fetcher: ReturnType<typeof useFetcher<ActionResult>> }) {
  const preview = fetcher.data?.intent === "preview" ? fetcher.data.preview : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What saving would change
        </Text>
        {fetcher.state !== "idle" || !preview ? (
          <Text as="p" tone="subdued">
            Working out what these settings would change for the orders waiting now…
          </Text>
        ) : (
          <PreviewList preview={preview} />
        )}
      </BlockStack>
    </Card>
  );
}

function PreviewList({ preview }: { preview: SettingsPreview }) {
  const { linesReordered, datesMoved, released, held } = preview;
  if (linesReordered + datesMoved + released.count + held.count === 0) {
    return <Banner tone="info">Nothing changes for the orders waiting now: the queue, the dates and the holds stay as they are.</Banner>;
  }
  const orders = (list: SettingsPreview["released"]) =>
    list.first.join(", ") + (list.count > list.first.length ? ` and ${list.count - list.first.length} more` : "");
  return (
    <List>
      <List.Item>{plural(linesReordered, "waiting line changes", "waiting lines change")} place in the queue</List.Item>
      <List.Item>{plural(datesMoved, "promised date moves", "promised dates move")}</List.Item>
      {released.count > 0 && (
        <List.Item>
          Released to ship now ({released.count}): {orders(released)}
        </List.Item>
      )}
      {held.count > 0 && (
        <List.Item>
          Held ({held.count}): {orders(held)}
        </List.Item>
      )}
    </List>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export { RouteError as ErrorBoundary };

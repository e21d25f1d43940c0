import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Page, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { shopSettingsInput, updateShopSettings } from "~/engine/settings.server";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate } from "~/shopify.server";
import { loadSettings } from "~/shops/settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadSettings(db, session.shop);
};

// Form fields arrive as text.
const settingsForm = shopSettingsInput.extend({ handlingDays: z.coerce.number().int().min(0).max(365) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = settingsForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    return data({ saved: false, errors }, { status: 400 });
  }
  await updateShopSettings({ db, jobs }, session.shop, parsed.data);
  return { saved: true, errors: {} as Record<string, string> };
};

const PRIORITY_RULES = [
  { label: "Oldest order first", value: "OLDEST_FIRST" },
  { label: "Customers with the priority tag first, then oldest", value: "PRIORITY_TAG_FIRST" },
];
const FULFILLMENT_MODES = [
  { label: "Ship what is in stock now, hold only what is missing", value: "SHIP_AVAILABLE" },
  { label: "Hold the whole order until all of it can ship", value: "SHIP_COMPLETE" },
];

export default function Settings() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const [priorityRule, setPriorityRule] = useState<string>(settings.priorityRule);
  const [priorityTag, setPriorityTag] = useState(settings.priorityTag ?? "priority");
  const [fulfillmentMode, setFulfillmentMode] = useState<string>(settings.fulfillmentMode);
  const [handlingDays, setHandlingDays] = useState(String(settings.handlingDays));
  const errors = result?.errors ?? {};
  return (
    <Page title="Settings">
      <Form method="post">
        <BlockStack gap="400">
          {result?.saved && <Banner tone="success">Saved. Waiting orders are being re-planned with these settings.</Banner>}
          <Card>
            <FormLayout>
              <Select
                label="Who gets restocked units first"
                name="priorityRule"
                options={PRIORITY_RULES}
                value={priorityRule}
                onChange={setPriorityRule}
                error={errors.priorityRule}
              />
              <TextField
                label="Priority customer tag"
                name="priorityTag"
                value={priorityTag}
                onChange={setPriorityTag}
                autoComplete="off"
                error={errors.priorityTag}
              />
              <Select
                label="When an order has a backordered line"
                name="fulfillmentMode"
                options={FULFILLMENT_MODES}
                value={fulfillmentMode}
                onChange={setFulfillmentMode}
                error={errors.fulfillmentMode}
              />
              <TextField
                label="Handling days"
                helpText="Added to the arrival date of incoming stock to give the date a customer is promised."
                name="handlingDays"
                type="number"
                min={0}
                max={365}
                value={handlingDays}
                onChange={setHandlingDays}
                autoComplete="off"
                error={errors.handlingDays}
              />
              <Button submit variant="primary" loading={saving}>
                Save
              </Button>
            </FormLayout>
          </Card>
        </BlockStack>
      </Form>
    </Page>
  );
}

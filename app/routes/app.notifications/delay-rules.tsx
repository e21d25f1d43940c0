import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { NotificationsPage } from "~/notifications/admin.server";
import type { ActionResult } from "./route";

const UNANSWERED_OPTIONS = [
  { label: "List the lines here for me to decide", value: "list" },
  { label: "Cancel the waiting items and refund them", value: "cancel" },
];

/**
 * The delay rules (what happens when a customer does not consent to a second
 * delay), the merchant's daily digest, and the logo on every email; with the
 * lines that wait for the merchant under the "list" rule.
 */
export function DelayRules({ rules, unanswered }: Pick<NotificationsPage, "rules" | "unanswered">) {
  const fetcher = useFetcher<ActionResult>();
  const [values, setValues] = useState({
    unansweredDelay: rules.unansweredDelay as string,
    digestOn: rules.digestOn,
    digestHoldDays: String(rules.digestHoldDays),
    logoUrl: rules.logoUrl ?? "",
  });
  const shopify = useAppBridge();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (result?.ok) shopify.toast.show("Delay rules and digest saved");
  }, [result, shopify]);
  const errors = result?.errors ?? {};
  const set = (name: keyof typeof values) => (value: string | boolean) => setValues((current) => ({ ...current, [name]: value }));
  return (
    <Layout.AnnotatedSection
      id="delay-rules"
      title="Delay rules and digest"
      description="Customers are told when a date passes, and every 30 days while no date is known, with the option to cancel. After a second delay the law in many places (such as the FTC's Mail Order Rule) requires their consent."
    >
      <Card>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="rules-save" />
          <FormLayout>
            <Select
              label="When a customer does not consent to a second delay by its date"
              name="unansweredDelay"
              options={UNANSWERED_OPTIONS}
              value={values.unansweredDelay}
              onChange={set("unansweredDelay")}
              error={errors.unansweredDelay}
            />
            <Checkbox
              label="Email me a daily digest"
              helpText="Lines past their date, holds older than the limit below, overdue incoming stock and unanswered delays, sent to the shop's email."
              checked={values.digestOn}
              onChange={set("digestOn")}
            />
            <input type="hidden" name="digestOn" value={String(values.digestOn)} />
            <TextField
              label="Holds older than (days)"
              name="digestHoldDays"
              type="number"
              autoComplete="off"
              value={values.digestHoldDays}
              onChange={set("digestHoldDays")}
              error={errors.digestHoldDays}
            />
            <TextField
              label="Logo URL"
              name="logoUrl"
              helpText="Shown at the top of every customer email; without one, the shop's name."
              autoComplete="off"
              value={values.logoUrl}
              onChange={set("logoUrl")}
              error={errors.logoUrl}
            />
            <InlineStack align="end">
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                Save
              </Button>
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Waiting for your decision ({unanswered.length})
          </Text>
          {unanswered.length === 0 ? (
            <Text as="p" tone="subdued">
              No customer has left a second delay unanswered.
            </Text>
          ) : (
            <ul>
              {unanswered.map((line) => (
                <li key={line.id}>
                  {line.orderName}: {line.backordered} × {line.productLabel}, consent was due {line.consentDueOn}
                </li>
              ))}
            </ul>
          )}
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

import { useFetcher, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, List, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { IncomingRow } from "~/engine/supply.server";
import type { ActionResult } from "./route";

/** The page without the row being edited: where the panel closes to. */
const closedUrl = (params: URLSearchParams) => {
  const next = new URLSearchParams(params);
  next.delete("edit");
  const query = next.toString();
  return `/app/incoming${query ? `?${query}` : ""}`;
};

/**
 * Changes one row: its quantity or date, with the orders whose promised date
 * would move named before saving; or marks it received, or deletes it.
 */
export function EditPanel({ row, params }: { row: IncomingRow; params: URLSearchParams }) {
  const saved = { quantity: String(row.quantity), expectedOn: row.expectedOn };
  const [values, setValues] = useState(saved);
  const [confirming, setConfirming] = useState(false);
  const set = (name: keyof typeof saved) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const changed = values.quantity !== saved.quantity || values.expectedOn !== saved.expectedOn;
  const act = useFetcher<ActionResult>();
  const preview = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  const navigate = useNavigate();
  // Deleting submits as a navigation to the page without this row: a fetcher
  // would reload the page with the deleted row's id, which answers 404.
  const submitNavigation = useSubmit();
  const navigation = useNavigation();
  const expected = row.status === "EXPECTED";
  const name = `${row.reference ?? `Row ${row.id}`} · ${row.variant.title}`;

  // Asks what the change would move a moment after the fields stop changing.
  const submitPreview = preview.submit;
  useEffect(() => {
    if (!changed || !expected) return;
    const timer = setTimeout(() => submitPreview({ intent: "preview", id: row.id, ...values }, { method: "post" }), 300);
    return () => clearTimeout(timer);
  }, [changed, expected, values, row.id, submitPreview]);

  const result = act.state === "idle" ? act.data : undefined;
  useEffect(() => {
    if (!result?.ok) return;
    shopify.toast.show(result.message ?? "Saved");
    navigate(closedUrl(params), { replace: true });
  }, [result, shopify, navigate, params]);
  const errors = {
    ...(preview.state === "idle" && preview.data && !preview.data.ok ? preview.data.errors : {}),
    ...(result?.errors ?? {}),
  };
  const submit = (intent: string, extra: Record<string, string> = {}) => act.submit({ intent, id: row.id, ...extra }, { method: "post" });

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {name}
          </Text>
          <Badge tone={expected ? "info" : "success"}>{expected ? "Expected" : "Received"}</Badge>
        </InlineStack>
        <Text as="p" tone="subdued">
          {row.variant.sku ? `SKU ${row.variant.sku} · ` : ""}
          {row.location}
          {row.vendor ? ` · ${row.vendor}` : ""}
        </Text>
        {expected ? (
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Quantity"
                type="number"
                value={values.quantity}
                onChange={set("quantity")}
                autoComplete="off"
                error={errors.quantity}
              />
              <TextField
                label="Expected date"
                type="date"
                value={values.expectedOn}
                onChange={set("expectedOn")}
                autoComplete="off"
                error={errors.expectedOn}
              />
            </FormLayout.Group>
          </FormLayout>
        ) : (
          <Text as="p">
            Received {row.receivedAt ? new Date(row.receivedAt).toLocaleDateString("en-US", { dateStyle: "medium" }) : ""}: it is counted in
            the store&apos;s stock now, no longer as incoming.
          </Text>
        )}
        {errors.status && <Banner tone="warning">{errors.status}</Banner>}
        {errors.id && <Banner tone="critical">{errors.id}</Banner>}
        {expected && changed && <PreviewCard fetcher={preview} />}
        {confirming && (
          <Banner tone="warning" title={`Delete ${row.reference ?? "this incoming stock"}?`} onDismiss={() => setConfirming(false)}>
            <BlockStack gap="200">
              <Text as="p">
                {expected
                  ? "Waiting orders promised a date from it get a new one from other incoming stock, their lead time, or none."
                  : "It was received already: deleting it changes no date, only this list."}
              </Text>
              <InlineStack gap="200">
                <Button
                  variant="primary"
                  tone="critical"
                  loading={navigation.state !== "idle" && navigation.formData?.get("intent") === "delete"}
                  onClick={() => submitNavigation({ intent: "delete", id: row.id }, { method: "post", action: closedUrl(params) })}
                >
                  Delete for good
                </Button>
                <Button onClick={() => setConfirming(false)}>Keep it</Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        )}
        <InlineStack gap="200">
          {expected && (
            <Button
              variant="primary"
              disabled={!changed}
              loading={act.state !== "idle" && act.formData?.get("intent") === "update"}
              onClick={() => submit("update", values)}
            >
              Save changes
            </Button>
          )}
          {expected && (
            <Button loading={act.state !== "idle" && act.formData?.get("intent") === "receive"} onClick={() => submit("receive")}>
              Mark received
            </Button>
          )}
          <Button tone="critical" onClick={() => setConfirming(true)} disabled={confirming}>
            Delete
          </Button>
          <Button url={closedUrl(params)}>Close</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function PreviewCard({ fetcher }: { fetcher: ReturnType<typeof useFetcher<ActionResult>> }) {
  const preview = fetcher.data?.intent === "preview" && fetcher.data.ok ? fetcher.data.preview : undefined;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Dates that move if you save
      </Text>
      {fetcher.state !== "idle" || !preview ? (
        <Text as="p" tone="subdued">
          Working out which waiting orders&apos; dates this moves…
        </Text>
      ) : preview.count === 0 ? (
        <Banner tone="info">No waiting order&apos;s promised date moves.</Banner>
      ) : (
        <BlockStack gap="100">
          <List>
            {preview.moves.map((move, index) => (
              <List.Item key={`${move.order}-${index}`}>
                {move.order}: {move.from ?? "no date"} → {move.to ?? "no date"}
              </List.Item>
            ))}
          </List>
          {preview.count > preview.moves.length && (
            <Text as="p" tone="subdued">
              and {preview.count - preview.moves.length} more orders
            </Text>
          )}
        </BlockStack>
      )}
    </BlockStack>
  );
}

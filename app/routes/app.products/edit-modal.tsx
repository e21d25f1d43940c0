import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, FormLayout, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { previewBadge, badgeText, MAX_BADGE_MESSAGE } from "~/backorders/badge-preview";
import type { BackorderCap } from "~/backorders";
import type { ProductRow, ProductsPage } from "~/engine/products.server";
import { variantName } from "./variant-name";
import type { ActionResult } from "./route";

type Values = { backordersEnabled: string; capKind: string; capUnits: string; leadTimeDays: string; message: string };

/** One variant's settings as the form shows them; several variants start blank ("leave as is"). */
const initialValues = (rows: ProductRow[]): Values => {
  if (rows.length !== 1) return { backordersEnabled: "", capKind: "", capUnits: "", leadTimeDays: "", message: "" };
  const [row] = rows;
  return {
    // Opening a variant not set up yet is setting it up: on is the likely wish.
    backordersEnabled: row.backordersEnabled === false ? "off" : "on",
    capKind: row.capKind ?? "NONE",
    capUnits: row.capUnits === null ? "" : String(row.capUnits),
    leadTimeDays: row.leadTimeDays === null ? "" : String(row.leadTimeDays),
    message: row.message ?? "",
  };
};

const wholeOrNull = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/** The row's settings with the form's changes on top, as the engine would read them. */
function settingsAfter(row: ProductRow, values: Values, bulk: boolean) {
  const enabled = values.backordersEnabled === "" ? (row.backordersEnabled ?? false) : values.backordersEnabled === "on";
  const kind = values.capKind === "" ? (row.capKind ?? "NONE") : values.capKind;
  const cap: BackorderCap | null =
    kind === "FIXED"
      ? { kind: "FIXED", units: wholeOrNull(values.capUnits) ?? (values.capKind === "" ? (row.capUnits ?? 0) : 0) }
      : kind === "DYNAMIC"
        ? { kind: "DYNAMIC" }
        : null;
  // Blank: one variant's form clears the field, a bulk edit keeps each variant's own.
  return {
    enabled,
    cap,
    leadTimeDays: values.leadTimeDays.trim() === "" ? (bulk ? row.leadTimeDays : null) : wholeOrNull(values.leadTimeDays),
    message: values.message.trim() === "" ? (bulk ? row.message : null) : values.message.trim(),
  };
}

/**
 * Edits one variant (every field as it stands) or several (only the fields
 * filled in change), with the storefront badge as a shopper would see it.
 */
export function EditModal({ rows, page, onClose }: { rows: ProductRow[]; page: ProductsPage; onClose: (saved: boolean) => void }) {
  const shopify = useAppBridge();
  const save = useFetcher<ActionResult>();
  const bulk = rows.length > 1;
  const [values, setValues] = useState(() => initialValues(rows));
  const set = (name: keyof Values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const result = save.data?.intent === "edit" ? save.data : null;
  const errors = save.state === "idle" && result ? result.errors : {};

  useEffect(() => {
    if (save.state !== "idle" || !result?.ok) return;
    shopify.toast.show(result.changed === 1 ? "Backorder settings saved" : `Backorder settings saved for ${result.changed} variants`);
    onClose(true);
  }, [save.state, result, shopify, onClose]);

  const submit = () => {
    const form = new FormData();
    form.append("intent", "edit");
    for (const row of rows) form.append("variantIds", row.variantId);
    for (const [name, value] of Object.entries(values) as [keyof Values, string][]) {
      if (name === "capUnits" && values.capKind !== "FIXED") continue;
      // A bulk edit changes only what was filled in; one variant's form is sent whole.
      if (bulk && value.trim() === "") continue;
      form.append(name, value);
    }
    save.submit(form, { method: "post" });
  };

  const sample = rows[0];
  const enabledOptions = [
    ...(bulk ? [{ label: "Leave as is", value: "" }] : []),
    { label: "On: keep selling when out of stock", value: "on" },
    { label: "Off: stop selling at zero", value: "off" },
  ];
  const capOptions = [
    ...(bulk ? [{ label: "Leave as is", value: "" }] : []),
    { label: "No cap", value: "NONE" },
    { label: "A fixed number of units", value: "FIXED" },
    { label: "Incoming stock not yet promised", value: "DYNAMIC" },
  ];
  const leaveHint = bulk ? " Leave empty to keep each variant's own." : "";

  return (
    <Modal
      open
      onClose={() => onClose(false)}
      title={bulk ? `Edit ${rows.length} variants` : `Backorders for ${variantName(sample)}`}
      primaryAction={{ content: "Save", onAction: submit, loading: save.state !== "idle" }}
      secondaryActions={[{ content: "Cancel", onAction: () => onClose(false) }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {bulk && (
            <Text as="p">
              Changes apply to: {rows.map(variantName).join(", ")}. Fields left as they are keep each variant&apos;s own value.
            </Text>
          )}
          {errors.variantIds && <Banner tone="critical">{errors.variantIds}</Banner>}
          <FormLayout>
            <Select
              label="Backorders"
              options={enabledOptions}
              value={values.backordersEnabled}
              onChange={set("backordersEnabled")}
              error={errors.backordersEnabled}
            />
            <FormLayout.Group>
              <Select label="Cap" options={capOptions} value={values.capKind} onChange={set("capKind")} error={errors.capKind} />
              {values.capKind === "FIXED" && (
                <TextField
                  label="Cap (units)"
                  helpText="At most this many units wait for stock; then the variant stops selling."
                  type="number"
                  min={0}
                  value={values.capUnits}
                  onChange={set("capUnits")}
                  autoComplete="off"
                  error={errors.capUnits}
                />
              )}
            </FormLayout.Group>
            <TextField
              label="Lead time (days)"
              helpText={`Used for the date when no incoming stock is recorded for it.${leaveHint}`}
              type="number"
              min={0}
              max={730}
              value={values.leadTimeDays}
              onChange={set("leadTimeDays")}
              autoComplete="off"
              error={errors.leadTimeDays}
            />
            <TextField
              label="Message for shoppers"
              helpText={`Shown on the product page with the backorder badge.${leaveHint}`}
              multiline={2}
              maxLength={MAX_BADGE_MESSAGE}
              showCharacterCount
              value={values.message}
              onChange={set("message")}
              autoComplete="off"
              error={errors.message}
            />
          </FormLayout>
          <BadgePreview row={sample} page={page} values={values} bulk={bulk} />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/** The badge shoppers will see for this variant when it is out of stock, computed as the engine computes it. */
function BadgePreview({ row, page, values, bulk }: { row: ProductRow; page: ProductsPage; values: Values; bulk: boolean }) {
  const badge = previewBadge(settingsAfter(row, values, bulk), { today: page.today, handlingDays: page.handlingDays, ...row.preview });
  const text = badgeText(badge, page.today);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Shoppers will see{bulk ? ` (on ${variantName(row)})` : ""}, when it is out of stock
      </Text>
      <Box padding="300" background="bg-surface-secondary" borderRadius="200" borderWidth="025" borderColor="border">
        <div aria-label="Badge preview" role="group">
          <BlockStack gap="100">
            <Text as="p" fontWeight="semibold">
              {text.headline}
            </Text>
            {text.detail && (
              <Text as="p" tone="subdued">
                {text.detail}
              </Text>
            )}
            {text.message && <Text as="p">{text.message}</Text>}
          </BlockStack>
        </div>
      </Box>
    </BlockStack>
  );
}

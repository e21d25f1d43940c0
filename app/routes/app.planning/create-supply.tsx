import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, FormLayout, Modal, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { SkuPlanningRow } from "~/engine/planning.server";

export type SupplyAnswer = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

/**
 * Records incoming stock for one planning row: the variant and location are
 * the row's, the quantity starts at the suggested order. The server checks
 * everything again and names a bad field, shown beside it.
 */
export function CreateSupplyModal({ row, onClose }: { row: SkuPlanningRow; onClose: () => void }) {
  const fetcher = useFetcher<SupplyAnswer>();
  const shopify = useAppBridge();
  const [values, setValues] = useState({
    quantity: String(row.suggested > 0 ? row.suggested : 1),
    reference: "",
    vendor: row.vendor ?? "",
    expectedOn: "",
  });
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && !answer.ok ? answer.errors : {};

  useEffect(() => {
    if (answer?.ok) {
      shopify.toast.show(answer.message);
      onClose();
    }
  }, [answer, shopify, onClose]);

  const submit = () =>
    fetcher.submit(
      { ...values, inventoryItemId: row.inventoryItemId, locationId: row.locationId },
      { method: "post", action: "/app/planning" },
    );

  return (
    <Modal
      open
      onClose={onClose}
      title="Create incoming stock"
      primaryAction={{ content: "Create incoming stock", onAction: submit, loading: fetcher.state !== "idle" }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            <Text as="span" fontWeight="semibold">
              {row.name}
            </Text>
            {row.sku ? ` (SKU ${row.sku})` : ""} at {row.location}: {row.shortfall} short, {row.suggested} suggested.
          </Text>
          {(errors.form || errors.inventoryItemId || errors.locationId) && (
            <Banner tone="critical">{errors.form ?? errors.inventoryItemId ?? errors.locationId}</Banner>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <FormLayout>
              <FormLayout.Group>
                <TextField
                  label="Quantity"
                  type="number"
                  min={1}
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
                  helpText={`When it should arrive at ${row.location}; waiting orders are promised from it.`}
                  error={errors.expectedOn}
                />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField
                  label="Reference"
                  placeholder="PO-1042"
                  value={values.reference}
                  onChange={set("reference")}
                  autoComplete="off"
                  helpText="The purchase order or shipment number."
                  error={errors.reference}
                />
                <TextField label="Vendor" value={values.vendor} onChange={set("vendor")} autoComplete="off" error={errors.vendor} />
              </FormLayout.Group>
            </FormLayout>
          </form>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, FormLayout, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ActionResult } from "./route";

const EMPTY = { reference: "", vendor: "", variant: "", locationId: "", quantity: "", expectedOn: "" };

/** Records one purchase order or shipment line: a variant, how many, where and when. */
export function CreateForm({ locations, onDone }: { locations: Array<{ id: string; name: string }>; onDone: () => void }) {
  const [values, setValues] = useState({ ...EMPTY, locationId: locations[0]?.id ?? "" });
  const set = (name: keyof typeof EMPTY) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const fetcher = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (result?.intent === "create" && result.ok) {
      shopify.toast.show(result.message ?? "Incoming stock recorded");
      onDone();
    }
  }, [result, shopify, onDone]);
  const errors = result?.intent === "create" ? result.errors : {};
  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="create" />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Add incoming stock
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Reference"
                name="reference"
                helpText="The purchase order or shipment number."
                value={values.reference}
                onChange={set("reference")}
                autoComplete="off"
                error={errors.reference}
              />
              <TextField
                label="Vendor"
                name="vendor"
                helpText="Left empty, the product's vendor."
                value={values.vendor}
                onChange={set("vendor")}
                autoComplete="off"
                error={errors.vendor}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label="Variant (SKU or variant ID)"
                name="variant"
                helpText="A variant the app follows: set it up under Products first."
                value={values.variant}
                onChange={set("variant")}
                autoComplete="off"
                error={errors.variant}
              />
              <Select
                label="Location"
                name="locationId"
                options={[{ label: "Choose a location", value: "" }, ...locations.map((l) => ({ label: l.name, value: l.id }))]}
                value={values.locationId}
                onChange={set("locationId")}
                error={errors.locationId}
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label="Quantity"
                name="quantity"
                type="number"
                value={values.quantity}
                onChange={set("quantity")}
                autoComplete="off"
                error={errors.quantity}
              />
              <TextField
                label="Expected date"
                name="expectedOn"
                type="date"
                value={values.expectedOn}
                onChange={set("expectedOn")}
                autoComplete="off"
                error={errors.expectedOn}
              />
            </FormLayout.Group>
          </FormLayout>
          {errors.form && <InlineError message={errors.form} fieldID="incoming-create" />}
          <InlineStack gap="200">
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              Save incoming stock
            </Button>
            <Button onClick={onDone}>Cancel</Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

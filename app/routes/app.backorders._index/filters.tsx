import { Form, useNavigate, useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { QueuePage } from "~/engine/queue.server";

export const FILTERS = ["q", "product", "location", "late", "tag", "hold"] as const;
type Values = Record<(typeof FILTERS)[number], string>;

const HOLD_OPTIONS = [
  { label: "Any", value: "" },
  { label: "Held by the app", value: "held" },
  { label: "Released by you", value: "released" },
];

/** The search and filters as a GET form: they live in the URL, so a view can be reloaded and shared. */
export function QueueFilters({ page, params }: { page: Pick<QueuePage, "locations" | "errors">; params: URLSearchParams }) {
  const initial = () => Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ""])) as Values;
  const [values, setValues] = useState(initial);
  const set = (name: keyof Values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const navigate = useNavigate();
  const submit = useSubmit();
  const errors = page.errors;
  const filtered = FILTERS.some((name) => params.get(name));
  const apply = () => {
    const next: Record<string, string> = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ""));
    const sort = params.get("sort");
    if (sort) next.sort = sort;
    submit(next, { method: "get" });
  };
  return (
    <Card>
      <Form method="get" onSubmit={(event) => (event.preventDefault(), apply())}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingSm">
            Find lines
          </Text>
          <InlineStack gap="300" wrap blockAlign="start">
            <div style={{ minWidth: 260 }}>
              <TextField
                label="Search"
                name="q"
                placeholder="Order, SKU, product or customer"
                value={values.q}
                onChange={set("q")}
                autoComplete="off"
                error={errors.q}
              />
            </div>
            <TextField
              label="Product"
              name="product"
              placeholder="SKU or variant ID"
              value={values.product}
              onChange={set("product")}
              autoComplete="off"
              error={errors.product}
            />
            <Select
              label="Location"
              name="location"
              options={[{ label: "All locations", value: "" }, ...page.locations]}
              value={values.location}
              onChange={set("location")}
              error={errors.location}
            />
            <TextField
              label="Customer tag"
              name="tag"
              placeholder="vip"
              value={values.tag}
              onChange={set("tag")}
              autoComplete="off"
              error={errors.tag}
            />
            <Select label="Hold" name="hold" options={HOLD_OPTIONS} value={values.hold} onChange={set("hold")} error={errors.hold} />
            <div style={{ paddingTop: "var(--p-space-600)" }}>
              <Checkbox
                label="Late only"
                name="late"
                checked={values.late === "1"}
                onChange={(checked) => set("late")(checked ? "1" : "")}
                error={errors.late}
              />
            </div>
          </InlineStack>
          {(errors.after || errors.before || errors.sort || errors.filters) && (
            <InlineError message={errors.after ?? errors.before ?? errors.sort ?? errors.filters ?? ""} fieldID="queue-filters" />
          )}
          <InlineStack gap="200">
            <Button submit variant="primary">
              Apply
            </Button>
            {filtered && (
              <Button
                onClick={() => {
                  setValues(Object.fromEntries(FILTERS.map((name) => [name, ""])) as Values);
                  navigate("/app/backorders");
                }}
              >
                Clear filters
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

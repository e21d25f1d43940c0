import { Form, useNavigate, useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { AuditPage } from "~/audit/activity.server";
import { AuditTable } from "~/ui/audit-table";
import { Pager } from "~/ui/pager";
import { Empty } from "./empty";

const FILTERS = ["kind", "order", "product", "from", "to"] as const;

/** The filters as a GET form: they live in the URL, so a filtered view can be reloaded and shared. */
function Filters({ page, params }: { page: AuditPage; params: URLSearchParams }) {
  const [values, setValues] = useState(() => Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ""])));
  const set = (name: (typeof FILTERS)[number]) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const navigate = useNavigate();
  const submit = useSubmit();
  const errors = page.errors;
  const filtered = FILTERS.some((name) => params.get(name));
  return (
    <Card>
      <Form method="get" onSubmit={(event) => (event.preventDefault(), submit({ tab: "audit", ...nonEmpty(values) }, { method: "get" }))}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingSm">
            Filter the trail
          </Text>
          <InlineStack gap="300" wrap blockAlign="start">
            <div style={{ minWidth: 220 }}>
              <Select
                label="Kind"
                name="kind"
                options={[{ label: "All kinds", value: "" }, ...page.kinds]}
                value={values.kind}
                onChange={set("kind")}
                error={errors.kind}
              />
            </div>
            <TextField
              label="Order"
              name="order"
              placeholder="#1001"
              value={values.order}
              onChange={set("order")}
              autoComplete="off"
              error={errors.order}
            />
            <TextField
              label="Product"
              name="product"
              placeholder="SKU or variant ID"
              value={values.product}
              onChange={set("product")}
              autoComplete="off"
              error={errors.product}
            />
            <TextField
              label="From"
              name="from"
              type="date"
              value={values.from}
              onChange={set("from")}
              autoComplete="off"
              error={errors.from}
            />
            <TextField label="To" name="to" type="date" value={values.to} onChange={set("to")} autoComplete="off" error={errors.to} />
          </InlineStack>
          {(errors.after || errors.before || errors.filters) && (
            <InlineError message={errors.after ?? errors.before ?? errors.filters ?? ""} fieldID="audit-filters" />
          )}
          <InlineStack gap="200">
            <Button submit variant="primary">
              Apply filters
            </Button>
            {filtered && (
              <Button
                onClick={() => {
                  setValues(Object.fromEntries(FILTERS.map((name) => [name, ""])));
                  navigate("/app/activity?tab=audit");
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

const nonEmpty = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ""));

export function AuditTrail({ page, params }: { page: AuditPage; params: URLSearchParams }) {
  const navigate = useNavigate();
  const filtered = FILTERS.some((name) => params.get(name));
  const goTo = (cursor: { after?: string; before?: string }) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [name, value] of Object.entries(cursor)) if (value) next.set(name, value);
    next.set("tab", "audit");
    navigate(`/app/activity?${next}`);
  };
  return (
    <BlockStack gap="400">
      <Filters page={page} params={params} />
      <Card padding="0">
        {page.entries.length === 0 ? (
          filtered || Object.keys(page.errors).length > 0 ? (
            <Empty heading="No entries match these filters">
              Correct the filter marked above, widen the dates, or clear the filters to see the whole trail.
            </Empty>
          ) : (
            <Empty heading="Nothing decided yet">
              Every decision the app makes appears here: lines put on backorder, dates promised, holds placed and released. Set up a product
              under Products, or wait for your store&apos;s next order.
            </Empty>
          )
        ) : (
          <AuditTable entries={page.entries} showKind />
        )}
      </Card>
      {(page.older || page.newer) && (
        <Pager
          hasPrevious={Boolean(page.newer)}
          previousTooltip="Newer entries"
          onPrevious={() => goTo({ before: page.newer ?? undefined })}
          hasNext={Boolean(page.older)}
          nextTooltip="Older entries"
          onNext={() => goTo({ after: page.older ?? undefined })}
          label="Newest first, 50 a page"
        />
      )}
    </BlockStack>
  );
}

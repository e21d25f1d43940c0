import { Link, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineError, InlineStack, Select, Text } from "@shopify/polaris";
import { useCallback, useState } from "react";
import type { PlanningPage, SkuPlanningRow } from "~/engine/planning.server";
import { Pager } from "~/ui/pager";
import { CreateSupplyModal } from "./create-supply";

type Props = { planning: PlanningPage; errors: Record<string, string>; params: URLSearchParams; loading: boolean };

const SORTS = [
  { label: "Largest shortfall first", value: "shortfall-desc" },
  { label: "Smallest shortfall first", value: "shortfall-asc" },
];

/** Downloads the view as CSV with the filters shown (App Bridge's fetch carries the session token). */
async function exportCsv(params: URLSearchParams, view: string): Promise<boolean> {
  const query = new URLSearchParams(params);
  query.delete("page");
  const response = await fetch(`/app/planning/csv?${query}`);
  if (!response.ok) return false;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `purchase-planning-${view === "vendor" ? "vendors" : "variants"}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
  return true;
}

function Filters({ planning, errors, params }: Omit<Props, "loading">) {
  const navigate = useNavigate();
  const [exporting, setExporting] = useState<"idle" | "busy" | "failed">("idle");
  const go = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    navigate(`/app/planning?${next}`);
  };
  const filtered = Boolean(params.get("vendor") || params.get("location"));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="300" wrap blockAlign="end">
          <div style={{ minWidth: 200 }}>
            <Select
              label="Vendor"
              options={[{ label: "All vendors", value: "" }, ...planning.vendors.map((v) => ({ label: v, value: v }))]}
              value={planning.filters.vendor ?? ""}
              onChange={(value) => go("vendor", value)}
              error={errors.vendor}
            />
          </div>
          <div style={{ minWidth: 200 }}>
            <Select
              label="Location"
              options={[{ label: "All locations", value: "" }, ...planning.locations.map((l) => ({ label: l.name, value: l.id }))]}
              value={planning.filters.location ?? ""}
              onChange={(value) => go("location", value)}
              error={errors.location}
            />
          </div>
          <div style={{ minWidth: 200 }}>
            <Select
              label="Sort"
              options={SORTS}
              value={planning.filters.sort}
              onChange={(value) => go("sort", value)}
              error={errors.sort}
            />
          </div>
          <Button
            loading={exporting === "busy"}
            onClick={() => {
              setExporting("busy");
              void exportCsv(params, planning.view).then((ok) => setExporting(ok ? "idle" : "failed"));
            }}
          >
            Export CSV
          </Button>
          {filtered && <Button onClick={() => navigate(`/app/planning?view=${planning.view}`)}>Clear filters</Button>}
        </InlineStack>
        {(errors.view || errors.page) && <InlineError message={errors.view ?? errors.page ?? ""} fieldID="planning-filters" />}
        {exporting === "failed" && (
          <InlineError message="The export failed. Try again; if it keeps failing, reload the page." fieldID="planning-export" />
        )}
      </BlockStack>
    </Card>
  );
}

const number = (n: number) => n.toLocaleString("en-US");

function Figure({ value, tone }: { value: number; tone?: "critical" | "success" }) {
  return (
    <Text as="span" alignment="end" numeric tone={value > 0 ? tone : undefined} fontWeight={tone && value > 0 ? "semibold" : undefined}>
      {number(value)}
    </Text>
  );
}

const FIGURE_HEADINGS = [
  { title: "Units waiting", alignment: "end" as const },
  { title: "Incoming", alignment: "end" as const },
  { title: "Incoming not yet promised", alignment: "end" as const },
  { title: "Shortfall", alignment: "end" as const },
  { title: "Suggested order", alignment: "end" as const },
  { title: "Oldest waiting since" },
];

function Figures({ row }: { row: SkuPlanningRow | Extract<PlanningPage, { view: "vendor" }>["rows"][number] }) {
  return (
    <>
      <IndexTable.Cell>
        <Figure value={row.waiting} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Figure value={row.incoming} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Figure value={row.unpromised} tone="success" />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Figure value={row.shortfall} tone="critical" />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Figure value={row.suggested} />
      </IndexTable.Cell>
      <IndexTable.Cell>{row.oldestWaiting ? <time dateTime={row.oldestWaiting}>{row.oldestWaiting}</time> : "—"}</IndexTable.Cell>
    </>
  );
}

function VariantRows({ rows, onCreate }: { rows: SkuPlanningRow[]; onCreate: (row: SkuPlanningRow) => void }) {
  return (
    <IndexTable
      resourceName={{ singular: "variant", plural: "variants" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: "Variant" }, { title: "Location" }, { title: "Vendor" }, ...FIGURE_HEADINGS, { title: "Action", hidden: true }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.key} key={row.key} position={index}>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Text as="span" fontWeight="medium">
                {row.name}
              </Text>
              <Text as="span" variant="bodySm" tone="subdued">
                {row.sku ? `SKU ${row.sku}` : "No SKU"}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>{row.location}</IndexTable.Cell>
          <IndexTable.Cell>{row.vendor ?? "—"}</IndexTable.Cell>
          <Figures row={row} />
          <IndexTable.Cell>
            <Button
              size="slim"
              onClick={() => onCreate(row)}
              accessibilityLabel={`Create incoming stock for ${row.name} at ${row.location}`}
            >
              Create incoming stock
            </Button>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

function VendorRows({ rows }: { rows: Extract<PlanningPage, { view: "vendor" }>["rows"] }) {
  return (
    <IndexTable
      resourceName={{ singular: "vendor", plural: "vendors" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: "Vendor" }, { title: "Variants and locations", alignment: "end" }, ...FIGURE_HEADINGS]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={row.key || "no-vendor"} key={row.key} position={index}>
          <IndexTable.Cell>
            {row.vendor ? (
              <Link to={`/app/planning?view=sku&vendor=${encodeURIComponent(row.vendor)}`}>{row.vendor}</Link>
            ) : (
              <Badge>No vendor</Badge>
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>
            <Figure value={row.items} />
          </IndexTable.Cell>
          <Figures row={row} />
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

function Empty({ filtered }: { filtered: boolean }) {
  return (
    <Box padding="600">
      <BlockStack gap="200" inlineAlign="center">
        <Text as="h2" variant="headingMd">
          {filtered ? "Nothing matches these filters" : "Nothing to plan yet"}
        </Text>
        <Text as="p" tone="subdued" alignment="center">
          {filtered
            ? "Choose another vendor or location, or clear the filters to see every variant."
            : "Variants with orders waiting for stock, or with incoming stock recorded, appear here with what to order. Allow backorders for a variant under Products, or record a shipment under Incoming stock."}
        </Text>
      </BlockStack>
    </Box>
  );
}

export function PlanningTable({ planning, errors, params, loading }: Props) {
  const navigate = useNavigate();
  const [creating, setCreating] = useState<SkuPlanningRow | null>(null);
  const closeModal = useCallback(() => setCreating(null), []);
  const filtered = Boolean(planning.filters.vendor || planning.filters.location) || Object.keys(errors).length > 0;
  const goToPage = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    navigate(`/app/planning?${next}`);
  };
  const { page } = planning.filters;
  return (
    <BlockStack gap="400">
      <Filters planning={planning} errors={errors} params={params} />
      <Card padding="0">
        <div style={{ opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
          {planning.rows.length === 0 ? (
            <Empty filtered={filtered} />
          ) : planning.view === "vendor" ? (
            <VendorRows rows={planning.rows} />
          ) : (
            <VariantRows rows={planning.rows} onCreate={setCreating} />
          )}
        </div>
      </Card>
      {planning.total > 0 && (
        <Pager
          hasPrevious={page > 1}
          onPrevious={() => goToPage(page - 1)}
          hasNext={page < planning.pages}
          onNext={() => goToPage(page + 1)}
          label={`Page ${Math.min(page, planning.pages)} of ${planning.pages} · ${number(planning.total)} ${planning.view === "vendor" ? "vendors" : "variants and locations"}`}
        />
      )}
      {creating && <CreateSupplyModal row={creating} onClose={closeModal} />}
    </BlockStack>
  );
}

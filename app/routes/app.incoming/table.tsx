import { useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineStack, Text } from "@shopify/polaris";
import type { IncomingPage } from "~/engine/supply.server";
import { Pager } from "~/ui/pager";

const EMPTY = {
  EXPECTED: {
    heading: "No incoming stock expected",
    text: "Record a purchase order or shipment with Add incoming stock, or import a CSV: waiting orders are then promised the date the stock that covers them arrives.",
  },
  RECEIVED: {
    heading: "Nothing received yet",
    text: "Incoming stock moves here when you mark it received, or when the store's stock at its location rises by its quantity.",
  },
  ALL: {
    heading: "No incoming stock recorded",
    text: "Record a purchase order or shipment with Add incoming stock, or import a CSV.",
  },
} as const;

export function IncomingTable({
  page,
  status,
  errors,
  params,
  onAdd,
  onImport,
}: {
  page: IncomingPage;
  status: keyof typeof EMPTY;
  errors: Record<string, string>;
  params: URLSearchParams;
  onAdd: () => void;
  onImport: () => void;
}) {
  const navigate = useNavigate();
  const go = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(change)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    navigate(`/app/incoming?${next}`);
  };
  const problem = Object.entries(errors)[0];
  if (page.rows.length === 0) {
    const empty = problem
      ? { heading: "This list could not be shown", text: `${problem[0]}: ${problem[1]}. Choose a tab above to start again.` }
      : EMPTY[status];
    return (
      <Card>
        <Box padding="600">
          <BlockStack gap="300" inlineAlign="center">
            <Text as="h2" variant="headingMd">
              {empty.heading}
            </Text>
            <Text as="p" tone="subdued" alignment="center">
              {empty.text}
            </Text>
            {!problem && status !== "RECEIVED" && (
              <InlineStack gap="200">
                <Button variant="primary" onClick={onAdd}>
                  Add incoming stock
                </Button>
                <Button onClick={onImport}>Import CSV</Button>
              </InlineStack>
            )}
          </BlockStack>
        </Box>
      </Card>
    );
  }
  return (
    <BlockStack gap="400">
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: "incoming stock row", plural: "incoming stock rows" }}
          itemCount={page.rows.length}
          selectable={false}
          headings={[
            { title: "Reference" },
            { title: "Vendor" },
            { title: "Variant" },
            { title: "Quantity", alignment: "end" },
            { title: "Location" },
            { title: "Expected" },
            { title: "Status" },
            { title: "Actions", hidden: true },
          ]}
        >
          {page.rows.map((row, index) => (
            <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="medium">
                  {row.reference ?? "—"}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.vendor ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="050">
                  <Text as="span">{row.variant.title}</Text>
                  {row.variant.sku && (
                    <Text as="span" variant="bodySm" tone="subdued">
                      SKU {row.variant.sku}
                    </Text>
                  )}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.quantity}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.location}</IndexTable.Cell>
              <IndexTable.Cell>
                <time dateTime={row.expectedOn}>{row.expectedOn}</time>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={row.status === "EXPECTED" ? "info" : "success"}>{row.status === "EXPECTED" ? "Expected" : "Received"}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Button
                  size="slim"
                  onClick={() => go({ edit: String(row.id) })}
                  accessibilityLabel={`Change ${row.reference ?? `row ${row.id}`} (${row.variant.sku ?? row.variant.title})`}
                >
                  {row.status === "EXPECTED" ? "Change" : "Details"}
                </Button>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
      {(page.next || page.previous) && (
        <Pager
          hasPrevious={Boolean(page.previous)}
          onPrevious={() => go({ before: page.previous, after: null, edit: null })}
          hasNext={Boolean(page.next)}
          onNext={() => go({ after: page.next, before: null, edit: null })}
          label="By expected date, 50 a page"
        />
      )}
    </BlockStack>
  );
}

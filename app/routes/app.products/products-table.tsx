import { Form, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineError,
  InlineStack,
  Text,
  TextField,
  Thumbnail,
  useIndexResourceState,
} from "@shopify/polaris";
import { useState } from "react";
import { badgeText } from "~/backorders/badge-preview";
import type { ProductRow, ProductsPage } from "~/engine/products.server";
import { Pager } from "~/ui/pager";
import { EditModal } from "./edit-modal";
import { variantName } from "./variant-name";

/** The thumbnail of a product without an image: a plain frame. */
const NoImage = () => (
  <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <rect x="3" y="3" width="14" height="14" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <path d="M5 14l3.5-4 2.5 3 1.5-2 2.5 3" fill="none" stroke="currentColor" strokeWidth="1.5" />
  </svg>
);

const capText = (row: ProductRow) =>
  row.capKind === "FIXED" ? `${row.capUnits ?? 0} units` : row.capKind === "DYNAMIC" ? "Incoming stock" : "No cap";

function Backorders({ enabled }: { enabled: boolean | null }) {
  if (enabled === null) return <Badge>Not set up</Badge>;
  return enabled ? <Badge tone="success">On</Badge> : <Badge tone="critical">Off</Badge>;
}

function SearchForm({ query, error }: { query: string; error?: string }) {
  const [value, setValue] = useState(query);
  return (
    <Box padding="300">
      <Form method="get">
        <InlineStack gap="200" blockAlign="end">
          <div style={{ flexGrow: 1 }}>
            <TextField
              label="Search variants"
              labelHidden
              name="query"
              placeholder="Search by product, variant, SKU or vendor"
              value={value}
              onChange={setValue}
              autoComplete="off"
              error={error}
              clearButton
              onClearButtonClick={() => setValue("")}
            />
          </div>
          <Button submit>Search</Button>
        </InlineStack>
      </Form>
    </Box>
  );
}

export function ProductsTable({ page, errors, onAdd }: { page: ProductsPage; errors: Record<string, string>; onAdd: () => void }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(page.rows, {
    resourceIDResolver: (row) => row.variantId,
  });
  const [editing, setEditing] = useState<string[] | null>(null);
  const goTo = (cursor: { after?: string; before?: string }) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [name, value] of Object.entries(cursor)) if (value) next.set(name, value);
    navigate(`/app/products?${next}`);
  };
  const selected = allResourcesSelected ? page.rows.map((row) => row.variantId) : selectedResources;
  const pageError = errors.after ?? errors.before;

  return (
    <BlockStack gap="400">
      <Card padding="0">
        <SearchForm query={page.query} error={errors.query} />
        {pageError && (
          <Box paddingInline="300" paddingBlockEnd="300">
            <InlineError
              message={`That page link is out of date (${pageError}): search again or go back to the first page.`}
              fieldID="products-page"
            />
          </Box>
        )}
        {page.rows.length === 0 ? (
          <Box padding="600">
            <BlockStack gap="300" inlineAlign="center">
              {page.query ? (
                <>
                  <Text as="h2" variant="headingMd">
                    No variants match &ldquo;{page.query}&rdquo;
                  </Text>
                  <Text as="p" tone="subdued" alignment="center">
                    Search by another product title, variant, SKU or vendor, or add the product from your store.
                  </Text>
                  <InlineStack gap="200">
                    <Button onClick={() => navigate("/app/products")}>Clear the search</Button>
                    <Button variant="primary" onClick={onAdd}>
                      Add products
                    </Button>
                  </InlineStack>
                </>
              ) : (
                <>
                  <Text as="h2" variant="headingMd">
                    No products followed yet
                  </Text>
                  <Text as="p" tone="subdued" alignment="center">
                    Add the products you want to sell on backorder. For each variant you then choose whether it keeps selling when out of
                    stock, a cap, a lead time and a message for shoppers. Variants your orders name appear here on their own.
                  </Text>
                  <Button variant="primary" onClick={onAdd}>
                    Add products
                  </Button>
                </>
              )}
            </BlockStack>
          </Box>
        ) : (
          <IndexTable
            resourceName={{ singular: "variant", plural: "variants" }}
            itemCount={page.rows.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[{ content: "Edit backorder settings", onAction: () => setEditing(selected) }]}
            headings={[
              { title: "Product" },
              { title: "SKU" },
              { title: "Vendor" },
              { title: "Selling when out of stock" },
              { title: "Backorders" },
              { title: "Cap" },
              { title: "Lead time" },
              { title: "Shopper message" },
              { title: "Storefront badge" },
              { title: "Actions", hidden: true },
            ]}
          >
            {page.rows.map((row, index) => {
              const badge = row.badge && badgeText(row.badge, page.today);
              return (
                <IndexTable.Row id={row.variantId} key={row.variantId} position={index} selected={selected.includes(row.variantId)}>
                  <IndexTable.Cell>
                    <InlineStack gap="300" blockAlign="center" wrap={false}>
                      <Thumbnail source={row.imageUrl ?? NoImage} alt="" size="small" />
                      <Text as="span" fontWeight="medium">
                        {variantName(row)}
                      </Text>
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.sku ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{row.vendor ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{row.inventoryPolicy === "CONTINUE" ? "Continues selling" : "Stops at zero"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Backorders enabled={row.backordersEnabled} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.backordersEnabled === null ? "—" : capText(row)}</IndexTable.Cell>
                  <IndexTable.Cell>{row.leadTimeDays === null ? "—" : `${row.leadTimeDays} days`}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", minWidth: 160, maxWidth: 240 }}>{row.message ?? "—"}</div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", minWidth: 160 }}>{badge ? badge.headline : "None yet"}</div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* The row selects on click; the button edits this variant alone. */}
                    <div onClick={(event) => event.stopPropagation()}>
                      <Button onClick={() => setEditing([row.variantId])} accessibilityLabel={`Edit ${variantName(row)}`}>
                        Edit
                      </Button>
                    </div>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
      </Card>
      {(page.next || page.previous) && (
        <Pager
          hasPrevious={Boolean(page.previous)}
          onPrevious={() => goTo({ before: page.previous ?? undefined })}
          hasNext={Boolean(page.next)}
          onNext={() => goTo({ after: page.next ?? undefined })}
          label="By product title, 50 a page"
        />
      )}
      {editing && (
        <EditModal
          rows={page.rows.filter((row) => editing.includes(row.variantId))}
          page={page}
          onClose={(saved) => {
            setEditing(null);
            if (saved) clearSelection();
          }}
        />
      )}
    </BlockStack>
  );
}

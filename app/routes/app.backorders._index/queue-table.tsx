import { Link as RemixLink, useFetcher, useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  IndexTable,
  InlineStack,
  Modal,
  Text,
  Thumbnail,
  useIndexResourceState,
  type IndexTableProps,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useEffect, useState } from "react";
import type { QueuePage, QueueRow, QueueSort } from "~/engine/queue.server";
import { Pager } from "~/ui/pager";
import type { ActionAnswer } from "./route";
import { FILTERS } from "./filters";

const HEADINGS: IndexTableProps["headings"] = [
  { title: "Product" },
  { title: "SKU" },
  { title: "Location" },
  { title: "Order" },
  { title: "Customer" },
  { title: "Units waiting", alignment: "end" },
  { title: "Place in line", alignment: "end" },
  { title: "Promised" },
  { title: "Current date" },
  { title: "Days waiting", alignment: "end" },
  { title: "Hold" },
  { title: "Actions" },
];
/** Heading index -> the sort it stands for. */
const SORTABLE: Record<number, "product" | "ordered" | "units"> = { 0: "product", 3: "ordered", 5: "units" };

const HOLD_BADGE: Record<QueueRow["hold"], { tone?: "attention" | "info" | "success"; label: string }> = {
  held: { tone: "attention", label: "On hold" },
  released: { tone: "success", label: "Released by you" },
  not_held: { label: "Not held" },
};

type Intent = "pin" | "unpin" | "release";

export function QueueTable({ page, params }: { page: QueuePage; params: URLSearchParams }) {
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const fetcher = useFetcher<ActionAnswer>();
  const rows = page.rows;
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    rows.map((row) => ({ id: String(row.id) })),
  );
  const [confirming, setConfirming] = useState<QueueRow[] | null>(null);
  const act = (intent: Intent, lines: QueueRow[]) =>
    fetcher.submit({ intent, ids: lines.map((l) => l.id).join(",") }, { method: "post", action: "/app/backorders?index" });

  const answer = fetcher.data;
  useEffect(() => {
    if (fetcher.state !== "idle" || !answer) return;
    shopify.toast.show(answer.message, { isError: !answer.ok });
    if (answer.ok) clearSelection();
  }, [fetcher.state, answer, shopify, clearSelection]);

  const sort = (params.get("sort") ?? "ordered-asc") as QueueSort;
  const [sortKey, sortWay] = sort.split("-");
  const sortIndex = Number(Object.entries(SORTABLE).find(([, key]) => key === sortKey)?.[0] ?? 3);
  const goTo = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    navigate(`/app/backorders?${next}`);
  };

  const selected = rows.filter((row) => selectedResources.includes(String(row.id)));
  const filtered = FILTERS.some((name) => params.get(name));
  if (rows.length === 0) {
    return (
      <Card>
        <Box padding="600">
          <BlockStack gap="200" inlineAlign="center">
            <Text as="h2" variant="headingMd">
              {filtered || Object.keys(page.errors).length > 0 ? "No waiting lines match" : "Nothing is waiting for stock"}
            </Text>
            <Text as="p" tone="subdued" alignment="center">
              {filtered || Object.keys(page.errors).length > 0
                ? "Correct the filter marked above, or clear the filters to see every waiting line."
                : "When an order comes in for a variant that is out of stock and allowed to oversell, its line waits here until stock arrives. Turn on backorders for a variant under Products."}
            </Text>
          </BlockStack>
        </Box>
      </Card>
    );
  }
  return (
    <BlockStack gap="400">
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: "waiting line", plural: "waiting lines" }}
          itemCount={rows.length}
          selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
          onSelectionChange={handleSelectionChange}
          headings={HEADINGS}
          sortable={HEADINGS.map((_, index) => index in SORTABLE)}
          sortColumnIndex={sortIndex}
          sortDirection={sortWay === "desc" ? "descending" : "ascending"}
          onSort={(index, direction) =>
            goTo({ sort: `${SORTABLE[index]}-${direction === "descending" ? "desc" : "asc"}`, after: undefined, before: undefined })
          }
          promotedBulkActions={[
            { content: "Pin to front", onAction: () => act("pin", selected) },
            { content: "Release now", onAction: () => setConfirming(selected) },
          ]}
          bulkActions={[{ content: "Unpin", onAction: () => act("unpin", selected) }]}
        >
          {rows.map((row, index) => (
            <IndexTable.Row id={String(row.id)} key={row.id} position={index} selected={selectedResources.includes(String(row.id))}>
              <IndexTable.Cell>
                <InlineStack gap="300" blockAlign="center" wrap={false}>
                  <Thumbnail source={row.imageUrl || ImageIcon} alt="" size="small" />
                  <BlockStack gap="100">
                    <RemixLink to={`/app/backorders/${row.id}`} data-primary-link="true" onClick={(event) => event.stopPropagation()}>
                      <Text as="span" fontWeight="semibold">
                        {row.product}
                      </Text>
                    </RemixLink>
                    {row.pinned && (
                      <span>
                        <Badge tone="info">Pinned</Badge>
                      </span>
                    )}
                  </BlockStack>
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.sku}</IndexTable.Cell>
              <IndexTable.Cell>{row.location}</IndexTable.Cell>
              <IndexTable.Cell>
                <a href={row.orderUrl} target="_top" onClick={(event) => event.stopPropagation()}>
                  {row.orderName}
                </a>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.customerName || "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.unitsWaiting}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.placeInLine ?? "—"}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.promisedEta ?? "Unknown"}</IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack gap="100" wrap={false}>
                  <span>{row.currentEta ?? "Unknown"}</span>
                  {row.late && <Badge tone="critical">Late</Badge>}
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.daysWaiting}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={HOLD_BADGE[row.hold].tone}>{HOLD_BADGE[row.hold].label}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <div onClick={(event) => event.stopPropagation()} role="presentation">
                  <ButtonGroup noWrap>
                    <Button
                      size="slim"
                      onClick={() => act(row.pinned ? "unpin" : "pin", [row])}
                      accessibilityLabel={`${row.pinned ? "Unpin" : "Pin"} ${row.orderName} ${row.product}`}
                    >
                      {row.pinned ? "Unpin" : "Pin"}
                    </Button>
                    <Button
                      size="slim"
                      disabled={row.hold === "released"}
                      onClick={() => setConfirming([row])}
                      accessibilityLabel={`Release now: ${row.orderName} ${row.product}`}
                    >
                      Release now
                    </Button>
                  </ButtonGroup>
                </div>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
      {(page.next || page.previous) && (
        <Pager
          hasPrevious={Boolean(page.previous)}
          onPrevious={() => goTo({ before: page.previous ?? undefined, after: undefined })}
          hasNext={Boolean(page.next)}
          onNext={() => goTo({ after: page.next ?? undefined, before: undefined })}
          label="50 lines a page"
        />
      )}
      <Modal
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.length === 1 ? "Release this line now?" : `Release ${confirming?.length ?? 0} lines now?`}
        primaryAction={{
          content: "Release now",
          destructive: true,
          onAction: () => {
            if (confirming) act("release", confirming);
            setConfirming(null);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            <Text as="p">
              The app lifts its hold so the store can ship{" "}
              {confirming?.length === 1 ? `${confirming[0].orderName} (${confirming[0].product})` : "these lines"} now, without the stock it
              is waiting for. It will not hold {confirming?.length === 1 ? "it" : "them"} again.
            </Text>
            <Text as="p" tone="subdued">
              Use this when you will ship from elsewhere, or the customer agreed to a partial shipment.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}

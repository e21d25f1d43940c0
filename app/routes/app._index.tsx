import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { db } from "~/db.server";
import { getBackorderSummary } from "~/engine/queries.server";
import { getInboxSummary } from "~/inbox/summary.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [summary, backorders] = await Promise.all([getInboxSummary(db, session.shop), getBackorderSummary(db, session.shop)]);
  return { shop: session.shop, summary, backorders };
};

const STATUS_LABELS = [
  ["PROCESSED", "Processed"],
  ["RECEIVED", "Waiting"],
  ["IGNORED", "Ignored"],
  ["DEAD", "Dead letters"],
] as const;

export default function Overview() {
  const { shop, summary, backorders } = useLoaderData<typeof loader>();
  return (
    <Page title="Backorder Manager" subtitle={shop}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Waiting for stock
              </Text>
              <Text as="p" tone="subdued">
                {backorders.waitingLines} order lines, {backorders.waitingUnits} units
              </Text>
              {backorders.next.length > 0 && (
                <DataTable
                  columnContentTypes={["text", "numeric", "text", "numeric", "text"]}
                  headings={["Item", "In line", "Order", "Units waiting", "Expected"]}
                  rows={backorders.next.map((line) => [
                    line.item,
                    line.queuePosition ?? "",
                    line.order,
                    line.backordered,
                    line.eta ?? "Unknown",
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Store events
              </Text>
              <InlineGrid columns={4} gap="400">
                {STATUS_LABELS.map(([status, label]) => (
                  <BlockStack key={status} gap="100">
                    <Text as="p" tone="subdued">
                      {label}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {summary.counts[status]}
                    </Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Dead letters
              </Text>
              {summary.deadLetters.length === 0 ? (
                <Text as="p" tone="subdued">
                  Every event was processed.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={["Kind", "What", "Error", "When"]}
                  rows={summary.deadLetters.map((d) => [d.kind, d.label, d.error ?? "", d.at])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

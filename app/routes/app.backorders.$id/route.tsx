// One waiting line: where it stands, and its history from the audit trail.
// Another shop's line, or no line, answers 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { db } from "~/db.server";
import { lineDetail } from "~/engine/queue.server";
import { authenticate } from "~/shopify.server";
import { AuditTable } from "~/ui/audit-table";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const meta = () => [{ title: "Backorder line · Backorder Manager" }];

const lineId = z.coerce.number().int().positive();

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = lineId.safeParse(params.id);
  if (!id.success) throw new Response("id: must be a line id", { status: 400 });
  const detail = await lineDetail(db, session.shop, id.data);
  if (!detail) throw new Response("No such line in this store", { status: 404 });
  return detail;
};

const STATE_LABEL: Record<string, string> = {
  backordered: "Waiting for stock",
  allocated: "Given stock, release pending",
  released: "Released to ship",
  fulfilled: "Shipped",
  cancelled: "Cancelled",
};
const HOLD_LABEL = { held: "On hold", released: "Released by you", not_held: "Not held" } as const;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="dt" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="dd">{children}</Text>
    </BlockStack>
  );
}

export default function BackorderLine() {
  const { line, history } = useLoaderData<typeof loader>();
  return (
    <Page
      title={`${line.orderName}: ${line.product}`}
      subtitle={line.customerName || undefined}
      backAction={{ content: "Backorders", url: "/app/backorders" }}
      titleMetadata={
        <BlockStack>
          <Badge tone={line.late ? "critical" : undefined}>{line.late ? "Late" : (STATE_LABEL[line.state] ?? line.state)}</Badge>
        </BlockStack>
      }
    >
      <Layout>
        <Layout.Section>
          <Card>
            <dl style={{ margin: 0 }}>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                <Fact label="State">{STATE_LABEL[line.state] ?? line.state}</Fact>
                <Fact label="Order">
                  <a href={line.orderUrl} target="_top">
                    {line.orderName}
                  </a>
                </Fact>
                <Fact label="SKU">{line.sku || "—"}</Fact>
                <Fact label="Location">{line.location}</Fact>
                <Fact label="Units ordered">{line.quantity}</Fact>
                <Fact label="Units waiting">{line.unitsWaiting}</Fact>
                <Fact label="Place in line">{line.placeInLine ?? "—"}</Fact>
                <Fact label="Days waiting">{line.daysWaiting}</Fact>
                <Fact label="Promised">{line.promisedEta ?? "Unknown"}</Fact>
                <Fact label="Current date">{line.currentEta ?? "Unknown"}</Fact>
                <Fact label="Shown when ordered">{line.shownEta ?? "Not recorded"}</Fact>
                <Fact label="Hold">{HOLD_LABEL[line.hold]}</Fact>
                <Fact label="Pinned">{line.pinned ? "Yes, served first" : "No"}</Fact>
              </InlineGrid>
            </dl>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingMd">
                History
              </Text>
            </Box>
            {history.length === 0 ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  Nothing recorded for this line yet. Its decisions (date promised, holds, releases) appear here as the app makes them.
                </Text>
              </Box>
            ) : (
              <AuditTable entries={history} />
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

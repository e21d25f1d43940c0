import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, Card, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { listDataRequests } from "~/compliance/data-requests.server";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { requests: await listDataRequests(db, session.shop) };
};

/** Fetches the report (App Bridge adds the session token to the app's own requests) and saves it as a file. */
async function download(id: number) {
  const response = await fetch(`/app/data-requests/${id}/download`);
  if (!response.ok) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `data-request-${id}.json`;
  link.click();
  URL.revokeObjectURL(link.href);
}

export default function DataRequests() {
  const { requests } = useLoaderData<typeof loader>();
  return (
    <Page title="Customer data requests" backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              When a customer asks your store for their data, Shopify tells the app, and the app gathers what it holds about them here. Send
              the report to the customer within 30 days.
            </Text>
            <Card padding="0">
              {requests.length === 0 ? (
                <Box padding="400">
                  <Text as="p">No data requests yet. They appear here when a customer asks for their data.</Text>
                </Box>
              ) : (
                <IndexTable
                  resourceName={{ singular: "data request", plural: "data requests" }}
                  itemCount={requests.length}
                  selectable={false}
                  headings={[{ title: "Received" }, { title: "Customer" }, { title: "Shopify request" }, { title: "Report" }]}
                >
                  {requests.map((r, index) => (
                    <IndexTable.Row id={String(r.id)} key={r.id} position={index}>
                      <IndexTable.Cell>{new Date(r.receivedAt).toLocaleString()}</IndexTable.Cell>
                      <IndexTable.Cell>{r.customerId}</IndexTable.Cell>
                      <IndexTable.Cell>{r.dataRequestId ?? ""}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Button onClick={() => void download(r.id)}>Download JSON</Button>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

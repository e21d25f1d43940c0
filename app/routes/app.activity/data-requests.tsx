import { BlockStack, Button, Card, IndexTable, Text } from "@shopify/polaris";
import type { DataRequestListItem } from "~/compliance/data-requests.server";
import { Empty } from "./empty";

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

export function DataRequests({ requests }: { requests: DataRequestListItem[] }) {
  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        When a customer asks your store for their data, Shopify tells the app, and the app gathers what it holds about them here. Send the
        report to the customer within 30 days.
      </Text>
      <Card padding="0">
        {requests.length === 0 ? (
          <Empty heading="No data requests yet">
            They appear here when a customer asks your store for their data (in Shopify: Customers, the customer, then Request customer
            data).
          </Empty>
        ) : (
          <IndexTable
            resourceName={{ singular: "data request", plural: "data requests" }}
            itemCount={requests.length}
            selectable={false}
            headings={[{ title: "Received" }, { title: "Customer" }, { title: "Shopify request" }, { title: "Report" }]}
          >
            {requests.map((r, index) => (
              <IndexTable.Row id={String(r.id)} key={r.id} position={index}>
                <IndexTable.Cell>{r.receivedAt.slice(0, 16).replace("T", " ")} UTC</IndexTable.Cell>
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
  );
}

import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, Card, IndexTable, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { InboxSummary } from "~/inbox/summary.server";
import { Empty } from "./empty";
import type { ReplayAnswer } from "./route";

const COUNTS = [
  { status: "PROCESSED", label: "Processed", help: "Handled and acted on." },
  { status: "RECEIVED", label: "Waiting", help: "Received, about to be handled." },
  { status: "IGNORED", label: "Ignored", help: "Nothing to do (a topic the app does not act on, or the app was not installed)." },
  { status: "DEAD", label: "Failed", help: "Could not be handled; listed below to replay." },
] as const;

type ReplayFetcher = ReturnType<typeof useFetcher<ReplayAnswer>>;

/**
 * One fetcher for every replay on the tab, held by the tab: a replayed row
 * leaves the list as the answer arrives, so the row cannot be the one that
 * says how it went.
 */
function useReplay(): ReplayFetcher {
  const fetcher = useFetcher<ReplayAnswer>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) shopify.toast.show(fetcher.data.message, { isError: !fetcher.data.ok });
  }, [fetcher.state, fetcher.data, shopify]);
  return fetcher;
}

function ReplayOne({ fetcher, kind, id, label }: { fetcher: ReplayFetcher; kind: "job" | "webhook"; id: number; label: string }) {
  const sending = fetcher.state !== "idle" && fetcher.formData?.get("kind") === kind && fetcher.formData?.get("id") === String(id);
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="replay" />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <Button submit size="slim" loading={sending} accessibilityLabel={`Replay ${label}`}>
        Replay
      </Button>
    </fetcher.Form>
  );
}

export function StoreEvents({ summary }: { summary: InboxSummary }) {
  const replay = useReplay();
  const failed = summary.deadLetters.length;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingSm">
            Store events received
          </Text>
          <Text as="p" tone="subdued">
            Shopify tells the app about orders, stock and products as they change. Each event is stored, then handled in the order it
            arrived.
          </Text>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
            {COUNTS.map(({ status, label, help }) => (
              <Box key={status} padding="300" background="bg-surface-secondary" borderRadius="200">
                <BlockStack gap="100">
                  <Text as="h3" variant="bodySm" tone="subdued">
                    {label}
                  </Text>
                  <Text as="p" variant="headingLg" id={`count-${status.toLowerCase()}`}>
                    {summary.counts[status].toLocaleString("en-US")}
                  </Text>
                  <Text as="p" variant="bodyXs" tone="subdued">
                    {help}
                  </Text>
                </BlockStack>
              </Box>
            ))}
          </InlineGrid>
          {summary.deadJobs > 0 && (
            <Text as="p">
              {summary.deadJobs === 1 ? "1 background job" : `${summary.deadJobs} background jobs`} failed for good as well.
            </Text>
          )}
        </BlockStack>
      </Card>
      <Card padding="0">
        <Box padding="400">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingSm">
              Failed events
            </Text>
            {failed > 0 && (
              <replay.Form method="post">
                <input type="hidden" name="intent" value="replay-all" />
                <Button submit variant="primary" loading={replay.state !== "idle" && replay.formData?.get("intent") === "replay-all"}>
                  Replay all
                </Button>
              </replay.Form>
            )}
          </InlineStack>
        </Box>
        {failed === 0 ? (
          <Empty heading="No failed events">
            Everything the store sent was handled. When an event cannot be handled (the store was unreachable for too long, or sent
            something unreadable), it appears here with its error, to replay once the cause is fixed.
          </Empty>
        ) : (
          <IndexTable
            resourceName={{ singular: "failed event", plural: "failed events" }}
            itemCount={failed}
            selectable={false}
            headings={[{ title: "Received" }, { title: "Event" }, { title: "Error" }, { title: "Action", hidden: true }]}
          >
            {summary.deadLetters.map((letter, index) => {
              const label = `${letter.label} (${letter.kind === "job" ? "processing" : "delivery"})`;
              return (
                <IndexTable.Row id={`${letter.kind}-${letter.id}`} key={`${letter.kind}-${letter.id}`} position={index}>
                  <IndexTable.Cell>{letter.at.slice(0, 16).replace("T", " ")} UTC</IndexTable.Cell>
                  <IndexTable.Cell>{label}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <div style={{ whiteSpace: "normal", minWidth: 240 }}>
                      <Text as="span" tone="critical">
                        {letter.error ?? "No error was recorded."}
                      </Text>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <ReplayOne fetcher={replay} kind={letter.kind} id={letter.id} label={label} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
      </Card>
    </BlockStack>
  );
}

import { Badge, BlockStack, Card, Divider, InlineStack, Layout, Text } from "@shopify/polaris";
import { Fragment } from "react";
import type { RecentMessage } from "~/notifications/admin.server";
import { MESSAGES } from "./messages";

const TONE = { SENT: "success", FAILED: "critical", SKIPPED: undefined, PENDING: "attention" } as const;
const STATUS_WORDS: Record<string, string> = { SENT: "Sent", FAILED: "Failed", SKIPPED: "Not sent", PENDING: "Sending" };

/** The latest customer emails: what, to whom, when, and whether it went (the reason when it did not). A list, not a table, so it fits the narrow column without scrolling. */
export function RecentMessages({ recent }: { recent: RecentMessage[] }) {
  const label = (kind: string) => MESSAGES.find((m) => m.kind === kind)?.label ?? kind;
  return (
    <Layout.AnnotatedSection id="recent" title="Latest emails" description="Each order's emails are also in its history under Activity.">
      <Card>
        {recent.length === 0 ? (
          <Text as="p" tone="subdued">
            No customer email yet.
          </Text>
        ) : (
          <BlockStack gap="300">
            {recent.map((message, index) => (
              <Fragment key={message.id}>
                {index > 0 && <Divider />}
                <BlockStack gap="100">
                  <InlineStack gap="200" align="space-between" blockAlign="center">
                    <Text as="h3" variant="headingSm">
                      {message.orderName}: {label(message.kind)}
                    </Text>
                    <Badge tone={TONE[message.status as keyof typeof TONE]}>{STATUS_WORDS[message.status] ?? message.status}</Badge>
                  </InlineStack>
                  <Text as="p">{message.items}</Text>
                  <Text as="p" tone="subdued">
                    To {message.recipient ?? "—"}, {message.at.slice(0, 16).replace("T", " ")}
                  </Text>
                  {message.error && message.status !== "SENT" && (
                    <Text as="p" tone="critical">
                      {message.error}
                    </Text>
                  )}
                </BlockStack>
              </Fragment>
            ))}
          </BlockStack>
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}

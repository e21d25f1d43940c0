import { Badge, Card, DataTable, Layout, Text } from "@shopify/polaris";
import type { RecentMessage } from "~/notifications/admin.server";
import { MESSAGES } from "./messages";

const TONE = { SENT: "success", FAILED: "critical", SKIPPED: undefined, PENDING: "attention" } as const;
const STATUS_WORDS: Record<string, string> = { SENT: "Sent", FAILED: "Failed", SKIPPED: "Not sent", PENDING: "Sending" };

/** The latest customer emails: what, to whom, when, and whether it went (the reason when it did not). */
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
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Order", "Email", "To", "When", "Status"]}
            rows={recent.map((message) => [
              message.orderName,
              `${label(message.kind)}: ${message.items}`,
              message.recipient ?? "—",
              message.at.slice(0, 16).replace("T", " "),
              <span key={message.id} title={message.error ?? undefined}>
                <Badge tone={TONE[message.status as keyof typeof TONE]}>{STATUS_WORDS[message.status] ?? message.status}</Badge>
                {message.error && message.status !== "SENT" ? ` ${message.error}` : ""}
              </span>,
            ])}
          />
        )}
      </Card>
    </Layout.AnnotatedSection>
  );
}

// Audit events as a table: when, what was decided, why, and what set it off.
// The Activity page and a line's history both show the trail this way.
import { BlockStack, IndexTable, Text } from "@shopify/polaris";

/** An event as app/audit/entries.ts writes it for a page. */
export type AuditTableEntry = { id: number; at: string; when: string; kind: string; what: string; why: string; trigger: string };

/** `showKind`: name each event's kind under its time, where the table mixes every kind. */
export function AuditTable({ entries, showKind = false }: { entries: AuditTableEntry[]; showKind?: boolean }) {
  return (
    <IndexTable
      resourceName={{ singular: "event", plural: "events" }}
      itemCount={entries.length}
      selectable={false}
      headings={[{ title: "When" }, { title: "What was decided" }, { title: "Why" }, { title: "Triggered by" }]}
    >
      {entries.map((entry, index) => (
        <IndexTable.Row id={String(entry.id)} key={entry.id} position={index}>
          <IndexTable.Cell>
            <BlockStack gap="100">
              <Text as="span" variant="bodySm">
                <time dateTime={entry.at}>{entry.when}</time>
              </Text>
              {showKind && (
                <Text as="span" variant="bodySm" tone="subdued">
                  {entry.kind}
                </Text>
              )}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", minWidth: 240 }}>
              <Text as="span" fontWeight="medium">
                {entry.what}
              </Text>
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", minWidth: 240 }}>
              <Text as="span">{entry.why}</Text>
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", minWidth: 160 }}>
              <Text as="span">{entry.trigger}</Text>
            </div>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

// The pager under a table: previous and next, centred, with what a page holds.
import { InlineStack, Pagination, type PaginationProps } from "@shopify/polaris";

export function Pager(props: PaginationProps) {
  return (
    <InlineStack align="center">
      <Pagination {...props} />
    </InlineStack>
  );
}

import { BlockStack, Box, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** What a tab shows when it has nothing to list: what this is, and what to do next. */
export function Empty({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <Box padding="600">
      <BlockStack gap="200" inlineAlign="center">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        <Text as="p" tone="subdued" alignment="center">
          {children}
        </Text>
      </BlockStack>
    </Box>
  );
}

import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";

const number = new Intl.NumberFormat("en-US");

/** The first read of the store, as far as it got: the figures below fill in when it ends. */
export function StoreReading({ done, total }: { done: number; total: number | null }) {
  const progress = total ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {total === null ? "Reading your store…" : `Reading your store: ${number.format(done)} of ${number.format(total)} open orders`}
        </Text>
        <ProgressBar progress={progress} size="small" ariaLabelledBy="store-reading-note" />
        <Text as="p" tone="subdued" id="store-reading-note">
          The app is reading your open orders and stock for the first time. This page fills in by itself when it is done.
        </Text>
      </BlockStack>
    </Card>
  );
}

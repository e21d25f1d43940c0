// What a page shows when its loader or action failed: what happened, in
// words a merchant can act on, and the way back. Each admin route exports it
// as its ErrorBoundary; the layout's boundary stays Shopify's, for sign-in.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Button, Layout, Page, Text } from "@shopify/polaris";

function describe(error: unknown): { title: string; detail: string } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return { title: "Not found", detail: "It may have been deleted, or it belongs to another store." };
    const detail = typeof error.data === "string" ? error.data : (error.data?.message ?? error.statusText);
    return { title: `The request was refused (${error.status})`, detail };
  }
  return {
    title: "This page could not be loaded",
    detail: "Reload the page. If it keeps failing, the app's Activity page lists the store events it could not process.",
  };
}

export function RouteError() {
  const { title, detail } = describe(useRouteError());
  return (
    <Page title={title} backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title={title}>
            <BlockStack gap="200">
              <Text as="p">{detail}</Text>
              <div>
                <Button onClick={() => window.location.reload()}>Reload</Button>
              </div>
            </BlockStack>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

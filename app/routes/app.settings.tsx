import type { LoaderFunctionArgs } from "@remix-run/node";
import { Card, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

// Placeholder until the backorder engine brings its settings (priority rule,
// ship available or complete, handling days).
export default function Settings() {
  return (
    <Page title="Settings">
      <Card>
        <Text as="p">Backorder settings arrive with the backorder engine.</Text>
      </Card>
    </Page>
  );
}

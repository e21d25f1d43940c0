// The Dashboard: backorder KPIs over a period (7, 30 or 90 days, in the URL),
// the charts behind them, an alert when the backorder rate passes the
// merchant's threshold, and the first read of the store while it runs.
// Transport only: the figures come from one use case.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { Banner, BlockStack, Button, ButtonGroup, Card, InlineStack, Layout, Page, SkeletonBodyText, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { PERIODS } from "~/backorders/kpis";
import { loadDashboard } from "~/engine/dashboard.server";
import { authenticate } from "~/shopify.server";
import { Charts } from "./charts";
import { KpiGrid } from "./kpis";
import { StoreReading } from "./store-reading";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const meta = () => [{ title: "Dashboard · Backorder Manager" }];

const periodParam = z.coerce
  .number()
  .pipe(z.union(PERIODS.map((p) => z.literal(p)) as [z.ZodLiteral<7>, z.ZodLiteral<30>, z.ZodLiteral<90>]))
  .default(30);

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const period = periodParam.safeParse(new URL(request.url).searchParams.get("period") ?? undefined);
  if (!period.success) throw data({ message: "period: choose 7, 30 or 90 days" }, { status: 400 });
  return loadDashboard(db, session.shop, period.data);
};

// While the first read of the store runs, the page asks again this often.
const POLL_MS = 1_000;

export default function Dashboard() {
  const dashboard = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const reading = dashboard.storeRead.reading;
  useEffect(() => {
    if (!reading) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reading, revalidator]);
  const switching = navigation.state === "loading" && navigation.location.pathname === "/app";
  const empty = dashboard.kpis.orderLines === 0 && dashboard.waiting.lines === 0 && dashboard.kpis.releasedLines === 0;

  return (
    <Page title="Dashboard" subtitle="How backorders are going: rates, waiting times and promises kept">
      <Layout>
        {dashboard.storeRead.reading && (
          <Layout.Section>
            <StoreReading done={dashboard.storeRead.done} total={dashboard.storeRead.total} />
          </Layout.Section>
        )}
        {dashboard.alert.raised && !reading && (
          <Layout.Section>
            <Banner
              tone="warning"
              title={`Backorder rate is ${dashboard.kpis.backorderRate}%, above your alert at ${dashboard.alert.thresholdPercent}%`}
              action={{ content: "Change the alert in Settings", url: "/app/settings" }}
            >
              <Text as="p">
                More order lines than usual went on backorder in the last {dashboard.period} days. Record incoming stock so customers get
                dates, or limit backorders on the products that sell out.
              </Text>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Last {dashboard.period} days
            </Text>
            <ButtonGroup variant="segmented">
              {PERIODS.map((period) => (
                <Button
                  key={period}
                  pressed={period === dashboard.period}
                  onClick={() => setParams(period === 30 ? {} : { period: String(period) })}
                >
                  {`${period} days`}
                </Button>
              ))}
            </ButtonGroup>
          </InlineStack>
        </Layout.Section>
        {switching || reading ? (
          <Layout.Section>
            <Card>
              <SkeletonBodyText lines={6} />
            </Card>
          </Layout.Section>
        ) : empty ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  No orders in this period yet
                </Text>
                <Text as="p">
                  Figures appear here once customers order. Turn on backorders for the products that sell out on the Products page, and
                  record incoming stock so waiting customers get a date.
                </Text>
                <InlineStack gap="200">
                  <Button url="/app/products">Go to Products</Button>
                  <Button url="/app/incoming">Record incoming stock</Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <KpiGrid dashboard={dashboard} />
            </Layout.Section>
            <Layout.Section>
              <Charts charts={dashboard.charts} />
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}

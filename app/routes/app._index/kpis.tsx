import { BlockStack, Card, InlineGrid, Text, Tooltip } from "@shopify/polaris";
import { formatHours } from "~/backorders/kpis";
import type { Dashboard } from "~/engine/dashboard.server";

type Kpi = { label: string; value: string; detail: string; definition: string };

const number = new Intl.NumberFormat("en-US");
const share = (value: number | null) => (value === null ? "–" : `${value}%`);

function kpisOf(dashboard: Dashboard): Kpi[] {
  const { kpis, waiting, period, currencyCode } = dashboard;
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode });
  return [
    {
      label: "Backorder rate",
      value: share(kpis.backorderRate),
      detail: `${number.format(kpis.backorderedLines)} of ${number.format(kpis.orderLines)} order lines`,
      definition: `Share of the order lines placed in the last ${period} days that went on backorder (waited for stock).`,
    },
    {
      label: "Fill rate",
      value: share(kpis.fillRate),
      detail: `${number.format(Math.max(0, kpis.orderLines - kpis.backorderedLines))} lines shipped from stock`,
      definition: "Share of order lines that could ship from stock when they were ordered, without waiting.",
    },
    {
      label: "Backorder duration",
      value: `${formatHours(kpis.medianWaitHours)} median`,
      detail: `${formatHours(kpis.p90WaitHours)} for 9 in 10 lines (90th percentile)`,
      definition: "Time from going on backorder to release, for lines released in the period: the median, and the 90th percentile.",
    },
    {
      label: "Cancellation rate",
      value: share(kpis.cancellationRate),
      detail: `of ${number.format(kpis.backorderedLines)} backordered lines`,
      definition: "Share of the lines that went on backorder in the period that were cancelled before shipping.",
    },
    {
      label: "Promise accuracy",
      value: share(kpis.promiseAccuracy),
      detail: `${number.format(kpis.releasedLines)} lines released`,
      definition:
        "Share of released lines released on or before the date the customer was promised: the one the product page showed them when the order records it, else the first date the app gave.",
    },
    {
      label: "Units waiting",
      value: number.format(waiting.units),
      detail: `${number.format(waiting.lines)} lines, worth ${money.format(waiting.valueCents / 100)}`,
      definition: "Units on backorder now, across all lines still waiting for stock, and their value at the product's price.",
    },
    {
      label: "Oldest waiting line",
      value: waiting.oldest ? `${waiting.oldest.days} ${waiting.oldest.days === 1 ? "day" : "days"}` : "–",
      detail: waiting.oldest ? `Order ${waiting.oldest.orderName ?? waiting.oldest.orderId}` : "Nothing is waiting",
      definition: "How long the line that has waited longest for stock has been on backorder.",
    },
  ];
}

/** Each KPI in a card, its definition in a tooltip on its name. */
export function KpiGrid({ dashboard }: { dashboard: Dashboard }) {
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      {kpisOf(dashboard).map((kpi) => (
        <Card key={kpi.label}>
          <BlockStack gap="200" id={`kpi-${kpi.label.toLowerCase().replaceAll(" ", "-")}`}>
            <Tooltip content={kpi.definition} hasUnderline>
              <Text as="h3" variant="headingSm">
                {kpi.label}
              </Text>
            </Tooltip>
            <Text as="p" variant="headingLg">
              {kpi.value}
            </Text>
            <Text as="p" tone="subdued">
              {kpi.detail}
            </Text>
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

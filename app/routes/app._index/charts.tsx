import { BlockStack, Card, InlineGrid, SkeletonBodyText, Text } from "@shopify/polaris";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState, type ReactNode } from "react";
import type { Dashboard } from "~/engine/dashboard.server";

// The charts measure their container, which a server render has not got:
// they draw after hydration, with a skeleton of the same height before.
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

// polaris-viz's SVG markup does not pass axe (ARIA roles without their
// required children, unlabelled points, focusable parts): the drawing is
// inert, out of reach of assistive technology and the keyboard, which read
// the same figures as text instead. React 18 knows no `inert` prop.
const inert = (element: HTMLElement | null) => element?.setAttribute("inert", "");

function ChartCard({
  id,
  title,
  summary,
  figures,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  figures: string;
  children: ReactNode;
}) {
  const hydrated = useHydrated();
  return (
    <Card>
      <BlockStack gap="300" id={id}>
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {summary}
        </Text>
        <Text as="p" visuallyHidden>
          {figures}
        </Text>
        <div style={{ height: 240 }} aria-hidden="true" ref={inert}>
          {hydrated ? children : <SkeletonBodyText lines={8} />}
        </div>
      </BlockStack>
    </Card>
  );
}

const shortDay = (day: string) => day.slice(5);

export function Charts({ charts }: { charts: Dashboard["charts"] }) {
  const lastUnits = charts.unitsWaiting.at(-1)?.units ?? 0;
  const released = charts.releases.reduce((sum, d) => sum + d.released, 0);
  const promised = charts.releases.reduce((sum, d) => sum + d.promised, 0);
  const durations = charts.durations.reduce((sum, d) => sum + d.lines, 0);
  return (
    <PolarisVizProvider defaultTheme="Light">
      <BlockStack gap="400">
        <ChartCard
          id="chart-units-waiting"
          title="Units waiting per day"
          summary={`${lastUnits} units waiting at the end of today`}
          figures={charts.unitsWaiting.map((d) => `${d.day}: ${d.units}`).join(", ")}
        >
          <LineChart
            theme="Light"
            isAnimated={false}
            showLegend={false}
            data={[{ name: "Units waiting", data: charts.unitsWaiting.map((d) => ({ key: shortDay(d.day), value: d.units })) }]}
          />
        </ChartCard>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <ChartCard
            id="chart-releases"
            title="Lines released per day, against promised"
            summary={`${released} released, ${promised} promised for these days`}
            figures={charts.releases.map((d) => `${d.day}: ${d.released} released, ${d.promised} promised`).join("; ")}
          >
            <BarChart
              theme="Light"
              isAnimated={false}
              data={[
                { name: "Released", data: charts.releases.map((d) => ({ key: shortDay(d.day), value: d.released })) },
                { name: "Promised", data: charts.releases.map((d) => ({ key: shortDay(d.day), value: d.promised })) },
              ]}
            />
          </ChartCard>
          <ChartCard
            id="chart-durations"
            title="Backorder duration"
            summary={`${durations} lines released, by time waited`}
            figures={charts.durations.map((d) => `${d.label}: ${d.lines} lines`).join(", ")}
          >
            <BarChart
              theme="Light"
              isAnimated={false}
              showLegend={false}
              data={[{ name: "Lines released", data: charts.durations.map((d) => ({ key: d.label, value: d.lines })) }]}
            />
          </ChartCard>
        </InlineGrid>
      </BlockStack>
    </PolarisVizProvider>
  );
}

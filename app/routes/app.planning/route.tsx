// The Purchase planning page: what to order, per variant at a location or
// per vendor (a tab each; the view, filters, sort and page are in the URL),
// and "create incoming stock" from a row. Transport only: the figures come
// from the planning use case, the new stock goes through its use case.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Card, Layout, Page, SkeletonBodyText, Tabs } from "@shopify/polaris";
import { z } from "zod";
import { db } from "~/db.server";
import { createSupplyFromPlan, planningFilters, planningPage, planSupplyInput, PlanningItemNotFoundError } from "~/engine/planning.server";
import { fieldErrors } from "~/input";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate } from "~/shopify.server";
import { PlanningTable } from "./planning-table";
import type { SupplyAnswer } from "./create-supply";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const meta = () => [{ title: "Purchase planning · Backorder Manager" }];

const TABS = [
  { id: "sku", content: "By variant" },
  { id: "vendor", content: "By vendor" },
] as const;

/** The first error of each field, named, for showing beside it. */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = planningFilters.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (parsed.success) return { planning: await planningPage(db, session.shop, parsed.data), errors: {} as Record<string, string> };
  // A bad filter lists nothing, and says which one is wrong; the filter choices still load.
  const planning = await planningPage(db, session.shop, planningFilters.parse({}));
  return data(
    { planning: { ...planning, rows: [], total: 0, pages: 1 }, errors: fieldErrors(parsed.error, { named: true }) },
    { status: 400 },
  );
};

// Form fields arrive as text.
const supplyForm = planSupplyInput.extend({
  quantity: z.coerce.number("must be a number").int("must be a whole number").positive("must be at least 1").max(1_000_000),
  vendor: z.string().trim().max(255).optional(),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = supplyForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<SupplyAnswer>({ ok: false, errors: fieldErrors(parsed.error, { named: true }) }, { status: 400 });
  try {
    const row = await createSupplyFromPlan({ db, jobs }, session.shop, parsed.data);
    const units = row.quantity === 1 ? "1 unit" : `${row.quantity} units`;
    return data<SupplyAnswer>({ ok: true, message: `Incoming stock ${row.reference} recorded: ${units} on ${row.expectedOn}` });
  } catch (error) {
    if (error instanceof PlanningItemNotFoundError)
      return data<SupplyAnswer>({ ok: false, errors: { form: "That variant or location is not in this store." } }, { status: 404 });
    throw error;
  }
};

export default function PurchasePlanning() {
  const { planning, errors } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/planning";
  // Switching views: the other view's rows would mislead while the new ones load.
  const switching = loading && (new URLSearchParams(navigation.location.search).get("view") ?? "sku") !== planning.view;
  const selected = TABS.findIndex((tab) => tab.id === planning.view);
  return (
    <Page
      fullWidth
      title="Purchase planning"
      subtitle={`What to order so every waiting order ships: the shortfall plus your safety stock of ${planning.safetyStock} ${planning.safetyStock === 1 ? "unit" : "units"} (set it under Settings)`}
    >
      <Layout>
        <Layout.Section>
          <Tabs
            tabs={TABS.map((tab) => ({ ...tab, panelID: `${tab.id}-panel` }))}
            selected={selected}
            onSelect={(index) => {
              const next = new URLSearchParams(params);
              next.set("view", TABS[index].id);
              next.delete("page");
              setParams(next);
            }}
          >
            {/* Polaris puts the children in the selected tab's panel. */}
            <div style={{ paddingTop: "var(--p-space-400)" }}>
              {switching ? (
                <Card>
                  <SkeletonBodyText lines={8} />
                </Card>
              ) : (
                <PlanningTable planning={planning} errors={errors} params={params} loading={loading} />
              )}
            </div>
          </Tabs>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

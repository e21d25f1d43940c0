// The Activity page: the audit trail, the store events with their dead
// letters, and customers' data requests, one tab each (the tab is in the
// URL). Transport only: each tab's data comes from one feature function.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Card, Layout, Page, SkeletonBodyText, Tabs } from "@shopify/polaris";
import { z } from "zod";
import { auditPage } from "~/audit/activity.server";
import { auditFilters } from "~/audit/filters";
import { fieldErrors } from "~/input";
import { listDataRequests } from "~/compliance/data-requests.server";
import { db } from "~/db.server";
import { replayFromAdmin } from "~/inbox/dead-letters.server";
import { getInboxSummary } from "~/inbox/summary.server";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate } from "~/shopify.server";
import { AuditTrail } from "./audit-trail";
import { DataRequests } from "./data-requests";
import { StoreEvents } from "./store-events";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const meta = () => [{ title: "Activity · Backorder Manager" }];

const TABS = [
  { id: "audit", content: "Audit trail" },
  { id: "events", content: "Store events" },
  { id: "requests", content: "Data requests" },
] as const;
const tabParam = z.enum(["audit", "events", "requests"]).catch("audit");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const tab = tabParam.parse(params.get("tab"));
  if (tab === "events") return { tab, events: await getInboxSummary(db, session.shop) };
  if (tab === "requests") return { tab, requests: await listDataRequests(db, session.shop) };
  const filters = auditFilters.safeParse(Object.fromEntries(params));
  if (!filters.success) {
    const errors = fieldErrors(filters.error, { fallback: "filters", named: true });
    return data({ tab, audit: { entries: [], older: null, newer: null, kinds: [], errors } }, { status: 400 });
  }
  const audit = await auditPage(db, session.shop, filters.data);
  return data({ tab, audit }, { status: Object.keys(audit.errors).length > 0 ? 422 : 200 });
};

const replayInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay"), kind: z.enum(["job", "webhook"]), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("replay-all") }),
]);

export type ReplayAnswer = { ok: boolean; message: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = replayInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data<ReplayAnswer>({ ok: false, message: `${issue.path.join(".") || "intent"}: ${issue.message}` }, { status: 400 });
  }
  const input = parsed.data;
  const target = input.intent === "replay-all" ? "all" : { kind: input.kind, id: input.id };
  const result = await replayFromAdmin({ db, jobs }, session.shop, target);
  if (!result)
    return data<ReplayAnswer>({ ok: false, message: "That failed event is not in this store, or was replayed already." }, { status: 404 });
  const replayed = result.jobs + result.webhookEvents;
  return data<ReplayAnswer>({ ok: true, message: replayed === 1 ? "Replaying 1 failed event" : `Replaying ${replayed} failed events` });
};

export default function Activity() {
  const loaded = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  // Switching tabs: the old tab's data would mislead while the new one loads.
  const switching =
    navigation.state === "loading" &&
    navigation.location.pathname === "/app/activity" &&
    tabParam.parse(new URLSearchParams(navigation.location.search).get("tab")) !== loaded.tab;
  const selected = TABS.findIndex((tab) => tab.id === loaded.tab);
  return (
    <Page title="Activity" subtitle="What the app decided and why, the store events it received, and your customers' data requests">
      <Layout>
        <Layout.Section>
          <Tabs
            tabs={TABS.map((tab) => ({ ...tab, panelID: `${tab.id}-panel` }))}
            selected={selected}
            onSelect={(index) => setParams({ tab: TABS[index].id })}
          >
            <div id={`${loaded.tab}-panel`} role="tabpanel" aria-labelledby={loaded.tab} style={{ paddingTop: "var(--p-space-400)" }}>
              {switching ? (
                <Card>
                  <SkeletonBodyText lines={6} />
                </Card>
              ) : loaded.tab === "events" ? (
                <StoreEvents summary={loaded.events} />
              ) : loaded.tab === "requests" ? (
                <DataRequests requests={loaded.requests} />
              ) : (
                <AuditTrail page={loaded.audit} params={params} />
              )}
            </div>
          </Tabs>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

// The Backorders page: the shop's waiting lines, a page at a time, with
// filters, search and sort in the URL, and the merchant's actions on them
// (pin, unpin, release now). Transport only: the data comes from
// queuePage, each action from one use case.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Card, Layout, Page, SkeletonBodyText } from "@shopify/polaris";
import { z } from "zod";
import { db } from "~/db.server";
import { LineNotFoundError, lineIdsInput, pinLines, releaseLinesNow, unpinLines } from "~/engine/queue-actions.server";
import { queueFilters, queuePage } from "~/engine/queue.server";
import { fieldErrors } from "~/input";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate } from "~/shopify.server";
import { QueueFilters } from "./filters";
import { QueueTable } from "./queue-table";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const meta = () => [{ title: "Backorders · Backorder Manager" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const filters = queueFilters.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!filters.success) {
    const page = await queuePage(db, session.shop, queueFilters.parse({}));
    return data(
      { ...page, rows: [], next: null, previous: null, errors: fieldErrors(filters.error, { fallback: "filters", named: true }) },
      { status: 400 },
    );
  }
  const page = await queuePage(db, session.shop, filters.data);
  return data(page, { status: Object.keys(page.errors).length > 0 ? 422 : 200 });
};

const actionInput = z.object({
  intent: z.enum(["pin", "unpin", "release"], { message: "must be pin, unpin or release" }),
  ids: z
    .string({ message: "select at least one line" })
    .transform((text) => text.split(",").filter((id) => id.trim() !== ""))
    .pipe(z.array(z.coerce.number<string>().int().positive("must be line ids")))
    .pipe(lineIdsInput),
});

export type ActionAnswer = { ok: boolean; message: string; errors: Record<string, string> };

const DONE = {
  pin: (n: number) => (n === 1 ? "Pinned 1 line to the front" : `Pinned ${n} lines to the front`),
  unpin: (n: number) => (n === 1 ? "Unpinned 1 line" : `Unpinned ${n} lines`),
  release: (n: number) => (n === 1 ? "Releasing 1 line to ship now" : `Releasing ${n} lines to ship now`),
};
const UNCHANGED = {
  pin: "Already pinned: nothing changed",
  unpin: "Not pinned: nothing changed",
  release: "Already released: nothing changed",
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, { fallback: "filters", named: true });
    return data<ActionAnswer>({ ok: false, message: Object.values(errors)[0], errors }, { status: 400 });
  }
  const { intent, ids } = parsed.data;
  const run = { pin: pinLines, unpin: unpinLines, release: releaseLinesNow }[intent];
  try {
    const { changed } = await run({ db, jobs }, session.shop, ids);
    return data<ActionAnswer>({ ok: true, message: changed > 0 ? DONE[intent](changed) : UNCHANGED[intent], errors: {} });
  } catch (error) {
    if (!(error instanceof LineNotFoundError)) throw error;
    return data<ActionAnswer>({ ok: false, message: error.message, errors: { ids: error.message } }, { status: 404 });
  }
};

export default function Backorders() {
  const page = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/backorders";
  return (
    <Page
      title="Backorders"
      subtitle="Order lines waiting for stock, in the order they will be served. Pin a line to serve it first, or release it to ship anyway."
      fullWidth
    >
      <Layout>
        <Layout.Section>
          <QueueFilters page={page} params={params} />
        </Layout.Section>
        <Layout.Section>
          {loading ? (
            <Card>
              <SkeletonBodyText lines={8} />
            </Card>
          ) : (
            <QueueTable page={page} params={params} />
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

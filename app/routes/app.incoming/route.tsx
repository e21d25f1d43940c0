// The Incoming stock page: the purchase orders and shipments the merchant
// expects, from which waiting orders take their dates. Record, change,
// receive and delete them, or import a CSV. Transport only: parsing here,
// every change and read in app/engine/supply.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Card, Layout, Page, SkeletonBodyText, Tabs } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import {
  changeIncomingStock,
  createIncomingStock,
  deleteIncomingStock,
  importIncomingStock,
  incomingFilters,
  incomingStockChange,
  incomingStockInput,
  incomingStockPage,
  incomingStockRow,
  previewIncomingStockChange,
  receiveIncomingStock,
  supplyLocations,
  SupplyNotFoundError,
  CSV_MAX_BYTES,
  type ImportResult,
  type IncomingStockPreview,
} from "~/engine/supply.server";
import { fieldErrors } from "~/input";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate } from "~/shopify.server";
import { CreateForm } from "./create-form";
import { EditPanel } from "./edit-panel";
import { ImportForm } from "./import-form";
import { IncomingTable } from "./table";

export { RouteError as ErrorBoundary } from "~/ui/route-error";

export const meta = () => [{ title: "Incoming stock · Backorder Manager" }];

const STATUS_TABS = [
  { id: "EXPECTED", content: "Expected" },
  { id: "RECEIVED", content: "Received" },
  { id: "ALL", content: "All" },
] as const;

const rowId = z.coerce.number({ message: "must be a number" }).int().positive("must be a row of this list");

const notFound = () => new Response("That incoming stock is not in this store: it may have been deleted.", { status: 404 });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = incomingFilters.safeParse(params);
  const locations = await supplyLocations(db, session.shop);
  if (!filters.success) {
    return data(
      {
        status: "EXPECTED" as const,
        page: { rows: [], next: null, previous: null },
        locations,
        editing: null,
        errors: fieldErrors(filters.error),
      },
      { status: 400 },
    );
  }
  const edit = params.edit ? rowId.safeParse(params.edit) : null;
  if (edit && !edit.success) throw notFound();
  const [page, editing] = await Promise.all([
    incomingStockPage(db, session.shop, filters.data),
    edit ? incomingStockRow(db, session.shop, edit.data).catch(rethrowNotFound) : null,
  ]);
  return { status: filters.data.status, page, locations, editing, errors: {} as Record<string, string> };
};

function rethrowNotFound(error: unknown): never {
  if (error instanceof SupplyNotFoundError) throw notFound();
  throw error;
}

// Form fields arrive as text.
const quantityField = z.coerce.number({ message: "must be a number" });
const actionInput = z.discriminatedUnion("intent", [
  incomingStockInput.extend({ intent: z.literal("create"), quantity: quantityField, vendor: z.string().optional() }),
  z.object({ intent: z.literal("preview"), id: rowId, quantity: quantityField, expectedOn: z.string() }),
  z.object({ intent: z.literal("update"), id: rowId, quantity: quantityField, expectedOn: z.string() }),
  z.object({ intent: z.literal("receive"), id: rowId }),
  z.object({ intent: z.literal("delete"), id: rowId }),
  z.object({ intent: z.literal("import"), file: z.instanceof(File, { message: "choose a CSV file" }) }),
]);

export type ActionResult = {
  intent: string;
  ok: boolean;
  message?: string;
  errors: Record<string, string>;
  preview?: IncomingStockPreview;
  imported?: ImportResult;
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const parsed = actionInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<ActionResult>({ intent, ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  const input = parsed.data;
  const context = { db, jobs };
  try {
    switch (input.intent) {
      case "create": {
        const { intent: _, ...fields } = input;
        const row = await createIncomingStock(context, shop, fields);
        return data<ActionResult>({ intent, ok: true, errors: {}, message: `Recorded ${row.quantity} incoming for ${row.expectedOn}` });
      }
      case "preview": {
        const change = incomingStockChange.safeParse({ quantity: input.quantity, expectedOn: input.expectedOn });
        if (!change.success) return data<ActionResult>({ intent, ok: false, errors: fieldErrors(change.error) }, { status: 400 });
        return data<ActionResult>({
          intent,
          ok: true,
          errors: {},
          preview: await previewIncomingStockChange(db, shop, input.id, change.data),
        });
      }
      case "update":
        await changeIncomingStock(context, shop, input.id, { quantity: input.quantity, expectedOn: input.expectedOn });
        return data<ActionResult>({ intent, ok: true, errors: {}, message: "Incoming stock changed" });
      case "receive":
        await receiveIncomingStock(context, shop, input.id);
        return data<ActionResult>({ intent, ok: true, errors: {}, message: "Marked received" });
      case "delete":
        await deleteIncomingStock(context, shop, input.id);
        return data<ActionResult>({ intent, ok: true, errors: {}, message: "Incoming stock deleted" });
      case "import": {
        if (input.file.size > CSV_MAX_BYTES)
          return data<ActionResult>({ intent, ok: false, errors: { file: "is larger than 1 MB: split it" } }, { status: 400 });
        const imported = await importIncomingStock(context, shop, await input.file.text());
        return data<ActionResult>({ intent, ok: imported.ok, errors: {}, imported }, { status: imported.ok ? 200 : 422 });
      }
    }
  } catch (error) {
    if (error instanceof SupplyNotFoundError)
      return data<ActionResult>({ intent, ok: false, errors: { id: error.message } }, { status: 404 });
    if (error instanceof z.ZodError) return data<ActionResult>({ intent, ok: false, errors: fieldErrors(error) }, { status: 422 });
    throw error;
  }
};

export default function IncomingStock() {
  const loaded = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const [open, setOpen] = useState<"create" | "import" | null>(null);
  // A deletion is a navigation (see EditPanel): its answer arrives here.
  const acted = useActionData<typeof action>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (acted?.intent === "delete")
      shopify.toast.show(acted.ok ? (acted.message ?? "Deleted") : (Object.values(acted.errors)[0] ?? "Not deleted"), {
        isError: !acted.ok,
      });
  }, [acted, shopify]);
  const switching =
    navigation.state === "loading" &&
    navigation.location.pathname === "/app/incoming" &&
    (new URLSearchParams(navigation.location.search).get("status") ?? "EXPECTED") !== loaded.status;
  const selected = Math.max(
    0,
    STATUS_TABS.findIndex((tab) => tab.id === loaded.status),
  );
  return (
    <Page
      title="Incoming stock"
      subtitle="Purchase orders and shipments on their way: waiting orders are promised the date the stock that covers them arrives"
      primaryAction={{ content: "Add incoming stock", onAction: () => setOpen(open === "create" ? null : "create") }}
      secondaryActions={[{ content: "Import CSV", onAction: () => setOpen(open === "import" ? null : "import") }]}
    >
      <Layout>
        {open === "create" && (
          <Layout.Section>
            <CreateForm locations={loaded.locations} onDone={() => setOpen(null)} />
          </Layout.Section>
        )}
        {open === "import" && (
          <Layout.Section>
            <ImportForm />
          </Layout.Section>
        )}
        {loaded.editing && (
          <Layout.Section>
            <EditPanel key={loaded.editing.id} row={loaded.editing} params={params} />
          </Layout.Section>
        )}
        <Layout.Section>
          <Tabs
            tabs={STATUS_TABS.map((tab) => ({ ...tab, panelID: "incoming-panel" }))}
            selected={selected}
            onSelect={(index) => setParams({ status: STATUS_TABS[index].id })}
          >
            <div
              id="incoming-panel"
              role="tabpanel"
              aria-labelledby={STATUS_TABS[selected].id}
              style={{ paddingTop: "var(--p-space-400)" }}
            >
              {switching ? (
                <Card>
                  <SkeletonBodyText lines={6} />
                </Card>
              ) : (
                <IncomingTable
                  page={loaded.page}
                  status={loaded.status}
                  errors={loaded.errors}
                  params={params}
                  onAdd={() => setOpen("create")}
                  onImport={() => setOpen("import")}
                />
              )}
            </div>
          </Tabs>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

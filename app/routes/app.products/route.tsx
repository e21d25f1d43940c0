// The Products page: the variants the app follows, with their backorder
// settings and storefront badge; adding variants from the store (App Bridge's
// resource picker, or a search where there is none); editing one or several
// variants at once. Transport only: each intent is parsed here with zod and
// handled by one use case in engine/products.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Card, Layout, Page, SkeletonBodyText } from "@shopify/polaris";
import { z } from "zod";
import { db } from "~/db.server";
import { addProducts, editVariants, editVariantsInput, listProducts, productsFilters, searchStoreVariants } from "~/engine/products.server";
import { VariantNotFoundError } from "~/engine/settings.server";
import { fieldErrors } from "~/input";
import { jobs } from "~/jobs/dispatcher.server";
import { authenticate, storeGateway } from "~/shopify.server";
import { RouteError } from "~/ui/route-error";
import { useAddProducts } from "./add-products";
import { ProductsTable } from "./products-table";

export { RouteError as ErrorBoundary };

export const meta = () => [{ title: "Products · Backorder Manager" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = productsFilters.safeParse(params);
  if (!filters.success) {
    const page = await listProducts(db, session.shop);
    return data({ page: { ...page, rows: [], next: null, previous: null }, errors: fieldErrors(filters.error) }, { status: 400 });
  }
  return { page: await listProducts(db, session.shop, filters.data), errors: {} as Record<string, string> };
};

/** Form fields arrive as text: a whole number, or the text as is for zod to name. */
const wholeNumber = z
  .string()
  .trim()
  .transform((text) => (/^-?\d+$/.test(text) ? Number(text) : text));

// Each field of an edit is optional: left out, it stays as it is (a bulk edit
// changes only what the merchant filled in). An empty lead time clears it.
const editForm = z.object({
  intent: z.literal("edit"),
  variantIds: z.array(z.string()),
  backordersEnabled: z
    .enum(["on", "off"], { message: "choose on or off" })
    .transform((value) => value === "on")
    .optional(),
  capKind: z.string().optional(),
  capUnits: wholeNumber.optional(),
  leadTimeDays: wholeNumber.transform((value) => (value === "" ? null : value)).optional(),
  message: z.string().optional(),
});
const addForm = z.object({ intent: z.literal("add"), variantIds: z.array(z.string()) });
const searchForm = z.object({ intent: z.literal("search"), query: z.string().trim().min(1, "type a product title").max(100) });
const actionForm = z.discriminatedUnion("intent", [editForm, addForm, searchForm]);

export type SearchResult = Awaited<ReturnType<typeof searchStoreVariants>>[number];
export type ActionResult =
  | { intent: "edit"; ok: boolean; changed: number; errors: Record<string, string> }
  | { intent: "add"; ok: boolean; added: number; refreshed: number; errors: Record<string, string> }
  | { intent: "search"; ok: boolean; results: SearchResult[]; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const form = await request.formData();
  const fields = Object.fromEntries([...form.keys()].map((name) => [name, name === "variantIds" ? form.getAll(name) : form.get(name)]));
  const parsed = actionForm.safeParse(fields);
  const intent = z.enum(["edit", "add", "search"]).catch("edit").parse(fields.intent);
  const failed = (status: number, errors: Record<string, string>) =>
    data<ActionResult>(
      intent === "search"
        ? { intent, ok: false, results: [], errors }
        : intent === "add"
          ? { intent, ok: false, added: 0, refreshed: 0, errors }
          : { intent, ok: false, changed: 0, errors },
      { status },
    );
  if (!parsed.success) return failed(400, fieldErrors(parsed.error));
  const input = parsed.data;
  try {
    if (input.intent === "search") {
      const results = await searchStoreVariants(db, await storeGateway(shop), shop, input.query);
      return data<ActionResult>({ intent: "search", ok: true, results, errors: {} });
    }
    if (input.intent === "add") {
      const result = await addProducts({ db, jobs, gateway: await storeGateway(shop) }, shop, input);
      return data<ActionResult>({ intent: "add", ok: true, ...result, errors: {} });
    }
    const { intent: _, ...change } = input;
    const valid = editVariantsInput.safeParse(change);
    if (!valid.success) return failed(422, fieldErrors(valid.error));
    const { changed } = await editVariants({ db, jobs }, shop, valid.data);
    return data<ActionResult>({ intent: "edit", ok: true, changed, errors: {} });
  } catch (error) {
    if (error instanceof VariantNotFoundError) return failed(404, { variantIds: `no variant ${error.variantId} in this store` });
    throw error;
  }
};

/** zod's issues by field: the first message for each, prefixed by nothing (the field shows it). */

export default function Products() {
  const { page, errors } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  // A new search or page: the old rows would mislead while the new ones load.
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app/products";
  const adder = useAddProducts();
  return (
    <Page
      title="Products"
      fullWidth
      subtitle="The variants the app follows: whether each sells on backorder, its cap, its lead time, and what shoppers are told"
      primaryAction={{ content: "Add products", onAction: () => void adder.open(), loading: adder.busy }}
    >
      {adder.element}
      <Layout>
        <Layout.Section>
          {loading ? (
            <Card>
              <SkeletonBodyText lines={8} />
            </Card>
          ) : (
            <ProductsTable key={params.toString()} page={page} errors={errors} onAdd={() => void adder.open()} />
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

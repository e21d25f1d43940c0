import { pipeline, Readable } from "node:stream";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { db } from "~/db.server";
import { planningExport, planningFilters } from "~/engine/planning.server";
import { authenticate } from "~/shopify.server";

// The Purchase planning view as a CSV file, with the page's filters and sort
// (every page of it, up to PLANNING_EXPORT_LIMIT rows), for the session's shop
// only. Rows are written as they are named, a chunk at a time.
const FIGURES = [
  { key: "waiting", header: "Units waiting" },
  { key: "incoming", header: "Incoming" },
  { key: "unpromised", header: "Incoming not yet promised" },
  { key: "shortfall", header: "Shortfall" },
  { key: "suggested", header: "Suggested order" },
  { key: "oldestWaiting", header: "Oldest waiting since" },
];
const VARIANT_COLUMNS = [
  { key: "sku", header: "SKU" },
  { key: "name", header: "Variant" },
  { key: "vendor", header: "Vendor" },
  { key: "location", header: "Location" },
  ...FIGURES,
  { key: "inventoryItemId", header: "Inventory item ID" },
  { key: "locationId", header: "Location ID" },
];
const VENDOR_COLUMNS = [{ key: "vendor", header: "Vendor" }, { key: "items", header: "Variants and locations" }, ...FIGURES];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = planningFilters.omit({ page: true }).safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new Response(`${String(issue.path[0] ?? "filters")}: ${issue.message}`, { status: 400 });
  }
  const filters = parsed.data;
  const csv = stringify({
    header: true,
    columns: filters.view === "vendor" ? VENDOR_COLUMNS : VARIANT_COLUMNS,
    // A cell a spreadsheet would run as a formula is written as text.
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  });
  const rows = Readable.from(planningExport(db, session.shop, filters), { objectMode: true });
  pipeline(rows, csv, () => {});
  const name = filters.view === "vendor" ? "vendors" : "variants";
  return new Response(createReadableStreamFromReadable(csv), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="purchase-planning-${name}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};

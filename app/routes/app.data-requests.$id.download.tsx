import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { dataRequestReport } from "~/compliance/data-requests.server";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";

// One data request's report as a JSON file, for the shop of the session only.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = z.coerce.number().int().positive().safeParse(params.id);
  const report = id.success ? await dataRequestReport(db, session.shop, id.data) : null;
  if (!report) return new Response("Not found", { status: 404 });
  return new Response(report.json, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};

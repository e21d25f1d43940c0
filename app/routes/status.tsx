import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { jobsOfShop } from "~/jobs/queue.server";
import { shopOfSessionToken } from "~/shopify/session-token";

// The shop's work in progress, as JSON: the admin shows it while the store is
// read, and tests wait on it instead of on quiet time. A session token names
// the shop; unlike the admin's pages, asking never installs the app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const shop = shopOfSessionToken(request.headers.get("authorization"), {
    apiKey: config.SHOPIFY_API_KEY,
    apiSecret: config.SHOPIFY_API_SECRET,
  });
  if (!shop) return Response.json({ error: "Authorization: a valid session token is required" }, { status: 401 });
  const jobs = await jobsOfShop(db, shop);
  return Response.json({ shop, jobs, idle: jobs.queued === 0 && jobs.running === 0 });
};

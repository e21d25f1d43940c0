import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { jobsOfShop } from "~/jobs/queue.server";
import { authenticate } from "~/shopify.server";

// The shop's work in progress, as JSON: the admin shows it while the store is
// read, and tests wait on it instead of on quiet time.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const jobs = await jobsOfShop(db, session.shop);
  return Response.json({ jobs, idle: jobs.queued === 0 && jobs.running === 0 });
};

import type { Db } from "~/db/client.server";
import type { JobHandlers } from "~/jobs/drain.server";
import { fullReconcile } from "./full-reconcile.server";
import { gatewayFor } from "./gateway.server";
import { FULL_RECONCILE_JOB, RECONCILE_JOB } from "./jobs.server";
import { reconcileShop } from "./reconcile.server";

export function engineJobs(db: Db): JobHandlers {
  return {
    [RECONCILE_JOB]: async (_payload, { shop }) => void (await reconcileShop(db, await gatewayFor(shop), shop)),
    [FULL_RECONCILE_JOB]: async (_payload, { shop }) => void (await fullReconcile(db, await gatewayFor(shop), shop)),
  };
}

import type { Db } from "~/db/client.server";
import type { JobHandlers } from "~/jobs/drain.server";
import { whileAccessHolds } from "~/jobs/errors";
import { fullReconcile } from "./full-reconcile.server";
import { gatewayFor } from "./gateway.server";
import { FULL_RECONCILE_JOB, RECONCILE_JOB } from "./jobs.server";
import { reconcileShop } from "./reconcile.server";

// A refused token ends the work: the next install reconciles in full anyway.
export function engineJobs(db: Db): JobHandlers {
  return {
    [RECONCILE_JOB]: async (_payload, { shop }) => void (await whileAccessHolds(async () => reconcileShop(db, await gatewayFor(shop), shop))),
    [FULL_RECONCILE_JOB]: async (_payload, { shop }) => void (await whileAccessHolds(async () => fullReconcile(db, await gatewayFor(shop), shop))),
  };
}

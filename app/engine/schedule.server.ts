import { withTrigger } from "~/audit/context.server";
import type { Db } from "~/db/client.server";
import type { JobNotifier } from "~/jobs/queue.server";
import { requestReconcile } from "./requests.server";

/**
 * Asks for a full reconcile of every installed shop: the periodic repair of
 * whatever a missed webhook left behind. The one query here that spans shops:
 * it lists them, then works within each.
 */
export function scheduleFullReconciles(db: Db, jobs: JobNotifier) {
  return withTrigger({ kind: "schedule" }, () => requestAll(db, jobs));
}

async function requestAll(db: Db, jobs: JobNotifier) {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
  for (const { shop } of shops) {
    await requestReconcile(db, shop, true);
    await jobs.notify(shop);
  }
  return shops.length;
}

// How long deliveries and finished jobs are kept: RETENTION_DAYS for an
// installed shop; nothing once a shop is uninstalled or redacted, as there
// is nothing left to act on (README, "Data retention").
import type { Db } from "~/db/client.server";
import { purgeFinishedJobs } from "~/jobs/queue.server";
import { isInstalled } from "~/shops/installation.server";

const DAY_MS = 86_400_000;

/** Deletes the shop's handled deliveries received before `before`, and its jobs finished before then. */
export async function purgeShop(db: Db, shop: string, before: Date) {
  // A delivery still waiting for its job (RECEIVED) is kept whatever its age.
  const events = await db.webhookEvent.deleteMany({ where: { shop, status: { not: "RECEIVED" }, receivedAt: { lt: before } } });
  const jobs = await purgeFinishedJobs(db, shop, before);
  return { webhookEvents: events.count, jobs };
}

/**
 * The scheduled purge, shop by shop: the one query here that spans shops
 * lists those with deliveries or jobs, then each is purged on its own.
 */
export async function purgeExpired(db: Db, retentionDays: number, now = new Date()) {
  const shops = new Set([
    ...(await db.webhookEvent.groupBy({ by: ["shop"] })).map((row) => row.shop),
    ...(await db.job.groupBy({ by: ["shop"] })).map((row) => row.shop),
  ]);
  const kept = new Date(now.getTime() - retentionDays * DAY_MS);
  for (const shop of shops) await purgeShop(db, shop, (await isInstalled(db, shop)) ? kept : now);
  return shops.size;
}

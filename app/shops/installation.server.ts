import { withTrigger } from "~/audit/context.server";
import type { Db } from "~/db/client.server";
import { requestReconcile } from "~/engine/requests.server";
import { enqueue } from "~/jobs/queue.server";
import { SHOP_SYNC_JOB } from "./details.server";

/** Records an installation (its time, each time); jobs then fetch the shop's details and rebuild its backorders from the store. */
export async function recordInstallation(db: Db, shop: string) {
  await db.$transaction(async (tx) => {
    await tx.shop.upsert({ where: { shop }, create: { shop }, update: { installedAt: new Date(), uninstalledAt: null } });
    await enqueue(tx, { shop, name: SHOP_SYNC_JOB, payload: {} });
    await withTrigger({ kind: "install" }, () => requestReconcile(tx, shop, true));
  });
}

export async function markUninstalled(db: Db, shop: string, at: Date) {
  await db.shop.upsert({ where: { shop }, create: { shop, uninstalledAt: at }, update: { uninstalledAt: at } });
}

/** Installed and not uninstalled since. */
export async function isInstalled(db: Db, shop: string) {
  const row = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return row !== null && row.uninstalledAt === null;
}

/** The app was installed on the shop after `at`: an event from before then is about an earlier installation. */
export async function installedSince(db: Db, shop: string, at: Date) {
  const row = await db.shop.findUnique({ where: { shop }, select: { installedAt: true } });
  return row !== null && row.installedAt > at;
}

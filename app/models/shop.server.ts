import type { Db } from "~/db/client.server";

export async function markUninstalled(db: Db, shop: string, at: Date) {
  await db.shop.upsert({ where: { shop }, create: { shop, uninstalledAt: at }, update: { uninstalledAt: at } });
}

/** Installed and not uninstalled since. */
export async function isInstalled(db: Db, shop: string) {
  const row = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return row !== null && row.uninstalledAt === null;
}

// The reports customers/data_request assembled, as the merchant sees them.
import type { Db } from "~/db/client.server";

export type DataRequestListItem = { id: number; customerId: string; dataRequestId: string | null; receivedAt: string };

/** The shop's data requests, newest first. */
export async function listDataRequests(db: Db, shop: string, take = 100): Promise<DataRequestListItem[]> {
  const rows = await db.dataRequest.findMany({
    where: { shop },
    orderBy: { id: "desc" },
    take,
    select: { id: true, customerId: true, dataRequestId: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, receivedAt: row.createdAt.toISOString() }));
}

/** One report of the shop, as the JSON it was stored as; null when the shop has no such request. */
export async function dataRequestReport(db: Db, shop: string, id: number) {
  const row = await db.dataRequest.findFirst({ where: { shop, id }, select: { id: true, report: true } });
  return row && { filename: `data-request-${row.id}.json`, json: row.report };
}

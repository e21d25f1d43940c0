import type { Db } from "~/db/client.server";

export type WaitingLine = {
  order: string;
  item: string;
  lineItemId: string;
  backordered: number;
  queuePosition: number | null;
  eta: string | null;
};
export type BackorderSummary = { waitingLines: number; waitingUnits: number; next: WaitingLine[] };

/** The lines waiting for stock, first in line first, for the overview. */
export async function getBackorderSummary(db: Db, shop: string, limit = 20): Promise<BackorderSummary> {
  const where = { shop, state: "backordered" };
  const [totals, lines] = await Promise.all([
    db.backorderLine.aggregate({ where, _count: { _all: true }, _sum: { backordered: true } }),
    db.backorderLine.findMany({ where, orderBy: [{ queuePosition: "asc" }, { id: "asc" }], take: limit }),
  ]);
  const [orders, variants] = await Promise.all([
    db.orderSnapshot.findMany({ where: { shop, orderId: { in: lines.map((l) => l.orderId) } }, select: { orderId: true, name: true } }),
    db.variantSetting.findMany({
      where: { shop, inventoryItemId: { in: lines.map((l) => l.inventoryItemId) } },
      select: { inventoryItemId: true, sku: true, title: true },
    }),
  ]);
  const nameOf = new Map(orders.map((o) => [o.orderId, o.name]));
  const itemOf = new Map(variants.map((v) => [v.inventoryItemId, v.sku ?? v.title ?? v.inventoryItemId]));
  return {
    waitingLines: totals._count._all,
    waitingUnits: totals._sum.backordered ?? 0,
    next: lines.map((l) => ({
      order: nameOf.get(l.orderId) ?? l.orderId,
      item: itemOf.get(l.inventoryItemId) ?? l.inventoryItemId,
      lineItemId: l.lineItemId,
      backordered: l.backordered,
      queuePosition: l.queuePosition,
      eta: l.currentEta,
    })),
  };
}

import { hasEnded, isOpen, type Facts, type Order, type Variant } from "~/backorders";
import type { Db } from "~/db/client.server";
import { capKind, inventoryPolicy, lineState, orderSnapshotColumn } from "./codecs";
import type { OrderSnapshot } from "./ports";

/** The store's order as the engine plans from it. */
export function toOrder(snapshot: OrderSnapshot): Order {
  return {
    id: snapshot.orderId,
    createdAt: snapshot.createdAt,
    cancelledAt: snapshot.cancelledAt,
    customerTags: snapshot.customerTags,
    fulfillmentOrders: snapshot.fulfillmentOrders.map((fo) => ({
      id: fo.id,
      status: fo.status,
      assignedLocationId: fo.locationId,
      holds: fo.holds.map((hold) => ({ id: hold.id, handle: hold.handle, heldByRequestingApp: hold.mine })),
      lineItems: fo.lines.map((line) => ({
        id: line.id,
        lineItemId: line.lineItemId,
        inventoryItemId: line.inventoryItemId,
        totalQuantity: line.totalQuantity,
        remainingQuantity: line.remainingQuantity,
      })),
    })),
  };
}

/** Whether an order still competes for stock. */
export function isOpenOrder(snapshot: OrderSnapshot) {
  return snapshot.fulfillmentOrders.some((fo) => isOpen(snapshot, fo));
}

/** Every fact the plan needs, from what the app stored about the shop. */
export async function loadFacts(db: Db, shop: string): Promise<Facts> {
  const [lines, levels, variants, supply] = await Promise.all([
    db.backorderLine.findMany({ where: { shop } }),
    db.inventoryLevel.findMany({ where: { shop } }),
    db.variantSetting.findMany({ where: { shop } }),
    db.inboundSupply.findMany({ where: { shop, status: "EXPECTED" } }),
  ]);
  // Open orders, and closed ones whose lines have not reached their end yet.
  const unfinished = [...new Set(lines.filter((l) => !hasEnded(lineState.parse(l.state))).map((l) => l.orderId))];
  const snapshots = await db.orderSnapshot.findMany({ where: { shop, OR: [{ open: true }, { orderId: { in: unfinished } }] } });
  return {
    orders: snapshots.map((row) => toOrder(orderSnapshotColumn.decode(row.snapshot))),
    inventoryLevels: levels.map(({ inventoryItemId, locationId, available, committed }) => ({
      inventoryItemId,
      locationId,
      available,
      committed,
    })),
    variants: variants.map((v): Variant => ({
      id: v.variantId,
      productId: v.productId,
      inventoryItemId: v.inventoryItemId,
      inventoryPolicy: inventoryPolicy.parse(v.inventoryPolicy),
      backorders:
        v.backordersEnabled === null
          ? null
          : {
              enabled: v.backordersEnabled,
              cap: capOf(v.capKind, v.capUnits),
              leadTimeDays: v.leadTimeDays,
              message: v.message,
            },
      badge: v.badge,
    })),
    supply: supply.map((s) => ({
      id: String(s.id),
      inventoryItemId: s.inventoryItemId,
      locationId: s.locationId,
      quantity: s.quantity,
      expectedOn: s.expectedOn,
    })),
    releasedByMerchant: lines.filter((l) => l.releasedByMerchant).map((l) => l.lineItemId),
    storedLines: lines.map((l) => ({
      lineItemId: l.lineItemId,
      locationId: l.locationId,
      state: lineState.parse(l.state),
      promisedEta: l.promisedEta,
      currentEta: l.currentEta,
    })),
  };
}

function capOf(kind: string | null, units: number | null): NonNullable<Variant["backorders"]>["cap"] {
  if (kind === null) return null;
  return capKind.parse(kind) === "FIXED" ? { kind: "FIXED", units: units ?? 0 } : { kind: "DYNAMIC" };
}

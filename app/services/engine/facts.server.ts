import type { Facts, FulfillmentOrderStatus, InventoryPolicy, Order, ShopSettings, Variant } from "~/backorders";
import type { Db } from "~/db/client.server";
import type { OrderSnapshot } from "./store";

const FINISHED = ["fulfilled", "cancelled"];

/** The store's order as the engine plans from it. */
export function toOrder(snapshot: OrderSnapshot): Order {
  return {
    id: snapshot.orderId,
    createdAt: snapshot.createdAt,
    cancelledAt: snapshot.cancelledAt,
    customerTags: snapshot.customerTags,
    fulfillmentOrders: snapshot.fulfillmentOrders.map((fo) => ({
      id: fo.id,
      status: fo.status as FulfillmentOrderStatus,
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
  return snapshot.cancelledAt === null && snapshot.fulfillmentOrders.some((fo) => !["CLOSED", "CANCELLED"].includes(fo.status));
}

export async function loadSettings(db: Db, shop: string): Promise<ShopSettings> {
  const row = await db.shop.findUnique({ where: { shop } });
  return {
    priorityRule: (row?.priorityRule ?? "OLDEST_FIRST") as ShopSettings["priorityRule"],
    priorityTag: row?.priorityTag ?? null,
    pins: JSON.parse(row?.pins ?? "[]") as string[],
    fulfillmentMode: (row?.fulfillmentMode ?? "SHIP_AVAILABLE") as ShopSettings["fulfillmentMode"],
    handlingDays: row?.handlingDays ?? 0,
    timeZone: row?.ianaTimezone ?? "UTC",
  };
}

/** Every fact the plan needs, from what the app stored about the shop. */
export async function loadFacts(db: Db, shop: string): Promise<Facts> {
  const [lines, levels, variants, supply] = await Promise.all([
    db.backorderLine.findMany({ where: { shop } }),
    db.inventoryLevel.findMany({ where: { shop } }),
    db.variantSetting.findMany({ where: { shop } }),
    db.inboundSupply.findMany({ where: { shop } }),
  ]);
  // Open orders, and closed ones whose lines have not reached their end yet.
  const unfinished = [...new Set(lines.filter((l) => !FINISHED.includes(l.state)).map((l) => l.orderId))];
  const snapshots = await db.orderSnapshot.findMany({ where: { shop, OR: [{ open: true }, { orderId: { in: unfinished } }] } });
  return {
    orders: snapshots.map((row) => toOrder(JSON.parse(row.snapshot) as OrderSnapshot)),
    inventoryLevels: levels.map(({ inventoryItemId, locationId, available, committed }) => ({ inventoryItemId, locationId, available, committed })),
    variants: variants.map(
      (v): Variant => ({
        id: v.variantId,
        productId: v.productId,
        inventoryItemId: v.inventoryItemId,
        inventoryPolicy: v.inventoryPolicy as InventoryPolicy,
        backorders:
          v.backordersEnabled === null
            ? null
            : {
                enabled: v.backordersEnabled,
                cap: v.capKind === "FIXED" ? { kind: "FIXED", units: v.capUnits ?? 0 } : v.capKind === "DYNAMIC" ? { kind: "DYNAMIC" } : null,
                leadTimeDays: v.leadTimeDays,
                message: v.message,
              },
        badge: v.badge,
      }),
    ),
    supply: supply.map((s) => ({ id: String(s.id), inventoryItemId: s.inventoryItemId, locationId: s.locationId, quantity: s.quantity, expectedOn: s.expectedOn })),
    releasedByMerchant: lines.filter((l) => l.releasedByMerchant).map((l) => l.lineItemId),
    storedLines: lines.map((l) => ({
      lineItemId: l.lineItemId,
      locationId: l.locationId,
      state: l.state as Facts["storedLines"][number]["state"],
      promisedEta: l.promisedEta,
      currentEta: l.currentEta,
    })),
  };
}

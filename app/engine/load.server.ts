import { hasEnded, holdsAnyOf, isOpen, itemsToPlan, type Facts, type Order, type Variant } from "~/backorders";
import { inChunks } from "~/db/chunks";
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

type LineRow = Awaited<ReturnType<Db["backorderLine"]["findMany"]>>[number];

/** The facts a plan reads, and the stored rows of the lines among them (the reconcile compares its result with them). */
export type LoadedFacts = { facts: Facts; lineRows: LineRow[] };

const UNFINISHED = lineState.options.filter((state) => !hasEnded(state));

/**
 * Every fact the plan needs, from what the app stored about the shop. With
 * `items` (what an event touched), only what planning those items needs, as
 * `narrowFacts` says: the orders holding them, every item of those orders, and
 * the orders holding these; a shop's size and history cost nothing here.
 */
export async function loadFacts(db: Db, shop: string, items?: ReadonlySet<string>): Promise<LoadedFacts> {
  if (!items) return loadShop(db, shop);
  const first = await ordersHolding(db, shop, [...items]);
  const needed = itemsToPlan(first, items);
  const more = await ordersHolding(
    db,
    shop,
    [...needed].filter((item) => !items.has(item)),
    new Set(first.map((order) => order.id)),
  );
  const orders = [...first, ...more];
  const itemIds = [...needed];
  const [lineRows, levels, variants, supply] = await Promise.all([
    inChunks(
      orders.map((order) => order.id),
      (chunk) => db.backorderLine.findMany({ where: { shop, orderId: { in: chunk } } }),
    ),
    inChunks(itemIds, (chunk) => db.inventoryLevel.findMany({ where: { shop, inventoryItemId: { in: chunk } } })),
    inChunks(itemIds, (chunk) => db.variantSetting.findMany({ where: { shop, inventoryItemId: { in: chunk } } })),
    inChunks(itemIds, (chunk) => db.inboundSupply.findMany({ where: { shop, status: "EXPECTED", inventoryItemId: { in: chunk } } })),
  ]);
  return { facts: toFacts(orders, lineRows, levels, variants, supply), lineRows };
}

/** The whole shop: the install's and the schedule's reconcile. */
async function loadShop(db: Db, shop: string): Promise<LoadedFacts> {
  const [lineRows, levels, variants, supply] = await Promise.all([
    db.backorderLine.findMany({ where: { shop } }),
    db.inventoryLevel.findMany({ where: { shop } }),
    db.variantSetting.findMany({ where: { shop } }),
    db.inboundSupply.findMany({ where: { shop, status: "EXPECTED" } }),
  ]);
  // Open orders, and closed ones whose lines have not reached their end yet.
  const unfinished = [...new Set(lineRows.filter((l) => !hasEnded(lineState.parse(l.state))).map((l) => l.orderId))];
  const snapshots = await db.orderSnapshot.findMany({ where: { shop, OR: [{ open: true }, { orderId: { in: unfinished } }] } });
  const orders = snapshots.map((row) => toOrder(orderSnapshotColumn.decode(row.snapshot)));
  return { facts: toFacts(orders, lineRows, levels, variants, supply), lineRows };
}

/**
 * The orders holding a line of one of the items, but those in `except`:
 * the open ones through their items (OrderItem), the closed ones through
 * their lines that have not ended.
 */
async function ordersHolding(db: Db, shop: string, items: string[], except = new Set<string>()): Promise<Order[]> {
  const [open, waiting] = await Promise.all([
    inChunks(items, (chunk) =>
      db.orderItem.findMany({ where: { shop, inventoryItemId: { in: chunk } }, select: { orderId: true }, distinct: ["orderId"] }),
    ),
    inChunks(items, (chunk) =>
      db.backorderLine.findMany({
        where: { shop, inventoryItemId: { in: chunk }, state: { in: UNFINISHED } },
        select: { orderId: true },
        distinct: ["orderId"],
      }),
    ),
  ]);
  const wanted = new Set(items);
  const orderIds = [...new Set([...open, ...waiting].map((row) => row.orderId))].filter((id) => !except.has(id));
  const rows = await inChunks(orderIds, (chunk) =>
    db.orderSnapshot.findMany({ where: { shop, orderId: { in: chunk } }, select: { snapshot: true } }),
  );
  return rows.map((row) => toOrder(orderSnapshotColumn.decode(row.snapshot))).filter((order) => holdsAnyOf(order, wanted));
}

type LevelRow = Awaited<ReturnType<Db["inventoryLevel"]["findMany"]>>[number];
type VariantRow = Awaited<ReturnType<Db["variantSetting"]["findMany"]>>[number];
type SupplyRow = Awaited<ReturnType<Db["inboundSupply"]["findMany"]>>[number];

function toFacts(orders: Order[], lines: LineRow[], levels: LevelRow[], variants: VariantRow[], supply: SupplyRow[]): Facts {
  return {
    orders,
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

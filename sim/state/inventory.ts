// Inventory items and their levels, one per item and location. This module
// alone changes quantities: orders, fulfilments and the inventory mutations
// move them through it.
import { inventoryLevelPayload } from "../payloads/inventory";
import { SimError } from "./errors";
import { gid, legacyId, type Gid } from "./ids";
import { findLocation, type Location } from "./locations";
import { findVariant, type Variant, type VariantRef } from "./products";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

/** Quantity names Shopify stores; `on_hand` is their sum minus `incoming`. */
export const STORED_QUANTITY_NAMES = [
  "available",
  "committed",
  "damaged",
  "incoming",
  "quality_control",
  "reserved",
  "safety_stock",
] as const;
export type StoredQuantityName = (typeof STORED_QUANTITY_NAMES)[number];
export const QUANTITY_NAMES = [...STORED_QUANTITY_NAMES, "on_hand"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface InventoryItem {
  id: Gid;
  variantId: Gid;
  tracked: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryLevel {
  id: Gid;
  itemId: Gid;
  locationId: Gid;
  quantities: Record<StoredQuantityName, number>;
  createdAt: string;
  updatedAt: string;
}

/** The level for an item at a location, created (all zero) when missing. */
export function ensureLevel(state: SimState, shop: ShopState, itemId: Gid, locationId: Gid): InventoryLevel {
  const key = `${itemId}|${locationId}`;
  let level = shop.levels.get(key);
  if (!level) {
    const now = state.now();
    const quantities = Object.fromEntries(STORED_QUANTITY_NAMES.map((n) => [n, 0])) as Record<StoredQuantityName, number>;
    level = {
      id: `${gid("InventoryLevel", state.nextId())}?inventory_item_id=${legacyId(itemId)}`,
      itemId,
      locationId,
      quantities,
      createdAt: now,
      updatedAt: now,
    };
    shop.levels.set(key, level);
  }
  return level;
}

export function findLevel(shop: ShopState, itemId: Gid, locationId: Gid): InventoryLevel | undefined {
  return shop.levels.get(`${itemId}|${locationId}`);
}

/**
 * Changes named quantities by their deltas and records the time. When
 * `available` moved, inventory_levels/update is emitted now, or, given
 * `touched`, by emitInventory once the whole action is done.
 */
export function move(
  state: SimState,
  shop: ShopState,
  level: InventoryLevel,
  changes: Partial<Record<StoredQuantityName, number>>,
  touched?: Set<InventoryLevel>,
) {
  for (const [name, delta] of Object.entries(changes) as [StoredQuantityName, number][]) level.quantities[name] += delta;
  level.updatedAt = state.now();
  if (changes.available) {
    if (touched) touched.add(level);
    else state.emit(shop.domain, "inventory_levels/update", inventoryLevelPayload(level));
  }
}

export function emitInventory(state: SimState, shop: ShopState, touched: Set<InventoryLevel>) {
  for (const level of touched) state.emit(shop.domain, "inventory_levels/update", inventoryLevelPayload(level));
}

/** Changes one named quantity, for the inventory mutations. */
export function adjust(state: SimState, shop: ShopState, level: InventoryLevel, name: StoredQuantityName, delta: number) {
  move(state, shop, level, { [name]: delta });
}

export function onHand(level: InventoryLevel): number {
  const q = level.quantities;
  return q.available + q.committed + q.damaged + q.quality_control + q.reserved + q.safety_stock;
}

export function quantity(level: InventoryLevel, name: QuantityName): number {
  return name === "on_hand" ? onHand(level) : level.quantities[name];
}

/** Commits stock for a new line; DENY variants refuse to oversell. */
export function commit(
  state: SimState,
  shop: ShopState,
  variant: Variant,
  location: Location,
  quantity: number,
  touched: Set<InventoryLevel>,
) {
  const item = shop.inventoryItems.get(variant.inventoryItemId)!;
  if (!item.tracked) return;
  const level = ensureLevel(state, shop, item.id, location.id);
  if (variant.inventoryPolicy === "DENY" && level.quantities.available < quantity) {
    throw new SimError(
      `Not enough stock for ${variant.sku ?? variant.id} at ${location.name}: ${level.quantities.available} available, ${quantity} ordered`,
    );
  }
  move(state, shop, level, { available: -quantity, committed: quantity }, touched);
}

/**
 * Releases a line's committed units that will not ship: with `restock` they
 * go back to available; without, they leave the shelf count (on_hand) too.
 */
export function uncommit(
  state: SimState,
  shop: ShopState,
  variant: Variant,
  locationId: Gid,
  quantity: number,
  restock: boolean,
  touched: Set<InventoryLevel>,
) {
  const item = shop.inventoryItems.get(variant.inventoryItemId)!;
  if (!item.tracked) return;
  const level = ensureLevel(state, shop, item.id, locationId);
  move(state, shop, level, restock ? { committed: -quantity, available: quantity } : { committed: -quantity }, touched);
}

export interface ReceiveStockInput extends VariantRef {
  inventoryItemId?: Gid;
  locationId?: Gid;
  quantity: number;
}

/** Receives stock at a location (a purchase order arriving): available and on_hand go up. */
export function receiveStock(state: SimState, shop: ShopState, input: ReceiveStockInput): InventoryLevel {
  const itemId = input.inventoryItemId ?? findVariant(shop, input).inventoryItemId;
  if (!shop.inventoryItems.has(itemId)) throw new SimError(`Unknown inventory item ${itemId}`);
  const location = input.locationId ? findLocation(shop, input.locationId) : [...shop.locations.values()][0]!;
  const level = ensureLevel(state, shop, itemId, location.id);
  move(state, shop, level, { available: input.quantity });
  return level;
}

// Inventory items and levels, and the inventory mutations, which change
// quantities through the state's inventory module.
import { GraphQLError } from "graphql";
import type { UserError } from "../state/errors";
import { legacyId, type Gid } from "../state/ids";
import { QUANTITY_NAMES, type InventoryItem, type InventoryLevel, type QuantityName, type StoredQuantityName } from "../state/inventory";
import { connection } from "./connection";
import type { Args, Obj, SimContext } from "./context";
import { project, register } from "./projections";

function levelNode(ctx: SimContext, level: InventoryLevel): Obj {
  const { shop, state } = ctx;
  return {
    __typename: "InventoryLevel",
    id: level.id,
    isActive: true,
    canDeactivate: true,
    deactivationAlert: null,
    createdAt: level.createdAt,
    updatedAt: level.updatedAt,
    item: () => itemNode(ctx, shop.inventoryItems.get(level.itemId)!),
    location: () => project("Location", ctx, shop.locations.get(level.locationId)!),
    quantities: (args: Args) =>
      (args.names as string[]).map((name) => {
        if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
          throw new GraphQLError(`${name} is not a valid inventory quantity name. Valid names are: ${QUANTITY_NAMES.join(", ")}`, {
            extensions: { code: "BAD_REQUEST" },
          });
        }
        return {
          __typename: "InventoryQuantity",
          id: `gid://shopify/InventoryQuantity/${legacyId(level.id)}?inventory_item_id=${legacyId(level.itemId)}&name=${name}`,
          name,
          quantity: state.quantity(level, name as QuantityName),
          updatedAt: level.updatedAt,
        };
      }),
  };
}

function itemNode(ctx: SimContext, item: InventoryItem): Obj {
  const { shop, state } = ctx;
  const variant = shop.variants.get(item.variantId)!;
  const levels = () => [...shop.levels.values()].filter((l) => l.itemId === item.id);
  return {
    __typename: "InventoryItem",
    id: item.id,
    legacyResourceId: String(legacyId(item.id)),
    sku: variant.sku,
    tracked: item.tracked,
    requiresShipping: true,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    variant: () => project("ProductVariant", ctx, variant),
    inventoryLevel: (args: Args) => {
      const level = state.findLevel(shop, item.id, args.locationId);
      return level ? levelNode(ctx, level) : null;
    },
    inventoryLevels: (args: Args) => connection(levels(), args, (l) => levelNode(ctx, l)),
    locationsCount: () => ({ count: levels().length, precision: "EXACT" }),
  };
}

register({ InventoryLevel: levelNode, InventoryItem: itemNode });

const INVENTORY_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

const ADJUSTABLE: StoredQuantityName[] = ["available", "damaged", "incoming", "quality_control", "reserved", "safety_stock"];

interface Change {
  name: string;
  delta: number;
  after: number;
  itemId: Gid;
  locationId: Gid;
  ledgerDocumentUri: string | null;
}

function adjustmentGroup(ctx: SimContext, reason: string, referenceDocumentUri: string | null, changes: Change[]): Obj {
  const { shop, state } = ctx;
  return {
    __typename: "InventoryAdjustmentGroup",
    id: `gid://shopify/InventoryAdjustmentGroup/${state.nextId()}`,
    createdAt: state.now(),
    reason,
    referenceDocumentUri,
    app: project("App", ctx, ctx.app),
    staffMember: null,
    changes: (args: Args) =>
      changes
        .filter((c) => !args.inventoryItemIds || (args.inventoryItemIds as string[]).includes(c.itemId))
        .filter((c) => !args.locationIds || (args.locationIds as string[]).includes(c.locationId))
        .filter((c) => !args.quantityNames || (args.quantityNames as string[]).includes(c.name))
        .map((c) => ({
          __typename: "InventoryChange",
          name: c.name,
          delta: c.delta,
          quantityAfterChange: c.after,
          ledgerDocumentUri: c.ledgerDocumentUri,
          item: () => itemNode(ctx, shop.inventoryItems.get(c.itemId)!),
          location: () => project("Location", ctx, shop.locations.get(c.locationId)!),
        })),
  };
}

function checkItemAndLocation(ctx: SimContext, itemId: Gid, locationId: Gid, field: string[]): UserError | null {
  if (!ctx.shop.inventoryItems.has(itemId))
    return {
      field: [...field, "inventoryItemId"],
      code: "INVALID_INVENTORY_ITEM",
      message: "The specified inventory item could not be found.",
    };
  if (!ctx.shop.locations.has(locationId))
    return { field: [...field, "locationId"], code: "INVALID_LOCATION", message: "The specified location could not be found." };
  return null;
}

export function inventoryAdjustQuantities(ctx: SimContext, input: Args): Obj {
  const { shop, state } = ctx;
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  const name = input.name as StoredQuantityName;
  if (!ADJUSTABLE.includes(name))
    return fail({
      field: ["input", "name"],
      code: "INVALID_QUANTITY_NAME",
      message: `The quantity name must be one of: ${ADJUSTABLE.join(", ")}.`,
    });
  if (!INVENTORY_REASONS.has(input.reason))
    return fail({ field: ["input", "reason"], code: "INVALID_REASON", message: "The specified reason is invalid." });
  const changes = input.changes as Args[];
  for (const [i, c] of changes.entries()) {
    const field = ["input", "changes", String(i)];
    const bad = checkItemAndLocation(ctx, c.inventoryItemId, c.locationId, field);
    if (bad) return fail(bad);
    if (!("changeFromQuantity" in c))
      return fail({
        field: [...field, "changeFromQuantity"],
        code: null,
        message: "changeFromQuantity must be provided; pass null to skip the compare-and-swap check.",
      });
    if (name === "available" && c.ledgerDocumentUri != null)
      return fail({
        field: [...field, "ledgerDocumentUri"],
        code: "INVALID_AVAILABLE_DOCUMENT",
        message: "A ledger document URI is not allowed when adjusting available.",
      });
    if (name !== "available" && (c.ledgerDocumentUri == null || String(c.ledgerDocumentUri).startsWith("gid://shopify/"))) {
      return fail({
        field: [...field, "ledgerDocumentUri"],
        code: "INVALID_LEDGER_DOCUMENT",
        message: "A valid non-Shopify ledger document URI is required for this quantity name.",
      });
    }
    const level = state.findLevel(shop, c.inventoryItemId, c.locationId);
    const current = level ? level.quantities[name] : 0;
    if (c.changeFromQuantity != null && c.changeFromQuantity !== current) {
      return fail({
        field: [...field, "changeFromQuantity"],
        code: "CHANGE_FROM_QUANTITY_STALE",
        message: "The changeFromQuantity argument no longer matches the persisted quantity.",
      });
    }
  }
  const applied: Change[] = [];
  for (const c of changes) {
    const level = state.ensureLevel(shop, c.inventoryItemId, c.locationId);
    state.adjust(shop, level, name, c.delta);
    applied.push({
      name,
      delta: c.delta,
      after: level.quantities[name],
      itemId: c.inventoryItemId,
      locationId: c.locationId,
      ledgerDocumentUri: c.ledgerDocumentUri ?? null,
    });
    // Every state but incoming is part of on_hand, and Shopify reports that change too.
    if (name !== "incoming")
      applied.push({
        name: "on_hand",
        delta: c.delta,
        after: state.onHand(level),
        itemId: c.inventoryItemId,
        locationId: c.locationId,
        ledgerDocumentUri: null,
      });
  }
  return { inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, applied), userErrors: [] };
}

export function inventorySetQuantities(ctx: SimContext, input: Args): Obj {
  const { shop, state } = ctx;
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  const name = input.name as string;
  if (name !== "available" && name !== "on_hand")
    return fail({ field: ["input", "name"], code: "INVALID_NAME", message: "The quantity name must be either 'available' or 'on_hand'." });
  if (!INVENTORY_REASONS.has(input.reason))
    return fail({ field: ["input", "reason"], code: "INVALID_REASON", message: "The specified reason is invalid." });
  const quantities = input.quantities as Args[];
  const seen = new Set<string>();
  for (const [i, q] of quantities.entries()) {
    const field = ["input", "quantities", String(i)];
    const bad = checkItemAndLocation(ctx, q.inventoryItemId, q.locationId, field);
    if (bad) return fail(bad);
    const key = `${q.inventoryItemId}|${q.locationId}`;
    if (seen.has(key))
      return fail({
        field,
        code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        message: "The combination of inventoryItemId and locationId must be unique.",
      });
    seen.add(key);
    if (!("changeFromQuantity" in q))
      return fail({
        field: [...field, "changeFromQuantity"],
        code: null,
        message: "changeFromQuantity must be provided; pass null to skip the compare-and-swap check.",
      });
    if (name === "on_hand" && q.quantity < 0)
      return fail({ field: [...field, "quantity"], code: "INVALID_QUANTITY_NEGATIVE", message: "The quantity can't be negative." });
    const level = state.findLevel(shop, q.inventoryItemId, q.locationId);
    const current = level ? state.quantity(level, name) : 0;
    if (q.changeFromQuantity != null && q.changeFromQuantity !== current) {
      return fail({
        field: [...field, "changeFromQuantity"],
        code: "CHANGE_FROM_QUANTITY_STALE",
        message: "The changeFromQuantity argument no longer matches the persisted quantity.",
      });
    }
  }
  const applied: Change[] = [];
  for (const q of quantities) {
    const level = state.ensureLevel(shop, q.inventoryItemId, q.locationId);
    // Setting on_hand moves the difference through available.
    const delta = q.quantity - state.quantity(level, name as QuantityName);
    if (delta === 0) continue;
    state.adjust(shop, level, "available", delta);
    applied.push({
      name: "available",
      delta,
      after: level.quantities.available,
      itemId: q.inventoryItemId,
      locationId: q.locationId,
      ledgerDocumentUri: null,
    });
    applied.push({
      name: "on_hand",
      delta,
      after: state.onHand(level),
      itemId: q.inventoryItemId,
      locationId: q.locationId,
      ledgerDocumentUri: null,
    });
  }
  return { inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, applied), userErrors: [] };
}

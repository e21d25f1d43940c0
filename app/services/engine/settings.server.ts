import { z } from "zod";
import type { Db } from "~/db/client.server";
import { recordAudit } from "~/models/audit.server";
import { markDirty, storeLevels } from "./ingest.server";
import { requestReconcile } from "./jobs.server";
import type { StoreGateway } from "./store";

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const shopSettingsInput = z.object({
  priorityRule: z.enum(["OLDEST_FIRST", "PRIORITY_TAG_FIRST"]),
  priorityTag: z.string().trim().min(1).max(255),
  fulfillmentMode: z.enum(["SHIP_AVAILABLE", "SHIP_COMPLETE"]),
  handlingDays: z.number().int().min(0).max(365),
});

/** Changes how the shop's waiting orders are ranked and held; every item is re-planned. */
export async function updateShopSettings(db: Db, shop: string, input: z.input<typeof shopSettingsInput>) {
  const settings = shopSettingsInput.parse(input);
  await db.shop.update({ where: { shop }, data: settings });
  await recordAudit(db, shop, "settings.changed", undefined, settings);
  await requestReconcile(db, shop);
}

export const variantSettingsInput = z.object({
  backordersEnabled: z.boolean(),
  capKind: z.enum(["FIXED", "DYNAMIC"]).nullable(),
  capUnits: z.number().int().min(0).nullable(),
  leadTimeDays: z.number().int().min(0).max(730).nullable(),
  message: z.string().max(500).nullable(),
});

/** No such variant in the store. */
export class VariantNotFoundError extends Error {
  name = "VariantNotFoundError";
  constructor(readonly variantId: string) {
    super(`variantId: no variant ${variantId} in the store`);
  }
}

/**
 * Sets how one variant is backordered, and re-plans its item. A variant no
 * order or product event has named yet is read from the store first, with
 * its item's stock, so that it can be set up before its first sale.
 */
export async function updateVariantSettings(
  db: Db,
  store: Pick<StoreGateway, "productVariant" | "inventoryLevels">,
  shop: string,
  variantId: string,
  input: z.input<typeof variantSettingsInput>,
) {
  const settings = variantSettingsInput.parse(input);
  if (settings.capKind === "FIXED" && settings.capUnits === null) throw new z.ZodError([{ code: "custom", path: ["capUnits"], message: "a fixed cap needs capUnits", input: null }]);
  if (!(await db.variantSetting.findUnique({ where: { shop_variantId: { shop, variantId } }, select: { variantId: true } }))) {
    const fetchedAt = new Date();
    const variant = await store.productVariant(variantId);
    if (!variant) throw new VariantNotFoundError(variantId);
    await db.variantSetting.upsert({ where: { shop_variantId: { shop, variantId } }, create: { shop, ...variant, fetchedAt }, update: {} });
    await storeLevels(db, shop, await store.inventoryLevels([variant.inventoryItemId]), fetchedAt);
  }
  const variant = await db.variantSetting.update({ where: { shop_variantId: { shop, variantId } }, data: settings });
  const levels = await db.inventoryLevel.findMany({ where: { shop, inventoryItemId: variant.inventoryItemId }, select: { inventoryItemId: true, locationId: true } });
  await markDirty(db, shop, levels);
  await recordAudit(db, shop, "variant.settings_changed", variantId, settings);
  await requestReconcile(db, shop);
}

export const supplyInput = z.object({
  inventoryItemId: z.string().startsWith("gid://shopify/InventoryItem/"),
  locationId: z.string().startsWith("gid://shopify/Location/"),
  quantity: z.number().int().positive(),
  expectedOn: z.string().regex(CALENDAR_DATE, "must be a date, YYYY-MM-DD"),
  reference: z.string().max(255).nullish(),
});

/** Records incoming stock; waiting lines get their dates from it. */
export async function recordSupply(db: Db, shop: string, input: z.input<typeof supplyInput>) {
  const supply = supplyInput.parse(input);
  const row = await db.inboundSupply.create({ data: { shop, ...supply, reference: supply.reference ?? null } });
  await markDirty(db, shop, [supply]);
  await recordAudit(db, shop, "supply.recorded", String(row.id), supply);
  await requestReconcile(db, shop);
  return row;
}

/** Moves the expected date of recorded supply; the promises built on it move too. */
export async function moveSupply(db: Db, shop: string, id: number, expectedOn: string) {
  const date = z.string().regex(CALENDAR_DATE, "must be a date, YYYY-MM-DD").parse(expectedOn);
  const row = await db.inboundSupply.findFirstOrThrow({ where: { id, shop } });
  await db.inboundSupply.updateMany({ where: { id, shop }, data: { expectedOn: date } });
  await markDirty(db, shop, [row]);
  await recordAudit(db, shop, "supply.moved", String(id), { from: row.expectedOn, to: date });
  await requestReconcile(db, shop);
}

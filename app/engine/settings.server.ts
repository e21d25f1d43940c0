// The merchant's changes: each is recorded with its audit event and a
// reconcile request, then announced to the job runner, so it is acted on at
// once rather than at the next sweep. Each is exported wrapped in
// `byMerchant`, so its audit events (and the reconcile it asks for) name the
// merchant as their cause.
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import { orderTagProblem } from "~/backorders";
import type { Db } from "~/db/client.server";
import type { JobNotifier } from "~/jobs/queue.server";
import { FULFILLMENT_MODES, PRIORITY_RULES } from "~/shops/settings.server";
import { markDirty, saveLevels } from "./ingest.server";
import { previewPlan } from "./preview.server";
import type { StoreGateway } from "./ports";
import { replan } from "./requests.server";

/** Where a merchant's change is written, and who hears of it after. */
export type ChangeContext = { db: Db; jobs: JobNotifier };

export const shopSettingsInput = z.object({
  priorityRule: z.enum(PRIORITY_RULES),
  priorityTag: z.string().trim().min(1).max(255),
  fulfillmentMode: z.enum(FULFILLMENT_MODES),
  handlingDays: z.number().int().min(0).max(365),
  // The admin's own settings; left out, they keep their value.
  backorderRateAlertPercent: z.number().int().min(1).max(100).optional(),
  safetyStockUnits: z.number().int().min(0).max(1_000_000).optional(),
  // Shopify's tag rules; the reconcile moves the tag on the orders when it changes.
  orderTag: z
    .string()
    .trim()
    .superRefine((tag, context) => {
      const problem = orderTagProblem(tag);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    .optional(),
});

/** How many orders a preview names; the counts cover them all. */
const PREVIEW_NAMES = 20;

export type SettingsPreview = {
  linesReordered: number;
  datesMoved: number;
  released: { count: number; first: string[] };
  held: { count: number; first: string[] };
};

/** What saving these settings would change for the orders waiting now, without saving them. */
export async function previewShopSettings(db: Db, shop: string, input: z.input<typeof shopSettingsInput>): Promise<SettingsPreview> {
  const { priorityRule, priorityTag, fulfillmentMode, handlingDays } = shopSettingsInput.parse(input);
  const preview = await previewPlan(db, shop, { settings: { priorityRule, priorityTag, fulfillmentMode, handlingDays } });
  const named = (orderIds: string[]) => ({
    count: orderIds.length,
    first: orderIds.slice(0, PREVIEW_NAMES).map((id) => preview.orderNames[id] ?? id),
  });
  return {
    linesReordered: preview.reordered.length,
    datesMoved: preview.redated.length,
    released: named(preview.releasedOrders),
    held: named(preview.heldOrders),
  };
}

/** Changes how the shop's waiting orders are ranked and held; every item is re-planned. */
export const updateShopSettings = byMerchant(changeShopSettings);
async function changeShopSettings(context: ChangeContext, shop: string, input: z.input<typeof shopSettingsInput>) {
  const { db } = context;
  const settings = shopSettingsInput.parse(input);
  await db.shop.update({ where: { shop }, data: settings });
  await recordAudit(db, shop, "settings.changed", undefined, settings);
  await replan(context, shop);
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
export const updateVariantSettings = byMerchant(changeVariantSettings);
async function changeVariantSettings(
  context: ChangeContext & { gateway: Pick<StoreGateway, "productVariant" | "inventoryLevels"> },
  shop: string,
  variantId: string,
  input: z.input<typeof variantSettingsInput>,
) {
  const { db, gateway } = context;
  const settings = variantSettingsInput.parse(input);
  if (settings.capKind === "FIXED" && settings.capUnits === null)
    throw new z.ZodError([{ code: "custom", path: ["capUnits"], message: "a fixed cap needs capUnits", input: null }]);
  if (!(await db.variantSetting.findUnique({ where: { shop_variantId: { shop, variantId } }, select: { variantId: true } }))) {
    const fetchedAt = new Date();
    const variant = await gateway.productVariant(variantId);
    if (!variant) throw new VariantNotFoundError(variantId);
    await db.variantSetting.upsert({ where: { shop_variantId: { shop, variantId } }, create: { shop, ...variant, fetchedAt }, update: {} });
    await saveLevels(db, shop, await gateway.inventoryLevels([variant.inventoryItemId]), fetchedAt);
  }
  const variant = await db.variantSetting.update({ where: { shop_variantId: { shop, variantId } }, data: settings });
  const levels = await db.inventoryLevel.findMany({
    where: { shop, inventoryItemId: variant.inventoryItemId },
    select: { inventoryItemId: true, locationId: true },
  });
  await markDirty(db, shop, levels);
  await recordAudit(db, shop, "variant.settings_changed", variantId, settings);
  await replan(context, shop);
}

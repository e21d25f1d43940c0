import { z } from "zod";
import { DEFAULT_ORDER_TAG, type ShopSettings } from "~/backorders";
import type { Db } from "~/db/client.server";
import { idList } from "~/db/codecs";

export const PRIORITY_RULES = ["OLDEST_FIRST", "PRIORITY_TAG_FIRST"] as const;
export const FULFILLMENT_MODES = ["SHIP_AVAILABLE", "SHIP_COMPLETE"] as const;

/** The settings columns of a `Shop` row, decoded; a shop with no row has the defaults. */
const settingsRow = z.object({
  priorityRule: z.enum(PRIORITY_RULES).default("OLDEST_FIRST"),
  priorityTag: z.string().nullable().default(null),
  pins: idList.default([]),
  fulfillmentMode: z.enum(FULFILLMENT_MODES).default("SHIP_AVAILABLE"),
  handlingDays: z.number().int().default(0),
  ianaTimezone: z.string().nullable().default(null),
});

/** How the shop ranks, holds and dates its waiting orders. */
export async function loadSettings(db: Db, shop: string): Promise<ShopSettings> {
  const row = await db.shop.findUnique({
    where: { shop },
    select: { priorityRule: true, priorityTag: true, pins: true, fulfillmentMode: true, handlingDays: true, ianaTimezone: true },
  });
  const { ianaTimezone, ...settings } = settingsRow.parse(row ?? {});
  return { ...settings, timeZone: ianaTimezone ?? "UTC" };
}

/** The tag the app puts on orders with waiting lines. */
export async function loadOrderTag(db: Db, shop: string): Promise<string> {
  const row = await db.shop.findUnique({ where: { shop }, select: { orderTag: true } });
  return row?.orderTag ?? DEFAULT_ORDER_TAG;
}

const settingsForm = settingsRow.pick({ priorityRule: true, fulfillmentMode: true, handlingDays: true }).extend({
  priorityTag: z.string().default("priority"),
  backorderRateAlertPercent: z.number().int().default(10),
  safetyStockUnits: z.number().int().default(0),
  orderTag: z.string().default(DEFAULT_ORDER_TAG),
});

/** Everything the Settings page shows: the engine's settings and the admin's own. */
export async function loadSettingsForm(db: Db, shop: string) {
  const row = await db.shop.findUnique({
    where: { shop },
    select: {
      priorityRule: true,
      priorityTag: true,
      fulfillmentMode: true,
      handlingDays: true,
      backorderRateAlertPercent: true,
      safetyStockUnits: true,
      orderTag: true,
    },
  });
  return settingsForm.parse(row ?? {});
}

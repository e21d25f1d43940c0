// What a shopper is told about a variant on the product page: whether a unit
// ordered now waits for stock, and when it would ship. Published as one
// app-owned variant metafield that the theme app extension reads.
import { shippableStock } from "./allocation";
import { addDays, laterOf, type CalendarDate } from "./dates";
import type { InboundSupply, InventoryLevel, InventoryPolicy, Variant, VariantBackorderSettings } from "./facts";
import { groupBy } from "./group";
import { compareGids } from "./ids";
import { sortSupply } from "./promises";

/** `$app` is Shopify's app-reserved namespace (`app--<app id>` in Liquid). */
export const BADGE_NAMESPACE = "$app";
export const BADGE_KEY = "backorder";
export const BADGE_TYPE = "json";

/**
 * The hidden line item property (`_` keeps it out of the cart's display)
 * with which the badge's script sends the date the shopper was shown, as
 * YYYY-MM-DD. It reaches the order as a line's custom attribute.
 */
export const SHOWN_ETA_ATTRIBUTE = "_backorder_eta";

/** IN_STOCK: ships now. BACKORDER: sells, ships later. SOLD_OUT: not for sale (the cap, or backorders off). */
export type BadgeStatus = "IN_STOCK" | "BACKORDER" | "SOLD_OUT";

export interface Badge {
  status: BadgeStatus;
  /** The day a unit ordered now is expected to ship, from incoming stock; null is no such date (always null unless BACKORDER). */
  eta: CalendarDate | null;
  /**
   * Without incoming stock, the variant's lead time: "ships in about 3 weeks".
   * Kept as days rather than a date, so the value does not change every day.
   */
  leadTimeDays: number | null;
  /** The merchant's note for shoppers, shown with a backorder. */
  message: string | null;
}

export const IN_STOCK_BADGE: Badge = { status: "IN_STOCK", eta: null, leadTimeDays: null, message: null };
export const SOLD_OUT_BADGE: Badge = { status: "SOLD_OUT", eta: null, leadTimeDays: null, message: null };

/**
 * The badge of a variant that sells on backorder: dated by the first incoming
 * unit nobody is promised (plus handling days), else by its lead time, else
 * undated. A lead time of 0 days is today's date.
 */
export function backorderBadge(
  arrival: CalendarDate | null,
  backorders: Pick<VariantBackorderSettings, "leadTimeDays" | "message"> | null,
  context: { today: CalendarDate; handlingDays: number },
): Badge {
  const leadTime = backorders?.leadTimeDays ?? null;
  const message = backorders?.message ?? null;
  if (arrival !== null) {
    return { status: "BACKORDER", eta: addDays(laterOf(arrival, context.today), context.handlingDays), leadTimeDays: null, message };
  }
  if (leadTime === 0) return { status: "BACKORDER", eta: context.today, leadTimeDays: null, message };
  return { status: "BACKORDER", eta: null, leadTimeDays: leadTime, message };
}

export interface BadgeCommand {
  type: "SET_BADGE";
  variantId: string;
  /** The metafield's JSON value, keys always in one order so equal badges compare equal. */
  value: string;
}

/** Per item and location, what the plan gave away: units allocated, and supply units promised. */
export interface ClaimedStock {
  inventoryItemId: string;
  locationId: string;
  allocated: number;
  promisedSupply: number;
}

export interface BadgeInput {
  variants: readonly Variant[];
  levels: readonly InventoryLevel[];
  supply: readonly InboundSupply[];
  claimed: readonly ClaimedStock[];
  /** The policy each variant ends with once the plan's policy commands ran. */
  policyOf: (variant: Variant) => InventoryPolicy;
  today: CalendarDate;
  handlingDays: number;
}

export function badgeValue(badge: Badge): string {
  return JSON.stringify({ status: badge.status, eta: badge.eta, leadTimeDays: badge.leadTimeDays, message: badge.message });
}

/** One inventory item's rows of the badge input. */
interface ItemStock {
  levels: readonly InventoryLevel[];
  claimed: readonly ClaimedStock[];
  supply: readonly InboundSupply[];
}

/**
 * A variant is in stock while any location has a shippable unit no waiting
 * line took. Otherwise a unit ordered now joins the end of the queue: it gets
 * the first incoming unit nobody is promised yet, at whichever location has
 * the earliest one (`backorderBadge` says what that makes it).
 */
function badgeFor(variant: Variant, stock: ItemStock, input: BadgeInput): Badge {
  const claimed = new Map(stock.claimed.map((c) => [c.locationId, c]));
  const free = stock.levels.reduce((sum, level) => sum + shippableStock(level) - (claimed.get(level.locationId)?.allocated ?? 0), 0);
  if (free > 0) return IN_STOCK_BADGE;
  if (input.policyOf(variant) === "DENY") return SOLD_OUT_BADGE;

  let earliest: CalendarDate | null = null;
  for (const [locationId, supply] of groupBy(stock.supply, (s) => s.locationId)) {
    const arrival = firstUnpromised(supply, claimed.get(locationId)?.promisedSupply ?? 0);
    if (arrival !== null && (earliest === null || arrival < earliest)) earliest = arrival;
  }
  return backorderBadge(earliest, variant.backorders, input);
}

/** The arrival date of the first supply unit past the `promised` ones, in arrival order. */
function firstUnpromised(supply: readonly InboundSupply[], promised: number): CalendarDate | null {
  let passed = 0;
  for (const s of sortSupply(supply)) {
    passed += Math.max(0, s.quantity);
    if (passed > promised) return s.expectedOn;
  }
  return null;
}

/**
 * Commands for the badges that changed since they were last published. A
 * variant that never had a badge gets one only once it is on backorder: no
 * metafield reads as "nothing to say".
 */
export function badgeCommands(input: BadgeInput): BadgeCommand[] {
  const byItem = <T extends { inventoryItemId: string }>(rows: readonly T[]) => groupBy(rows, (row) => row.inventoryItemId);
  const [levels, claimed, supply] = [byItem(input.levels), byItem(input.claimed), byItem(input.supply)];
  const commands: BadgeCommand[] = [];
  for (const variant of [...input.variants].sort((a, b) => compareGids(a.id, b.id))) {
    const item = variant.inventoryItemId;
    const badge = badgeFor(
      variant,
      { levels: levels.get(item) ?? [], claimed: claimed.get(item) ?? [], supply: supply.get(item) ?? [] },
      input,
    );
    const value = badgeValue(badge);
    if (value === variant.badge) continue;
    if (variant.badge === null && badge.status !== "BACKORDER") continue;
    commands.push({ type: "SET_BADGE", variantId: variant.id, value });
  }
  return commands;
}

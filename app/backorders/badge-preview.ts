// The storefront badge as the merchant previews it while editing a variant:
// the badge the engine would publish for these settings once the variant is
// out of stock, and the words a shopper reads for a badge. The rules mirror
// `badgeFor` in badges.ts (a test holds the two together): policy from the
// cap, then the first unpromised incoming unit plus handling days, else the
// lead time, else no date.
import { backorderBadge, SOLD_OUT_BADGE, type Badge } from "./badges";
import { desiredPolicy } from "./caps";
import type { CalendarDate } from "./dates";
import type { VariantBackorderSettings } from "./facts";

/** The longest shopper message a variant may carry. */
export const MAX_BADGE_MESSAGE = 200;

export interface BadgePreviewContext {
  today: CalendarDate;
  handlingDays: number;
  /** Units of the variant waiting now, all locations together (a fixed cap counts them). */
  backorderedUnits: number;
  /** Incoming units nobody is promised yet (a dynamic cap sells only these). */
  unpromisedSupply: number;
  /** When the first of those arrives; null without any. */
  nextUnpromisedArrival: CalendarDate | null;
}

/** The badge shoppers see for an out-of-stock variant with these settings. */
export function previewBadge(backorders: VariantBackorderSettings, context: BadgePreviewContext): Badge {
  const policy = desiredPolicy({
    backorders,
    backorderedUnits: context.backorderedUnits,
    unpromisedSupply: context.unpromisedSupply,
  });
  if (policy === "DENY") return SOLD_OUT_BADGE;
  return backorderBadge(context.nextUnpromisedArrival, backorders, context);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const daysBetween = (from: CalendarDate, to: CalendarDate) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** "15 March", with the year when it is not this year's. */
export function badgeDate(date: CalendarDate, today: CalendarDate): string {
  const [year, month, day] = date.split("-").map(Number);
  const sameYear = date.slice(0, 4) === today.slice(0, 4);
  return `${day} ${MONTHS[month - 1]}${sameYear ? "" : ` ${year}`}`;
}

/**
 * "5 days", "about 3 weeks", "about 2 months": a span of days as a shopper
 * would say it. The block's Liquid (snippets/backorder-badge-headline.liquid)
 * rounds the same way, in the shopper's language.
 */
export function spanOf(days: number): string {
  if (days < 14) return days === 1 ? "1 day" : `${days} days`;
  if (days < 60) return `about ${Math.round(days / 7)} weeks`;
  return `about ${Math.round(days / 30)} months`;
}

/** "about 3 weeks", "5 days", "tomorrow": how far off a date is. */
export function badgeDistance(date: CalendarDate, today: CalendarDate): string {
  const days = daysBetween(today, date);
  if (days <= 0) return "today";
  if (days === 1) return "tomorrow";
  return spanOf(days);
}

export interface BadgeText {
  /** The badge's words, as the block says them in English: "Backorder: ships by 15 March", "Backorder: ships in about 3 weeks", "Backorder", "Sold out"; "In stock" where the block shows nothing. */
  headline: string;
  /** How far off the date is ("in about 3 weeks"); null without a date. */
  detail: string | null;
  /** The merchant's note, shown under the headline. */
  message: string | null;
}

/** What a shopper reads for a badge on `today`. */
export function badgeText(badge: Badge, today: CalendarDate): BadgeText {
  if (badge.status === "IN_STOCK") return { headline: "In stock", detail: null, message: null };
  if (badge.status === "SOLD_OUT") return { headline: "Sold out", detail: null, message: null };
  if (badge.eta === null) {
    const headline = badge.leadTimeDays === null ? "Backorder" : `Backorder: ships in ${spanOf(badge.leadTimeDays)}`;
    return { headline, detail: null, message: badge.message };
  }
  const distance = badgeDistance(badge.eta, today);
  return {
    headline: `Backorder: ships by ${badgeDate(badge.eta, today)}`,
    detail: distance === "today" || distance === "tomorrow" ? `ships ${distance}` : `in ${distance}`,
    message: badge.message,
  };
}

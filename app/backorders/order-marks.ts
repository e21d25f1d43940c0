// What a backordered order carries inside Shopify's admin, so the merchant
// sees it without opening the app: the shop's tag (filter "tag:backordered"
// in the Orders list) and one app-owned JSON metafield listing the waiting
// lines (shown on the order page). Both exist exactly while some line of the
// order waits; they are written only when they change, and the app only ever
// removes the tag it added itself.
import type { CalendarDate } from "./dates";
import { groupBy } from "./group";
import { compareGids } from "./ids";
import type { PlannedLine } from "./plan";

/** The order metafield, in `$app` like the variant badge (the definition is in shopify.app.toml). */
export const ORDER_MARK_NAMESPACE = "$app";
export const ORDER_MARK_KEY = "backorder";
export const ORDER_MARK_TYPE = "json";

/** Shopify's limit on a tag's length; a tag never contains a comma (tags are written comma-separated). */
export const ORDER_TAG_MAX_LENGTH = 40;
export const DEFAULT_ORDER_TAG = "backordered";

/** One waiting line as the metafield shows it. */
export interface WaitingLineMark {
  lineItemId: string;
  title: string;
  /** Units of the line still waiting for stock. */
  quantity: number;
  /** The location's name (its id when the app never learnt the name). */
  location: string;
  /** The date promised now; null when none is known. */
  promisedOn: CalendarDate | null;
  /** 1 for the next line served at that location; null when the plan has no place for it. */
  placeInLine: number | null;
}

/** What the app last wrote on an order: its tag and the metafield's JSON, null for none. */
export interface OrderMark {
  orderId: string;
  tag: string | null;
  value: string | null;
}

/**
 * The writes that bring one order to what it should carry. Run in this order:
 * the old tag comes off before a new one goes on, so renaming the tag with a
 * different case only ("Backordered") still ends with the new one.
 */
export interface OrderMarkCommand {
  type: "MARK_ORDER";
  orderId: string;
  /** The app's own tag, last added by it, to take off; null: none. */
  removeTag: string | null;
  addTag: string | null;
  /** The metafield's new JSON; null: unchanged, or deleted when `deleteValue`. */
  setValue: string | null;
  deleteValue: boolean;
  /** What the order carries once every write succeeded. */
  next: OrderMark;
}

export interface OrderMarkInput {
  /** The plan's lines; those with a backordered quantity wait. */
  lines: readonly PlannedLine[];
  /** The title and location name of a planned line, for the metafield. */
  describe: (line: PlannedLine) => { title: string; location: string };
  /** What the app last wrote, for every order that carries something now. */
  written: readonly OrderMark[];
  /** The shop's tag (the merchant's setting). */
  tag: string;
}

/** The metafield's JSON: keys in one order and lines sorted, so equal marks compare equal. */
export function orderMarkValue(lines: readonly WaitingLineMark[]): string {
  const sorted = [...lines].sort((a, b) => compareGids(a.lineItemId, b.lineItemId) || a.location.localeCompare(b.location));
  return JSON.stringify({
    lines: sorted.map((l) => ({
      lineItemId: l.lineItemId,
      title: l.title,
      quantity: l.quantity,
      location: l.location,
      promisedOn: l.promisedOn,
      placeInLine: l.placeInLine,
    })),
  });
}

/**
 * One command per order whose tag or metafield must change: orders with a
 * waiting line get the tag and the list of their waiting lines; orders the
 * app marked before and where nothing waits any more lose both. A line the
 * merchant released by hand ships anyway: it no longer counts as waiting here.
 */
export function orderMarkCommands(input: OrderMarkInput): OrderMarkCommand[] {
  const waiting = input.lines.filter((line) => line.backordered > 0 && !line.releasedByMerchant);
  const desired = new Map<string, OrderMark>();
  for (const [orderId, lines] of groupBy(waiting, (line) => line.orderId)) {
    const value = orderMarkValue(
      lines.map((line) => ({
        lineItemId: line.lineItemId,
        ...input.describe(line),
        quantity: line.backordered,
        promisedOn: line.eta,
        placeInLine: line.queuePosition,
      })),
    );
    desired.set(orderId, { orderId, tag: input.tag, value });
  }
  const written = new Map(input.written.map((mark) => [mark.orderId, mark]));
  const orderIds = [...new Set([...desired.keys(), ...written.keys()])].sort(compareGids);
  const commands: OrderMarkCommand[] = [];
  for (const orderId of orderIds) {
    const want = desired.get(orderId) ?? { orderId, tag: null, value: null };
    const have = written.get(orderId) ?? { orderId, tag: null, value: null };
    const retag = want.tag !== have.tag;
    const revalue = want.value !== have.value;
    if (!retag && !revalue) continue;
    commands.push({
      type: "MARK_ORDER",
      orderId,
      removeTag: retag ? have.tag : null,
      addTag: retag ? want.tag : null,
      setValue: revalue ? want.value : null,
      deleteValue: revalue && want.value === null,
      next: want,
    });
  }
  return commands;
}

/** Why a tag cannot be the order tag, or null when it can: Shopify's tag rules. */
export function orderTagProblem(tag: string): string | null {
  if (tag.trim() === "") return "Enter a tag";
  if (tag.trim().length > ORDER_TAG_MAX_LENGTH) return `A tag has at most ${ORDER_TAG_MAX_LENGTH} characters`;
  if (tag.includes(",")) return "A tag cannot contain a comma";
  return null;
}

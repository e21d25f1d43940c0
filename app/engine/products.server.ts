// The merchant's Products page: the variants the app follows, paged and
// searched; adding variants from the store; editing the backorder settings of
// one or several variants at once. Every query is scoped by shop; the changes
// are the merchant's (`byMerchant`), audited, and re-planned at once.
//
// "Followed" is every variant the app keeps a row for: those the merchant
// added, and those an order or product event named. A variant whose settings
// were never set (backordersEnabled null) is listed too, as "Not set up", so
// a merchant sees what the engine is watching and can set it up.
import { z } from "zod";
import { byMerchant } from "~/audit/context.server";
import { recordAudit } from "~/audit/trail.server";
import { shopToday, sortSupply, type CalendarDate } from "~/backorders";
import type { Badge } from "~/backorders/badges";
import { MAX_BADGE_MESSAGE, type BadgePreviewContext } from "~/backorders/badge-preview";
import type { Db } from "~/db/client.server";
import { markDirty, saveLevels } from "./ingest.server";
import type { StoreGateway } from "./ports";
import { replan } from "./requests.server";
import { VariantNotFoundError, type ChangeContext } from "./settings.server";

export const PRODUCTS_PAGE_SIZE = 50;
/** How many variants one add or one bulk edit may name. */
export const MAX_VARIANTS_PER_CHANGE = 250;

const variantId = z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/, "must be a product variant id");

// A page boundary: the last (or first) row's product title and variant id.
type Cursor = { t: string | null; v: string };
const cursor = z
  .string()
  .max(1_000)
  .transform((text, ctx): Cursor => {
    try {
      return z.object({ t: z.string().nullable(), v: z.string() }).parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    } catch {
      ctx.addIssue({ code: "custom", message: "is not a page of this list" });
      return z.NEVER;
    }
  });
const encodeCursor = (row: { productTitle: string | null; variantId: string }) =>
  Buffer.from(JSON.stringify({ t: row.productTitle, v: row.variantId })).toString("base64url");

export const productsFilters = z.object({
  query: z.string().trim().max(100, "must be 100 characters or fewer").optional(),
  after: cursor.optional(),
  before: cursor.optional(),
});

export type ProductsFilters = z.output<typeof productsFilters>;

export type ProductRow = {
  variantId: string;
  productId: string;
  productTitle: string | null;
  title: string | null;
  sku: string | null;
  vendor: string | null;
  imageUrl: string | null;
  inventoryPolicy: string;
  backordersEnabled: boolean | null;
  capKind: "FIXED" | "DYNAMIC" | null;
  capUnits: number | null;
  leadTimeDays: number | null;
  message: string | null;
  /** The badge on the storefront now, as the engine last wrote it; null: none. */
  badge: Badge | null;
  /** What the badge preview needs of this variant's queue and incoming stock. */
  preview: Pick<BadgePreviewContext, "backorderedUnits" | "unpromisedSupply" | "nextUnpromisedArrival">;
};

export type ProductsPage = {
  rows: ProductRow[];
  /** Cursors of the next and previous pages; null where there is none. */
  next: string | null;
  previous: string | null;
  query: string;
  today: CalendarDate;
  handlingDays: number;
};

const ROW_FIELDS = {
  variantId: true,
  productId: true,
  productTitle: true,
  title: true,
  sku: true,
  vendor: true,
  imageUrl: true,
  inventoryPolicy: true,
  inventoryItemId: true,
  backordersEnabled: true,
  capKind: true,
  capUnits: true,
  leadTimeDays: true,
  message: true,
  badge: true,
} as const;

/**
 * One page of followed variants, by product title then variant id (variants
 * with no product title yet first), after or before a cursor. Keyset paging:
 * each page costs the same however deep it is.
 */
export async function listProducts(db: Db, shop: string, filters: ProductsFilters = {}): Promise<ProductsPage> {
  const backwards = !filters.after && Boolean(filters.before);
  const bound = filters.after ?? filters.before;
  const text = filters.query ?? "";
  const search = text
    ? {
        OR: [
          { productTitle: { contains: text } },
          { title: { contains: text } },
          { sku: { contains: text } },
          { vendor: { contains: text } },
        ],
      }
    : {};
  const past = bound ? (backwards ? before(bound) : after(bound)) : {};
  const [shopRow, found] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { handlingDays: true, ianaTimezone: true } }),
    db.variantSetting.findMany({
      where: { shop, AND: [search, past] },
      orderBy: backwards
        ? [{ productTitle: { sort: "desc", nulls: "last" } }, { variantId: "desc" }]
        : [{ productTitle: { sort: "asc", nulls: "first" } }, { variantId: "asc" }],
      take: PRODUCTS_PAGE_SIZE + 1,
      select: ROW_FIELDS,
    }),
  ]);
  const more = found.length > PRODUCTS_PAGE_SIZE;
  const page = found.slice(0, PRODUCTS_PAGE_SIZE);
  if (backwards) page.reverse();
  const today = shopToday(new Date(), shopRow?.ianaTimezone ?? "UTC");
  const contexts = await previewContexts(
    db,
    shop,
    page.map((row) => row.inventoryItemId),
  );
  const hasNext = backwards ? Boolean(bound) : more;
  const hasPrevious = backwards ? more : Boolean(bound);
  return {
    rows: page.map(({ inventoryItemId, badge, capKind, ...row }) => ({
      ...row,
      capKind: capKind === "FIXED" || capKind === "DYNAMIC" ? capKind : null,
      badge: parseBadge(badge),
      preview: contexts.get(inventoryItemId) ?? { backorderedUnits: 0, unpromisedSupply: 0, nextUnpromisedArrival: null },
    })),
    next: hasNext && page.length > 0 ? encodeCursor(page[page.length - 1]) : null,
    previous: hasPrevious && page.length > 0 ? encodeCursor(page[0]) : null,
    query: text,
    today,
    handlingDays: shopRow?.handlingDays ?? 0,
  };
}

/** Rows after the cursor in (productTitle nulls first, variantId) order. */
function after({ t, v }: Cursor) {
  if (t === null) return { OR: [{ productTitle: null, variantId: { gt: v } }, { productTitle: { not: null } }] };
  // A range on the index from this title on, less the rows of this title up to the cursor.
  return { productTitle: { gte: t }, NOT: { productTitle: t, variantId: { lte: v } } };
}

/** Rows before the cursor in the same order. */
function before({ t, v }: Cursor) {
  if (t === null) return { productTitle: null, variantId: { lt: v } };
  return { OR: [{ productTitle: null }, { productTitle: { lt: t } }, { productTitle: t, variantId: { lt: v } }] };
}

const storedBadge = z.object({
  status: z.enum(["IN_STOCK", "BACKORDER", "SOLD_OUT"]),
  eta: z.string().nullable(),
  // Badges published before lead times were kept as days have none.
  leadTimeDays: z.number().int().nullable().default(null),
  message: z.string().nullable(),
});
function parseBadge(value: string | null): Badge | null {
  if (value === null) return null;
  const parsed = storedBadge.safeParse(JSON.parse(value));
  return parsed.success ? parsed.data : null;
}

/**
 * Per item: the units waiting, and the incoming stock past what they take,
 * all locations together. The plan promises supply per location; summed over
 * locations this is exact for an item stocked at one location, and close
 * otherwise: a preview, while the badge itself comes from the plan.
 */
async function previewContexts(db: Db, shop: string, inventoryItemIds: string[]) {
  if (inventoryItemIds.length === 0) return new Map<string, ProductRow["preview"]>();
  const [waiting, supply] = await Promise.all([
    db.backorderLine.groupBy({
      by: ["inventoryItemId"],
      where: { shop, inventoryItemId: { in: inventoryItemIds }, state: "backordered" },
      _sum: { backordered: true },
    }),
    db.inboundSupply.findMany({
      where: { shop, inventoryItemId: { in: inventoryItemIds }, status: "EXPECTED" },
      select: { id: true, inventoryItemId: true, locationId: true, quantity: true, expectedOn: true },
    }),
  ]);
  const waitingOf = new Map(waiting.map((w) => [w.inventoryItemId, w._sum.backordered ?? 0]));
  const contexts = new Map<string, ProductRow["preview"]>();
  for (const item of new Set(inventoryItemIds)) {
    const backorderedUnits = waitingOf.get(item) ?? 0;
    const incoming = sortSupply(supply.filter((s) => s.inventoryItemId === item).map((s) => ({ ...s, id: String(s.id) })));
    const total = incoming.reduce((sum, s) => sum + Math.max(0, s.quantity), 0);
    let passed = 0;
    let nextUnpromisedArrival: CalendarDate | null = null;
    for (const s of incoming) {
      passed += Math.max(0, s.quantity);
      if (passed > backorderedUnits) {
        nextUnpromisedArrival = s.expectedOn;
        break;
      }
    }
    contexts.set(item, { backorderedUnits, unpromisedSupply: Math.max(0, total - backorderedUnits), nextUnpromisedArrival });
  }
  return contexts;
}

export const addProductsInput = z.object({
  variantIds: z
    .array(variantId)
    .min(1, "choose at least one variant")
    .max(MAX_VARIANTS_PER_CHANGE, `at most ${MAX_VARIANTS_PER_CHANGE} variants at once`),
});

/**
 * Follows variants the merchant chose from the store: each is read through
 * the Admin API (its product's title, vendor and image, its item and policy)
 * with its item's stock, and recorded; known ones are refreshed. Their
 * backorders stay as they are until the merchant sets them. A variant the
 * store does not have fails the whole add before anything is written.
 */
export const addProducts = byMerchant(followVariants);
async function followVariants(
  context: ChangeContext & { gateway: Pick<StoreGateway, "productVariant" | "inventoryLevels"> },
  shop: string,
  input: z.input<typeof addProductsInput>,
): Promise<{ added: number; refreshed: number }> {
  const { db, gateway } = context;
  const { variantIds } = addProductsInput.parse(input);
  const fetchedAt = new Date();
  const variants = [];
  for (const id of new Set(variantIds)) {
    const variant = await gateway.productVariant(id);
    if (!variant) throw new VariantNotFoundError(id);
    variants.push(variant);
  }
  const known = new Set(
    (
      await db.variantSetting.findMany({
        where: { shop, variantId: { in: variants.map((v) => v.variantId) } },
        select: { variantId: true },
      })
    ).map((v) => v.variantId),
  );
  const added = variants.filter((v) => !known.has(v.variantId));
  for (const { variantId: id, ...data } of variants) {
    await db.variantSetting.upsert({
      where: { shop_variantId: { shop, variantId: id } },
      create: { shop, variantId: id, ...data, fetchedAt },
      update: { ...data, fetchedAt },
    });
  }
  if (added.length > 0) await saveLevels(db, shop, await gateway.inventoryLevels(added.map((v) => v.inventoryItemId)), fetchedAt);
  for (const v of added) {
    await recordAudit(db, shop, "variant.followed", v.variantId, { productTitle: v.productTitle, title: v.title, sku: v.sku });
  }
  return { added: added.length, refreshed: variants.length - added.length };
}

/**
 * A change to one or several variants: each field given is set on all of
 * them, each field left out stays as it is. `capKind` NONE removes the cap.
 */
export const editVariantsInput = z
  .object({
    variantIds: z
      .array(variantId)
      .min(1, "choose at least one variant")
      .max(MAX_VARIANTS_PER_CHANGE, `at most ${MAX_VARIANTS_PER_CHANGE} variants at once`),
    backordersEnabled: z.boolean().optional(),
    capKind: z.enum(["NONE", "FIXED", "DYNAMIC"]).optional(),
    capUnits: z.number().int("must be a whole number").min(0, "must be 0 or more").max(1_000_000, "must be 1,000,000 or less").optional(),
    leadTimeDays: z
      .number()
      .int("must be a whole number of days")
      .min(0, "must be 0 or more")
      .max(730, "must be 730 days or fewer")
      .nullable()
      .optional(),
    message: z
      .string()
      .trim()
      .max(MAX_BADGE_MESSAGE, `must be ${MAX_BADGE_MESSAGE} characters or fewer`)
      .transform((text) => text || null)
      .nullable()
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.capKind === "FIXED" && input.capUnits === undefined)
      ctx.addIssue({ code: "custom", path: ["capUnits"], message: "a fixed cap needs a number of units" });
  });

/**
 * Sets the backorder settings of the named variants, in one change: every
 * variant must be this shop's (else nothing changes), each gets its audit
 * event with its settings as they now stand, and one reconcile acts on them
 * all: the engine turns inventoryPolicy to CONTINUE or DENY and rewrites the
 * storefront badges.
 */
export const editVariants = byMerchant(changeVariants);
async function changeVariants(
  context: ChangeContext,
  shop: string,
  input: z.input<typeof editVariantsInput>,
): Promise<{ changed: number }> {
  const { db } = context;
  const { variantIds, capKind, capUnits, ...fields } = editVariantsInput.parse(input);
  const ids = [...new Set(variantIds)];
  const rows = await db.variantSetting.findMany({
    where: { shop, variantId: { in: ids } },
    select: { variantId: true, inventoryItemId: true },
  });
  const missing = ids.find((id) => !rows.some((row) => row.variantId === id));
  if (missing) throw new VariantNotFoundError(missing);

  const cap =
    capKind === undefined
      ? {}
      : capKind === "NONE"
        ? { capKind: null, capUnits: null }
        : { capKind, capUnits: capKind === "FIXED" ? (capUnits ?? null) : null };
  const data = { ...fields, ...cap };
  await db.variantSetting.updateMany({ where: { shop, variantId: { in: ids } }, data });

  const levels = await db.inventoryLevel.findMany({
    where: { shop, inventoryItemId: { in: rows.map((row) => row.inventoryItemId) } },
    select: { inventoryItemId: true, locationId: true },
  });
  await markDirty(db, shop, levels);
  const updated = await db.variantSetting.findMany({
    where: { shop, variantId: { in: ids } },
    orderBy: { variantId: "asc" },
    select: { variantId: true, backordersEnabled: true, capKind: true, capUnits: true, leadTimeDays: true, message: true },
  });
  for (const { variantId: id, ...settings } of updated) {
    await recordAudit(db, shop, "variant.settings_changed", id, { ...settings, ...(ids.length > 1 ? { bulk: ids.length } : {}) });
  }
  await replan(context, shop);
  return { changed: ids.length };
}

/** The store's variants whose product title matches `text`, marked when already followed: the search without the picker. */
export async function searchStoreVariants(
  db: Db,
  gateway: Pick<StoreGateway, "searchVariants">,
  shop: string,
  text: string,
): Promise<{ variantId: string; productTitle: string; title: string; sku: string | null; followed: boolean }[]> {
  const found = await gateway.searchVariants(text);
  const followed = new Set(
    (
      await db.variantSetting.findMany({ where: { shop, variantId: { in: found.map((v) => v.variantId) } }, select: { variantId: true } })
    ).map((v) => v.variantId),
  );
  return found.map((v) => ({
    variantId: v.variantId,
    productTitle: v.productTitle,
    title: v.title,
    sku: v.sku,
    followed: followed.has(v.variantId),
  }));
}

// Shopify's Liquid objects (`product`, `variant`, `block`, line items) built
// from the simulator's live records, with the fields the theme here and the
// app block read. Ids are the numeric ones Liquid shows, prices are in cents.
import { jsonValue } from "../resolvers/metafields";
import { gid, legacyId } from "../state/ids";
import type { HasMetafields } from "../state/metafields";
import type { LineItem } from "../state/orders";
import type { Product, Variant } from "../state/products";
import type { ShopState } from "../state/shops";
import { readBlockSchema } from "./liquid";

export type LiquidVariant = ReturnType<typeof variantObject>;
export type LiquidProduct = ReturnType<typeof productObject>;

export const cents = (price: string) => Math.round(Number(price) * 100);

/** A variant's gid from the numeric id a form or URL carries; undefined when it is not a number. */
export const variantGid = (id: string | null) => (id && /^\d+$/.test(id) ? gid("ProductVariant", id) : undefined);

/**
 * `record.metafields[namespace][key].value`, the value parsed by type as
 * Liquid gives it. The app's own namespace is also reachable as `$app`, as
 * it is from the app's theme extension.
 */
function metafieldsObject(record: HasMetafields, appNamespace: string) {
  const namespaces: Record<string, Record<string, { value: unknown; type: string }>> = {};
  for (const m of record.metafields) {
    const field = { value: jsonValue(m), type: m.type };
    for (const namespace of m.namespace === appNamespace ? [m.namespace, "$app"] : [m.namespace])
      (namespaces[namespace] ??= {})[m.key] = field;
  }
  return namespaces;
}

/** Shopify's `variant.available`: sellable now (stock, not tracked, or selling on when out). */
function isAvailable(shop: ShopState, variant: Variant): boolean {
  const item = shop.inventoryItems.get(variant.inventoryItemId);
  if (!item?.tracked || variant.inventoryPolicy === "CONTINUE") return true;
  let available = 0;
  for (const location of shop.locations.keys()) available += shop.levels.get(`${item.id}|${location}`)?.quantities.available ?? 0;
  return available > 0;
}

function variantObject(shop: ShopState, variant: Variant, appNamespace: string) {
  return {
    id: legacyId(variant.id),
    title: variant.title,
    sku: variant.sku,
    price: cents(variant.price),
    available: isAvailable(shop, variant),
    metafields: metafieldsObject(variant, appNamespace),
  };
}

/** `selectedId`: the `?variant=` of the URL; Shopify ignores one that is not the product's. */
export function productObject(shop: ShopState, product: Product, appNamespace: string, selectedId?: string) {
  const variants = product.variantIds.map((id) => variantObject(shop, shop.variants.get(id)!, appNamespace));
  const selected = variants.find((v) => String(v.id) === selectedId);
  const image = product.image;
  return {
    id: legacyId(product.id),
    title: product.title,
    handle: product.handle,
    url: `/products/${product.handle}`,
    vendor: product.vendor,
    variants,
    has_only_default_variant: variants.length === 1 && variants[0]!.title === "Default Title",
    selected_variant: selected ?? null,
    selected_or_first_available_variant: selected ?? variants.find((v) => v.available) ?? variants[0]!,
    // Only images a browser here can show: the simulator's default image URLs point at Shopify's CDN.
    featured_image: image?.src.startsWith("data:") ? { src: image.src, alt: image.alt ?? product.title } : null,
  };
}

/** The app block as the theme editor leaves it when added: every setting at its schema default. */
export function blockObject(name: string) {
  const schema = readBlockSchema(name);
  return {
    id: `sim-${name}`,
    type: "@app",
    settings: Object.fromEntries(schema.settings.map((s) => [s.id, s.default ?? null])),
    shopify_attributes: "",
  };
}

/** Line item properties, as Liquid iterates them: name and value pairs in the order given. */
export const propertiesObject = (attributes: { key: string; value: string }[]) =>
  Object.fromEntries(attributes.map((a) => [a.key, a.value]));

export function orderObject(order: { name: string; lineItems: LineItem[] }) {
  return {
    name: order.name,
    line_items: order.lineItems.map((line) => ({
      title: line.title,
      variant_title: line.variantTitle,
      quantity: line.quantity,
      properties: propertiesObject(line.customAttributes),
    })),
  };
}

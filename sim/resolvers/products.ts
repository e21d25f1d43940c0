// Products and variants, and productVariantsBulkUpdate.
import { NotImplementedError } from "../schema";
import type { UserError } from "../state/errors";
import { legacyId } from "../state/ids";
import type { Product, ProductImage, Variant } from "../state/products";
import { connection } from "./connection";
import type { Args, Obj, SimContext } from "./context";
import { metafieldFields, metafieldsSet } from "./metafields";
import { project, register } from "./projections";

function variantNode(ctx: SimContext, v: Variant): Obj {
  const { shop } = ctx;
  const product = shop.products.get(v.productId)!;
  const available = () =>
    [...shop.levels.values()].filter((l) => l.itemId === v.inventoryItemId).reduce((s, l) => s + l.quantities.available, 0);
  return {
    __typename: "ProductVariant",
    id: v.id,
    legacyResourceId: String(legacyId(v.id)),
    title: v.title,
    displayName: `${product.title} - ${v.title}`,
    sku: v.sku,
    price: v.price,
    compareAtPrice: null,
    barcode: null,
    position: v.position,
    inventoryPolicy: v.inventoryPolicy,
    inventoryQuantity: available,
    availableForSale: () =>
      product.status === "ACTIVE" &&
      (v.inventoryPolicy === "CONTINUE" || available() > 0 || !shop.inventoryItems.get(v.inventoryItemId)!.tracked),
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    inventoryItem: () => project("InventoryItem", ctx, shop.inventoryItems.get(v.inventoryItemId)!),
    product: () => productNode(ctx, product),
    selectedOptions: [{ __typename: "SelectedOption", name: "Title", value: v.title }],
    ...metafieldFields(ctx, v),
  };
}

function productNode(ctx: SimContext, p: Product): Obj {
  const { shop } = ctx;
  const variants = () => p.variantIds.map((id) => shop.variants.get(id)!);
  return {
    __typename: "Product",
    id: p.id,
    legacyResourceId: String(legacyId(p.id)),
    title: p.title,
    handle: p.handle,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    hasOnlyDefaultVariant: p.variantIds.length === 1,
    featuredMedia: () => (p.image ? mediaImage(p.image) : null),
    tracksInventory: () => variants().some((v) => shop.inventoryItems.get(v.inventoryItemId)!.tracked),
    totalInventory: () =>
      variants().reduce(
        (s, v) =>
          s + [...shop.levels.values()].filter((l) => l.itemId === v.inventoryItemId).reduce((t, l) => t + l.quantities.available, 0),
        0,
      ),
    variants: (args: Args) => connection(variants(), args, (v) => variantNode(ctx, v)),
    variantsCount: () => ({ count: p.variantIds.length, precision: "EXACT" }),
    ...metafieldFields(ctx, p),
  };
}

/** A product's image as the MediaImage that `featuredMedia` gives. */
function mediaImage(image: ProductImage): Obj {
  const node = { __typename: "Image", id: image.id, url: image.src, altText: image.alt, width: image.width, height: image.height };
  return {
    __typename: "MediaImage",
    id: image.id.replace("ProductImage", "MediaImage"),
    alt: image.alt,
    mediaContentType: "IMAGE",
    status: "READY",
    image: node,
    preview: { __typename: "MediaPreviewImage", image: node, status: "READY" },
  };
}

register({ Product: productNode, ProductVariant: variantNode });

const VARIANT_INPUT_SUPPORTED = new Set(["id", "inventoryPolicy", "price", "metafields"]);

export function productVariantsBulkUpdate(ctx: SimContext, args: Args): Obj {
  const { shop, state } = ctx;
  const product = shop.products.get(args.productId);
  if (!product)
    return {
      product: null,
      productVariants: null,
      userErrors: [{ field: ["productId"], code: "PRODUCT_DOES_NOT_EXIST", message: "Product does not exist" }],
    };
  const errors: UserError[] = [];
  const inputs = args.variants as Args[];
  inputs.forEach((v, i) => {
    for (const key of Object.keys(v)) {
      if (!VARIANT_INPUT_SUPPORTED.has(key)) {
        throw new NotImplementedError(`ProductVariantsBulkInput.${key} is not implemented by the Shopify simulator`, {
          extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
        });
      }
    }
    if (!v.id)
      errors.push({
        field: ["variants", String(i), "id"],
        code: "PRODUCT_VARIANT_ID_MISSING",
        message: "Product variant is missing ID attribute",
      });
    else if (!product.variantIds.includes(v.id)) {
      errors.push({
        field: ["variants", String(i), "id"],
        code: "PRODUCT_VARIANT_DOES_NOT_EXIST",
        message: "Product variant does not exist",
      });
    } else if (v.price != null && Number(v.price) < 0) {
      errors.push({
        field: ["variants", String(i), "price"],
        code: "NEGATIVE_PRICE_VALUE",
        message: "Price must be greater than or equal to 0",
      });
    }
  });
  if (errors.length && !args.allowPartialUpdates) return { product: null, productVariants: null, userErrors: errors };
  const failed = new Set(errors.map((e) => Number(e.field?.[1])));
  const updated: Variant[] = [];
  inputs.forEach((v, i) => {
    if (failed.has(i)) return;
    const variant = shop.variants.get(v.id)!;
    if (v.inventoryPolicy != null) variant.inventoryPolicy = v.inventoryPolicy;
    if (v.price != null) variant.price = Number(v.price).toFixed(2);
    if (v.metafields) {
      const set = metafieldsSet(
        ctx,
        (v.metafields as Args[]).map((m) => ({ ownerId: variant.id, namespace: m.namespace, key: m.key, type: m.type, value: m.value })),
      );
      if ((set.userErrors as UserError[]).length) errors.push(...(set.userErrors as UserError[]));
    }
    variant.updatedAt = state.now();
    updated.push(variant);
  });
  if (updated.length) state.productChanged(shop, product);
  return { product: productNode(ctx, product), productVariants: updated.map((v) => variantNode(ctx, v)), userErrors: errors };
}

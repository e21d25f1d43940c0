import { legacyId } from "../state/ids";
import type { Product } from "../state/products";
import type { ShopState } from "../state/shops";
import type { SimState } from "../state/sim-state";

function imagePayload(product: Product) {
  const image = product.image!;
  return {
    id: legacyId(image.id),
    admin_graphql_api_id: image.id,
    alt: image.alt,
    created_at: image.createdAt,
    updated_at: image.createdAt,
    height: image.height,
    width: image.width,
    position: 1,
    product_id: legacyId(product.id),
    src: image.src,
    variant_ids: [],
  };
}

/** Body of products/update. */
export function productPayload(state: SimState, shop: ShopState, product: Product) {
  const variants = product.variantIds.map((id) => shop.variants.get(id)!);
  return {
    admin_graphql_api_id: product.id,
    body_html: "",
    category: null,
    created_at: product.createdAt,
    handle: product.handle,
    has_variants_that_requires_components: false,
    id: legacyId(product.id),
    image: product.image ? imagePayload(product) : null,
    images: product.image ? [imagePayload(product)] : [],
    media: [],
    options: [],
    product_type: product.productType,
    published_at: product.createdAt,
    published_scope: "web",
    status: product.status.toLowerCase(),
    tags: product.tags.join(", "),
    template_suffix: null,
    title: product.title,
    updated_at: product.updatedAt,
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: v.id, updated_at: v.updatedAt })),
    variants: variants.map((v) => {
      const inventory = [...shop.levels.values()]
        .filter((l) => l.itemId === v.inventoryItemId)
        .reduce((s, l) => s + l.quantities.available, 0);
      return {
        admin_graphql_api_id: v.id,
        barcode: null,
        compare_at_price: null,
        created_at: v.createdAt,
        id: legacyId(v.id),
        inventory_policy: v.inventoryPolicy.toLowerCase(),
        position: v.position,
        price: v.price,
        product_id: legacyId(product.id),
        sku: v.sku ?? "",
        taxable: true,
        title: v.title,
        updated_at: v.updatedAt,
        option1: v.title,
        option2: null,
        option3: null,
        image_id: null,
        inventory_item_id: legacyId(v.inventoryItemId),
        inventory_quantity: inventory,
        old_inventory_quantity: inventory,
      };
    }),
    vendor: product.vendor,
  };
}

// Products and their variants. A variant's stock is in its inventory item's
// levels (inventory.ts).
import { productPayload } from "../payloads/products";
import { SimError } from "./errors";
import type { Gid } from "./ids";
import type { HasMetafields } from "./metafields";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface ProductImage {
  id: Gid;
  src: string;
  alt: string | null;
  width: number;
  height: number;
  createdAt: string;
}

export interface Product extends HasMetafields {
  title: string;
  image: ProductImage | null;
  handle: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  vendor: string;
  productType: string;
  tags: string[];
  variantIds: Gid[];
  createdAt: string;
  updatedAt: string;
}

export type InventoryPolicy = "CONTINUE" | "DENY";

export interface Variant extends HasMetafields {
  productId: Gid;
  title: string;
  sku: string | null;
  price: string;
  inventoryPolicy: InventoryPolicy;
  inventoryItemId: Gid;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** A variant named by id or by SKU, as the control API's inputs name them. */
export interface VariantRef {
  variantId?: Gid;
  sku?: string;
}

export function findVariant(shop: ShopState, ref: VariantRef): Variant {
  const v = ref.variantId ? shop.variants.get(ref.variantId) : [...shop.variants.values()].find((x) => ref.sku && x.sku === ref.sku);
  if (!v) throw new SimError(`Unknown variant ${ref.variantId ?? ref.sku}`);
  return v;
}

/** Notes a product change (for productVariantsBulkUpdate). */
export function productChanged(state: SimState, shop: ShopState, product: Product) {
  product.updatedAt = state.now();
  state.emit(shop.domain, "products/update", productPayload(state, shop, product));
}

/** products/update for each product of these lines, whose inventory changed. */
export function emitProductsOf(state: SimState, shop: ShopState, lines: { productId: Gid }[]) {
  for (const id of new Set(lines.map((l) => l.productId)))
    state.emit(shop.domain, "products/update", productPayload(state, shop, shop.products.get(id)!));
}

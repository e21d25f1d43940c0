// Seeding a shop with locations, products (with stock) and customers: the
// control API's `seed` and the tests' fixtures.
import { addCustomer, type Customer, type CustomerInput } from "./customers";
import { gid } from "./ids";
import { ensureLevel, type InventoryItem } from "./inventory";
import { findLocation, type Location } from "./locations";
import type { InventoryPolicy, Product, Variant } from "./products";
import type { ShopInput, ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface SeedInput extends ShopInput {
  locations?: { name: string }[];
  products?: {
    title: string;
    handle?: string;
    /** Image URL; null for none. Defaults to a placeholder URL, since most real products have one. */
    image?: string | null;
    vendor?: string;
    tags?: string[];
    variants: {
      title?: string;
      sku?: string;
      price?: string;
      inventoryPolicy?: InventoryPolicy;
      tracked?: boolean;
      /** Available quantity per location name (or location GID). */
      stock?: Record<string, number>;
      metafields?: { namespace: string; key: string; type: string; value: string }[];
    }[];
  }[];
  customers?: CustomerInput[];
}

/** Adds locations, products (with stock) and customers to a shop. */
export function seedShop(
  state: SimState,
  shop: ShopState,
  input: SeedInput,
): { shop: ShopState; products: Product[]; customers: Customer[] } {
  const now = state.now();
  for (const l of input.locations ?? []) addLocation(state, shop, l.name);
  if (shop.locations.size === 0) addLocation(state, shop, "Shop location");
  const products: Product[] = [];
  for (const p of input.products ?? []) {
    const handle =
      p.handle ??
      p.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    const product: Product = {
      id: gid("Product", state.nextId()),
      title: p.title,
      handle,
      image:
        p.image === null
          ? null
          : {
              id: gid("ProductImage", state.nextId()),
              src: p.image ?? `https://${shop.domain}/cdn/shop/files/${handle}.png`,
              alt: p.title,
              width: 800,
              height: 800,
              createdAt: now,
            },
      status: "ACTIVE",
      vendor: p.vendor ?? shop.name,
      productType: "",
      tags: p.tags ?? [],
      variantIds: [],
      metafields: [],
      createdAt: now,
      updatedAt: now,
    };
    shop.products.set(product.id, product);
    p.variants.forEach((v, i) => {
      const variantId = gid("ProductVariant", state.nextId());
      const item: InventoryItem = {
        id: gid("InventoryItem", state.nextId()),
        variantId,
        tracked: v.tracked ?? true,
        createdAt: now,
        updatedAt: now,
      };
      const variant: Variant = {
        id: variantId,
        productId: product.id,
        title: v.title ?? "Default Title",
        sku: v.sku ?? null,
        price: v.price ?? "10.00",
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        inventoryItemId: item.id,
        position: i + 1,
        metafields: (v.metafields ?? []).map((m) => ({ ...m, id: gid("Metafield", state.nextId()), createdAt: now, updatedAt: now })),
        createdAt: now,
        updatedAt: now,
      };
      shop.variants.set(variant.id, variant);
      shop.inventoryItems.set(item.id, item);
      product.variantIds.push(variant.id);
      // Shopify stocks a new item at every active location.
      for (const loc of shop.locations.values()) ensureLevel(state, shop, item.id, loc.id);
      for (const [where, qty] of Object.entries(v.stock ?? {})) {
        const loc = findLocation(shop, where);
        ensureLevel(state, shop, item.id, loc.id).quantities.available += qty;
      }
    });
    products.push(product);
  }
  const customers = (input.customers ?? []).map((c) => addCustomer(state, shop, c));
  return { shop, products, customers };
}

/** The location with this name, or a new one stocking every item. */
function addLocation(state: SimState, shop: ShopState, name: string): Location {
  const existing = [...shop.locations.values()].find((l) => l.name === name);
  if (existing) return existing;
  const now = state.now();
  const loc: Location = { id: gid("Location", state.nextId()), name, isActive: true, metafields: [], createdAt: now, updatedAt: now };
  shop.locations.set(loc.id, loc);
  for (const item of shop.inventoryItems.values()) ensureLevel(state, shop, item.id, loc.id);
  return loc;
}

import type { ProductRow } from "~/engine/products.server";

/**
 * "Mug" or "Mug - Large": the variant as the merchant knows it. A variant
 * first seen in an order has no product title until it is added or its
 * product changes; its title is then the order line's, product included.
 */
export const variantName = (row: Pick<ProductRow, "productTitle" | "title" | "sku" | "variantId">) => {
  if (row.productTitle === null) return row.title ?? row.sku ?? row.variantId;
  return row.title && row.title !== "Default Title" ? `${row.productTitle} - ${row.title}` : row.productTitle;
};

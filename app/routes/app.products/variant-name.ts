import type { ProductRow } from "~/engine/products.server";

/** "Mug" or "Mug - Large": the variant as the merchant knows it. */
export const variantName = (row: Pick<ProductRow, "productTitle" | "title" | "sku" | "variantId">) => {
  const product = row.productTitle ?? row.sku ?? row.variantId;
  return row.title && row.title !== "Default Title" ? `${product} - ${row.title}` : product;
};

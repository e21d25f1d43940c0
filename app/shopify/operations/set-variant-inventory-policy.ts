/** Turns continue-selling on (CONTINUE) or off (DENY) for variants of one product. */
export const SET_VARIANT_INVENTORY_POLICY = /* GraphQL */ `
  mutation SetVariantInventoryPolicy($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants {
        id
        inventoryPolicy
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

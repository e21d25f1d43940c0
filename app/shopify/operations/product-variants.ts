/**
 * A product's variants as the engine tracks them: its inventory policy now,
 * whatever a late products/update webhook said it was.
 */
export const PRODUCT_VARIANTS = /* GraphQL */ `
  query ProductVariantsForBackorders($id: ID!) {
    product(id: $id) {
      id
      variants(first: 100) {
        nodes {
          id
          sku
          title
          inventoryPolicy
          inventoryItem {
            id
          }
        }
      }
    }
  }
`;

/** One variant by id, for a merchant setting up a variant no order has named yet. */
export const VARIANT_FOR_BACKORDERS = /* GraphQL */ `
  query VariantForBackorders($id: ID!) {
    productVariant(id: $id) {
      id
      sku
      title
      inventoryPolicy
      inventoryItem {
        id
      }
      product {
        id
      }
    }
  }
`;

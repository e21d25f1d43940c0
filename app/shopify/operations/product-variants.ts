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

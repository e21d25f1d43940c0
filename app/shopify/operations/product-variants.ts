/** What the admin's Products page shows of a variant's product: its title, vendor and image. */
export const PRODUCT_FOR_ADMIN = /* GraphQL */ `
  fragment ProductForAdmin on Product {
    id
    title
    vendor
    featuredMedia {
      preview {
        image {
          url
        }
      }
    }
  }
`;

/**
 * A product's variants as the engine tracks them: its inventory policy now,
 * whatever a late products/update webhook said it was.
 */
export const PRODUCT_VARIANTS = /* GraphQL */ `
  query ProductVariantsForBackorders($id: ID!) {
    product(id: $id) {
      ...ProductForAdmin
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
  ${PRODUCT_FOR_ADMIN}
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
        ...ProductForAdmin
      }
    }
  }
  ${PRODUCT_FOR_ADMIN}
`;

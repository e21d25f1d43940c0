import { PRODUCT_FOR_ADMIN } from "./product-variants";

/**
 * Products whose title matches, with their variants: the admin's search over
 * the store's catalogue where App Bridge's resource picker is not available.
 */
export const SEARCH_PRODUCTS = /* GraphQL */ `
  query SearchProductsForAdmin($query: String!, $first: Int!) {
    products(first: $first, query: $query) {
      nodes {
        ...ProductForAdmin
        variants(first: 20) {
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
  }
  ${PRODUCT_FOR_ADMIN}
`;

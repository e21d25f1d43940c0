import { FULFILLMENT_ORDER_FIELDS } from "./fragments";

/**
 * An order as the backorder engine sees it: who ordered when, and each
 * fulfillment order with its location, holds and lines. Pages stay small
 * because Shopify refuses a query whose requested cost exceeds 1000 points
 * (5 × 32 lines ≈ 840); the gateway pages on through `after` and
 * `FulfillmentOrderLines` when an order is bigger.
 */
export const ORDER_FOR_BACKORDERS = /* GraphQL */ `
  query OrderForBackorders($id: ID!, $after: String) {
    order(id: $id) {
      id
      name
      createdAt
      cancelledAt
      email
      customerLocale
      customer {
        id
        displayName
        firstName
        tags
      }
      fulfillmentOrders(first: 5, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...FulfillmentOrderFields
        }
      }
    }
  }
  ${FULFILLMENT_ORDER_FIELDS}
`;

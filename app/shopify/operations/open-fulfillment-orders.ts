import { FULFILLMENT_ORDER_FIELDS } from "./fragments";

/**
 * Every fulfillment order of the shop that is not closed, oldest id first,
 * with its order: the input of a full reconcile. `includeClosed: false` keeps
 * CLOSED ones out; the gateway keeps OPEN, ON_HOLD and IN_PROGRESS (a status
 * search term would save reading the few others, but a term Shopify does not
 * know would silently match nothing). Same page sizes as OrderForBackorders,
 * for the 1000-point single query limit.
 */
export const OPEN_FULFILLMENT_ORDERS = /* GraphQL */ `
  query OpenFulfillmentOrders($after: String) {
    fulfillmentOrders(first: 5, after: $after, includeClosed: false, sortKey: ID) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...FulfillmentOrderFields
        order {
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
        }
      }
    }
  }
  ${FULFILLMENT_ORDER_FIELDS}
`;

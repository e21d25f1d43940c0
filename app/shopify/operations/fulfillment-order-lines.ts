import { FULFILLMENT_ORDER_LINE_FIELDS } from "./fragments";

/** The further lines of one fulfillment order, when the first page of an order read did not hold them all. */
export const FULFILLMENT_ORDER_LINES = /* GraphQL */ `
  query FulfillmentOrderLines($id: ID!, $after: String) {
    fulfillmentOrder(id: $id) {
      id
      lineItems(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...FulfillmentOrderLineFields
        }
      }
    }
  }
  ${FULFILLMENT_ORDER_LINE_FIELDS}
`;

// The selections several documents share: a fulfillment order and its lines
// as the engine reads them. Each document appends the fragments it spreads.
export const FULFILLMENT_ORDER_LINE_FIELDS = /* GraphQL */ `
  fragment FulfillmentOrderLineFields on FulfillmentOrderLineItem {
    id
    totalQuantity
    remainingQuantity
    inventoryItemId
    sku
    productTitle
    variantTitle
    lineItem {
      id
      customAttributes {
        key
        value
      }
    }
    variant {
      id
      inventoryPolicy
      price
      product {
        id
      }
    }
  }
`;

/**
 * Lines stop at 32 a page: a line costs 5 points (itself, its line item, the
 * item's properties, the variant, the product), so 5 fulfillment orders a page
 * stay under Shopify's 1000-point single query limit.
 */
export const FULFILLMENT_ORDER_FIELDS = /* GraphQL */ `
  fragment FulfillmentOrderFields on FulfillmentOrder {
    id
    status
    requestStatus
    createdAt
    assignedLocation {
      location {
        id
      }
    }
    supportedActions {
      action
    }
    fulfillmentHolds {
      id
      handle
      reason
      heldByRequestingApp
    }
    lineItems(first: 32) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...FulfillmentOrderLineFields
      }
    }
  }
  ${FULFILLMENT_ORDER_LINE_FIELDS}
`;

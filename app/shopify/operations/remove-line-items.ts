/**
 * Removing units from an order's lines, as Shopify's order editing does it:
 * begin an edit (a CalculatedOrder), stage each line's lower quantity, commit.
 * A calculated line of an existing order line carries the LineItem's number
 * (`gid://shopify/CalculatedLineItem/N` for `gid://shopify/LineItem/N`), which
 * is how the gateway finds it; 250 lines is Shopify's page maximum.
 */
export const ORDER_EDIT_BEGIN = /* GraphQL */ `
  mutation OrderEditBegin($id: ID!) {
    orderEditBegin(id: $id) {
      calculatedOrder {
        id
        lineItems(first: 250) {
          nodes {
            id
            quantity
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const ORDER_EDIT_SET_QUANTITY = /* GraphQL */ `
  mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!) {
    orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: true) {
      calculatedLineItem {
        id
        quantity
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * Commits without telling the customer (the app writes to them itself), and
 * reads back what the edit left owed: a negative `totalOutstandingSet` is money
 * the customer paid for units no longer on the order. The sale transactions
 * are what a refund of it goes back through.
 */
export const ORDER_EDIT_COMMIT = /* GraphQL */ `
  mutation OrderEditCommit($id: ID!, $staffNote: String) {
    orderEditCommit(id: $id, notifyCustomer: false, staffNote: $staffNote) {
      order {
        id
        totalOutstandingSet {
          shopMoney {
            amount
            currencyCode
          }
        }
        transactions(first: 10) {
          id
          kind
          status
          gateway
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Pays money back to the customer through the order's original payment, without Shopify's notification. */
export const REFUND_CREATE = /* GraphQL */ `
  mutation RefundCreate($input: RefundInput!) {
    refundCreate(input: $input) {
      refund {
        id
        totalRefundedSet {
          shopMoney {
            amount
            currencyCode
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

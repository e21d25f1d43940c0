/**
 * Cancels an order at the customer's request: its stock goes back on the
 * shelf, what they paid goes back to their payment method, and Shopify sends
 * them nothing (the app writes to them itself). Shopify cancels in a job; its
 * errors come in `orderCancelUserErrors` (the plain `userErrors` is deprecated).
 */
export const CANCEL_ORDER = /* GraphQL */ `
  mutation CancelOrder($orderId: ID!, $staffNote: String) {
    orderCancel(
      orderId: $orderId
      reason: CUSTOMER
      refundMethod: { originalPaymentMethodsRefund: true }
      restock: true
      notifyCustomer: false
      staffNote: $staffNote
    ) {
      job {
        id
      }
      orderCancelUserErrors {
        field
        message
        code
      }
    }
  }
`;

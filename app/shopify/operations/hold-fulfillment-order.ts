import { FULFILLMENT_ORDER_FIELDS } from "./fragments";

/**
 * Puts the app's hold on a fulfillment order: on the given lines (Shopify
 * splits the rest off as `remainingFulfillmentOrder`) or, without lines, on
 * all of it. The handle identifies the app's hold; the merchant is not
 * notified, the app tells the customer itself. Both fulfillment orders come
 * back whole, so the app need not read the order again.
 */
export const HOLD_FULFILLMENT_ORDER = /* GraphQL */ `
  mutation HoldFulfillmentOrder($id: ID!, $handle: String!, $reasonNotes: String, $lineItems: [FulfillmentOrderLineItemInput!]) {
    fulfillmentOrderHold(
      id: $id
      fulfillmentHold: {
        reason: INVENTORY_OUT_OF_STOCK
        reasonNotes: $reasonNotes
        handle: $handle
        fulfillmentOrderLineItems: $lineItems
        notifyMerchant: false
      }
    ) {
      fulfillmentHold {
        id
        handle
      }
      fulfillmentOrder {
        ...FulfillmentOrderFields
      }
      remainingFulfillmentOrder {
        ...FulfillmentOrderFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
  ${FULFILLMENT_ORDER_FIELDS}
`;

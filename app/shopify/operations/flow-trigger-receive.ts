/**
 * Tells Shopify Flow about an event of one of the app's trigger extensions
 * (extensions/<handle>/shopify.extension.toml): `payload` holds each field by
 * its key, and `order_id` (the order's numeric id) for the order reference.
 */
export const FLOW_TRIGGER_RECEIVE = /* GraphQL */ `
  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

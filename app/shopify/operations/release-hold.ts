/** Releases holds by id; the app only ever passes its own. */
export const RELEASE_HOLD = /* GraphQL */ `
  mutation ReleaseHold($id: ID!, $holdIds: [ID!]!) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

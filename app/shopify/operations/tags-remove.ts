/** Removes tags from an order; the app only ever passes the tag it added itself. */
export const TAGS_REMOVE = /* GraphQL */ `
  mutation TagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node {
        id
        ... on Order {
          updatedAt
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

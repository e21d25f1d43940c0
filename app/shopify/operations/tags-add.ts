/** Adds tags to an order (or any taggable resource); tags it has already are kept once. */
export const TAGS_ADD = /* GraphQL */ `
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
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

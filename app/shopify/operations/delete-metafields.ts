/** Deletes metafields by owner, namespace and key; one that does not exist comes back null, not as an error. */
export const DELETE_METAFIELDS = /* GraphQL */ `
  mutation DeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

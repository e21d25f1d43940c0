/** Writes up to 25 metafields, atomically (Shopify's limit per call). */
export const SET_METAFIELDS = /* GraphQL */ `
  mutation SetMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

/**
 * What the app keeps about a shop: its name, email (for the merchant's
 * digest), currency, time zone (promised dates are in it) and the online
 * store's address (customer emails link to its app proxy).
 */
export const SHOP_DETAILS = /* GraphQL */ `
  query ShopDetails {
    shop {
      name
      email
      currencyCode
      ianaTimezone
      primaryDomain {
        url
      }
    }
  }
`;

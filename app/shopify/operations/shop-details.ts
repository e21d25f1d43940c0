/** What the app keeps about a shop: its name, currency and time zone (promised dates are in it). */
export const SHOP_DETAILS = /* GraphQL */ `
  query ShopDetails {
    shop {
      name
      currencyCode
      ianaTimezone
    }
  }
`;

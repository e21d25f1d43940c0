/** How many open orders the store has: the total a first full read shows its progress against. No limit: Shopify's default stops at 10,000. */
export const OPEN_ORDERS_COUNT = /* GraphQL */ `
  query OpenOrdersCount {
    ordersCount(query: "status:open", limit: null) {
      count
    }
  }
`;

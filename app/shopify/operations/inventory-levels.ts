/**
 * The named quantities of inventory items at every location that stocks them.
 * Shippable stock is derived from `available` and `committed`.
 */
export const INVENTORY_LEVELS = /* GraphQL */ `
  query InventoryLevels($inventoryItemIds: [ID!]!) {
    nodes(ids: $inventoryItemIds) {
      ... on InventoryItem {
        id
        inventoryLevels(first: 20) {
          nodes {
            location {
              id
              name
            }
            quantities(names: ["available", "committed", "on_hand", "incoming"]) {
              name
              quantity
            }
          }
        }
      }
    }
  }
`;

/** The named quantities of inventory items at one location. */
export const INVENTORY_LEVELS_AT_LOCATION = /* GraphQL */ `
  query InventoryLevelsAtLocation($inventoryItemIds: [ID!]!, $locationId: ID!) {
    nodes(ids: $inventoryItemIds) {
      ... on InventoryItem {
        id
        inventoryLevel(locationId: $locationId) {
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
`;

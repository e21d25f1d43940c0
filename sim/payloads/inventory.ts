import { legacyId } from "../state/ids";
import type { InventoryLevel } from "../state/inventory";

/** Body of inventory_levels/update. */
export function inventoryLevelPayload(level: InventoryLevel) {
  return {
    inventory_item_id: legacyId(level.itemId),
    location_id: legacyId(level.locationId),
    available: level.quantities.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: level.id,
  };
}

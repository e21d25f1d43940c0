import { legacyId } from "../state/ids";
import type { Location } from "../state/locations";
import { connection } from "./connection";
import type { Args, Obj, SimContext } from "./context";
import { metafieldFields } from "./metafields";
import { project, register } from "./projections";

function locationNode(ctx: SimContext, loc: Location): Obj {
  const { shop, state } = ctx;
  const levels = () => [...shop.levels.values()].filter((l) => l.locationId === loc.id);
  return {
    __typename: "Location",
    id: loc.id,
    legacyResourceId: String(legacyId(loc.id)),
    name: loc.name,
    isActive: loc.isActive,
    isPrimary: [...shop.locations.keys()][0] === loc.id,
    fulfillsOnlineOrders: true,
    shipsInventory: true,
    hasActiveInventory: levels().length > 0,
    isFulfillmentService: false,
    createdAt: loc.createdAt,
    updatedAt: loc.updatedAt,
    deactivatedAt: null,
    inventoryLevel: (args: Args) => {
      const level = state.findLevel(shop, args.inventoryItemId, loc.id);
      return level ? project("InventoryLevel", ctx, level) : null;
    },
    inventoryLevels: (args: Args) => connection(levels(), args, (l) => project("InventoryLevel", ctx, l)),
    ...metafieldFields(ctx, loc),
  };
}

register({ Location: locationNode });

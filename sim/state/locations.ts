import { SimError } from "./errors";
import type { HasMetafields } from "./metafields";
import type { ShopState } from "./shops";

export interface Location extends HasMetafields {
  name: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export function findLocation(shop: ShopState, nameOrId: string): Location {
  const loc = shop.locations.get(nameOrId) ?? [...shop.locations.values()].find((l) => l.name === nameOrId);
  if (!loc) throw new SimError(`Unknown location ${nameOrId}`);
  return loc;
}

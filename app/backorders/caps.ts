// Whether a variant may keep selling without stock. `inventoryPolicy` is per
// variant, not per location, so the counts here are the variant's totals.
import type { BackorderCap, InventoryPolicy, VariantBackorderSettings } from "./facts";

export interface PolicyCommand {
  type: "SET_INVENTORY_POLICY";
  productId: string;
  variantId: string;
  inventoryPolicy: InventoryPolicy;
}

export interface CapInput {
  backorders: VariantBackorderSettings;
  /** Units of the variant waiting for stock, all locations together. */
  backorderedUnits: number;
  /** Inbound supply no waiting line has claimed, all locations together. */
  unpromisedSupply: number;
}

/** How many more units may be backordered; Infinity without a cap. */
export function capHeadroom(cap: BackorderCap | null, backorderedUnits: number, unpromisedSupply: number): number {
  if (cap === null) return Number.POSITIVE_INFINITY;
  // A dynamic cap is the supply nobody is promised yet: the waiting units have
  // already claimed theirs, so the headroom is what is left of it.
  if (cap.kind === "DYNAMIC") return unpromisedSupply;
  return cap.units - backorderedUnits;
}

/** DENY at or over the cap (or with backorders off), CONTINUE below it. */
export function desiredPolicy({ backorders, backorderedUnits, unpromisedSupply }: CapInput): InventoryPolicy {
  if (!backorders.enabled) return "DENY";
  return capHeadroom(backorders.cap, backorderedUnits, unpromisedSupply) > 0 ? "CONTINUE" : "DENY";
}

/** A command only when the store's policy differs: re-planning a settled variant says nothing. */
export function policyCommand(
  variant: { id: string; productId: string; inventoryPolicy: InventoryPolicy },
  input: CapInput,
): PolicyCommand | null {
  const inventoryPolicy = desiredPolicy(input);
  return inventoryPolicy === variant.inventoryPolicy
    ? null
    : { type: "SET_INVENTORY_POLICY", productId: variant.productId, variantId: variant.id, inventoryPolicy };
}

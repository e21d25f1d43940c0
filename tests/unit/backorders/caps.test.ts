import { describe, expect, it } from "vitest";
import { desiredPolicy, policyCommand, type BackorderCap, type VariantBackorderSettings } from "~/backorders";
import { gid } from "./factories";

const enabled = (cap: BackorderCap | null): VariantBackorderSettings => ({ enabled: true, cap, leadTimeDays: null, message: null });
const mug = { id: gid("ProductVariant", 1), productId: gid("Product", 1) };

describe("caps", () => {
  it("a fixed cap keeps selling below it and stops at it", () => {
    const cap = enabled({ kind: "FIXED", units: 10 });
    expect(desiredPolicy({ backorders: cap, backorderedUnits: 9, unpromisedSupply: 0 })).toBe("CONTINUE");
    expect(desiredPolicy({ backorders: cap, backorderedUnits: 10, unpromisedSupply: 0 })).toBe("DENY");
    expect(desiredPolicy({ backorders: cap, backorderedUnits: 12, unpromisedSupply: 0 })).toBe("DENY");
  });

  it("a dynamic cap sells while inbound supply is left unpromised, and stops when it is all promised", () => {
    const cap = enabled({ kind: "DYNAMIC" });
    expect(desiredPolicy({ backorders: cap, backorderedUnits: 5, unpromisedSupply: 1 })).toBe("CONTINUE");
    expect(desiredPolicy({ backorders: cap, backorderedUnits: 5, unpromisedSupply: 0 })).toBe("DENY");
  });

  it("without a cap sells on; with backorders off it stops", () => {
    expect(desiredPolicy({ backorders: enabled(null), backorderedUnits: 1_000, unpromisedSupply: 0 })).toBe("CONTINUE");
    expect(
      desiredPolicy({
        backorders: { enabled: false, cap: null, leadTimeDays: null, message: null },
        backorderedUnits: 0,
        unpromisedSupply: 9,
      }),
    ).toBe("DENY");
  });

  it("commands a switch only when the store's policy differs", () => {
    const atCap = { backorders: enabled({ kind: "FIXED", units: 3 }), backorderedUnits: 3, unpromisedSupply: 0 };
    expect(policyCommand({ ...mug, inventoryPolicy: "CONTINUE" }, atCap)).toEqual({
      type: "SET_INVENTORY_POLICY",
      ...{ productId: mug.productId, variantId: mug.id },
      inventoryPolicy: "DENY",
    });
    expect(policyCommand({ ...mug, inventoryPolicy: "DENY" }, atCap)).toBeNull();
    expect(policyCommand({ ...mug, inventoryPolicy: "DENY" }, { ...atCap, backorderedUnits: 2 })).toMatchObject({
      inventoryPolicy: "CONTINUE",
    });
  });
});

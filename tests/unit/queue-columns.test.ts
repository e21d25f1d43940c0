// The columns the Backorders page filters and searches on, and the words its
// actions leave in the audit trail: pure, tested without a database.
import { describe, expect, it } from "vitest";
import { describeAudit } from "~/audit/describe";
import { LATE_ALREADY, lateOn, productLabelOf, searchTextOf, tagsColumn } from "~/engine/queue-columns.server";

describe("when a waiting line counts as late", () => {
  it("is late once its current date has passed, as long as it keeps its first promise", () => {
    expect(lateOn({ promisedEta: "2026-12-10", currentEta: "2026-12-10" })).toBe("2026-12-10");
    expect(lateOn({ promisedEta: "2026-12-10", currentEta: "2026-12-05" })).toBe("2026-12-05");
  });

  it("is late at once when its date moved past the first promise, or no date can be given any more", () => {
    expect(lateOn({ promisedEta: "2026-12-10", currentEta: "2026-12-11" })).toBe(LATE_ALREADY);
    expect(lateOn({ promisedEta: "2026-12-10", currentEta: null })).toBe(LATE_ALREADY);
  });

  it("is never late with no date and no promise", () => {
    expect(lateOn({ promisedEta: null, currentEta: null }) > "9999-01-01").toBe(true);
  });
});

describe("the copied columns", () => {
  it("keeps tags lowercased between commas, so one tag never matches part of another", () => {
    expect(tagsColumn(["VIP", " wholesale ", ""])).toBe(",vip,wholesale,");
    expect(tagsColumn([])).toBe("");
    expect(tagsColumn(["vip-gold"]).includes(",vip,")).toBe(false);
  });

  it("names a product with its variant unless it has only the default one", () => {
    expect(productLabelOf({ productTitle: "Mug", title: "Blue", sku: "MUG-B" })).toBe("Mug (Blue)");
    expect(productLabelOf({ productTitle: "Mug", title: "Default Title", sku: "MUG" })).toBe("Mug");
    expect(productLabelOf({ productTitle: null, title: "Blue", sku: "MUG-B" })).toBeNull();
  });

  it("searches order, SKU, product and customer in lowercase, and stays small enough for an index", () => {
    expect(searchTextOf({ orderName: "#1001", sku: "MUG-B", productLabel: "Mug (Blue)", customerName: "Ada L" })).toBe(
      "#1001 | mug-b | mug (blue) | ada l",
    );
    expect(searchTextOf({ orderName: "#1", sku: "", productLabel: "x".repeat(5000), customerName: "" }).length).toBe(600);
  });
});

describe("the merchant's actions in the audit trail", () => {
  const names = { order: "#1003", product: "Mug (Blue)", location: "Warehouse" };
  const entry = (type: string, data: Record<string, unknown> = {}) =>
    describeAudit({ type, subject: "gid://shopify/LineItem/3@gid://shopify/Location/1", data, trigger: { kind: "merchant" }, names });

  it("says what each did and why, in plain words", () => {
    expect(entry("line.pinned", { pin: 2 })).toEqual({
      kind: "Line pinned",
      what: "Pinned the line of Mug (Blue) on #1003 at Warehouse to the front of the line (pin 2)",
      why: "You chose it to be served first when stock arrives, before the shop's priority rule.",
      trigger: "You, in the app",
    });
    expect(entry("line.unpinned").what).toBe("Unpinned the line of Mug (Blue) on #1003 at Warehouse");
    expect(entry("line.release_now")).toMatchObject({
      kind: "Line released by you",
      what: "Released the line of Mug (Blue) on #1003 at Warehouse to ship now",
    });
  });
});

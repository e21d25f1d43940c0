import { describe, expect, it } from "vitest";
import { lineKey, parseLineKey } from "~/backorders";

describe("lineKey", () => {
  const line = { lineItemId: "gid://shopify/LineItem/3", locationId: "gid://shopify/Location/1" };

  it("is the audit trail's stored subject of a line, lineItemId@locationId", () => {
    expect(lineKey(line)).toBe("gid://shopify/LineItem/3@gid://shopify/Location/1");
  });

  it("reads back as the line it names; another subject reads as none", () => {
    expect(parseLineKey(lineKey(line))).toEqual(line);
    expect(parseLineKey("gid://shopify/FulfillmentOrder/7")).toBeNull();
  });
});

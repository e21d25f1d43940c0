import { describe, expect, it } from "vitest";
import { LOCALES, readLocale } from "../../sim/storefront/liquid";

const keys = (node: unknown, prefix = ""): string[] =>
  typeof node === "object" && node !== null
    ? Object.entries(node).flatMap(([key, value]) => keys(value, `${prefix}${key}.`))
    : [prefix.slice(0, -1)];

describe("the theme extension's locale files", () => {
  it("all have the same keys as English", () => {
    const english = keys(readLocale("en.default")).sort();
    for (const locale of LOCALES) expect({ locale, keys: keys(readLocale(locale)).sort() }).toEqual({ locale, keys: english });
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extensionDir, LOCALES, readLocale } from "../../sim/storefront/liquid";

const keys = (node: unknown, prefix = ""): string[] =>
  typeof node === "object" && node !== null
    ? Object.entries(node).flatMap(([key, value]) => keys(value, `${prefix}${key}.`))
    : [prefix.slice(0, -1)];

// The theme editor's strings: `t:` keys in the block's {% schema %}, looked up in locales/*.schema.json.
const readSchemaLocale = (locale: string): unknown =>
  JSON.parse(readFileSync(join(extensionDir, "locales", `${locale}.schema.json`), "utf8"));

function schemaTranslationKeys(): string[] {
  const block = readFileSync(join(extensionDir, "blocks", "backorder-badge.liquid"), "utf8");
  const body = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(block)?.[1];
  if (body === undefined) throw new Error("the block has no {% schema %}");
  const strings = (node: unknown): string[] =>
    typeof node === "string" ? [node] : typeof node === "object" && node !== null ? Object.values(node).flatMap(strings) : [];
  return strings(JSON.parse(body))
    .filter((value) => value.startsWith("t:"))
    .map((value) => value.slice(2));
}

describe("the theme extension's locale files", () => {
  it("all have the same keys as English", () => {
    const english = keys(readLocale("en.default")).sort();
    for (const locale of LOCALES) expect({ locale, keys: keys(readLocale(locale)).sort() }).toEqual({ locale, keys: english });
  });

  it("translate every t: key of the block's schema, in every schema locale file, and nothing else", () => {
    const used = schemaTranslationKeys().sort();
    // The name and every setting's label: a schema left in English would make this pass with nothing to check.
    expect(used).toContain("blocks.backorder_badge.name");
    for (const locale of LOCALES) {
      const translations = readSchemaLocale(locale);
      expect({ locale, keys: keys(translations).sort() }).toEqual({ locale, keys: used });
      for (const key of keys(translations)) {
        const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], translations);
        expect({ locale, key, value: typeof value === "string" && value.trim() !== "" }).toEqual({ locale, key, value: true });
      }
    }
  });
});

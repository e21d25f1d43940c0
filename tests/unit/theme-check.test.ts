import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXTENSION_DIR, themeCheck } from "../../scripts/theme-check.mjs";

// `npm run theme-check`'s own API, on the real extension and on copies with
// one offence injected: proof that the rules it runs can fail.
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyWith(file: string, edit: (source: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "theme-check-"));
  copies.push(dir);
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const edited = edit(readFileSync(path, "utf8"));
  writeFileSync(path, edited);
  return dir;
}

describe("theme-check over the theme app extension", () => {
  it("reports no offence in the extension as it is", async () => {
    expect(await themeCheck()).toEqual([]);
  });

  it.each([
    {
      check: "UnknownFilter",
      file: "snippets/backorder-badge-eta.liquid",
      edit: (source: string) => source.replace("echo badge.eta", "echo badge.eta | shout"),
    },
    {
      check: "TranslationKeyExists",
      file: "blocks/backorder-badge.liquid",
      edit: (source: string) => source.replace("'backorder_badge.sold_out' | t", "'backorder_badge.gone' | t"),
    },
    {
      check: "ValidSchemaTranslations",
      file: "blocks/backorder-badge.liquid",
      edit: (source: string) => source.replace("settings.show_date.label", "settings.show_date.title"),
    },
    {
      check: "MatchingTranslations",
      file: "locales/de.schema.json",
      edit: (source: string) => source.replace(/"show_date": \{\s*"label": "[^"]*"\s*\}/, '"show_date": {}'),
    },
  ])("reports $check in $file", async ({ check, file, edit }) => {
    const dir = copyWith(file, (source) => {
      const edited = edit(source);
      // An edit that no longer matches the file would test nothing.
      expect(edited).not.toBe(source);
      return edited;
    });
    const offences = await themeCheck(dir);
    expect(offences.map((offence) => ({ check: offence.check, file: offence.file }))).toEqual([{ check, file }]);
    expect(offences[0].line).toBeGreaterThan(0);
  });
});

// The theme app extension's Liquid, rendered as Shopify's storefront renders
// it: liquidjs plus the few Shopify filters and tags the block uses. The
// simulated storefront renders the block with it, and the tests render it
// directly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";

export const extensionDir = join(import.meta.dirname, "..", "..", "extensions", "backorder-badge");

export type Locale = "en.default" | "fr" | "de" | "es";
export const LOCALES: readonly Locale[] = ["en.default", "fr", "de", "es"];

export function readLocale(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(join(extensionDir, "locales", `${locale}.json`), "utf8")) as Record<string, unknown>;
}

/** The extension's locale for a shopper's language ("fr", "fr-CA"); Shopify falls back to the default one. */
export function extensionLocale(language: string): Locale {
  const base = language.toLowerCase().split("-")[0];
  return LOCALES.find((l) => l === base) ?? "en.default";
}

/**
 * A key's text. With a `count`, a key that holds plural forms gives the one
 * the locale's plural rules pick for it, as Shopify's `t` does.
 */
function lookup(strings: Record<string, unknown>, key: string, plural?: () => string): string | undefined {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
  if (plural && value !== null && typeof value === "object") {
    const forms = value as Record<string, unknown>;
    const form = forms[plural()] ?? forms.other;
    return typeof form === "string" ? form : undefined;
  }
  return typeof value === "string" ? value : undefined;
}

export const escapeHtml = (value: unknown) =>
  String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

/** A block's {% schema %} JSON: its name and settings, as the theme editor reads them. */
export function readBlockSchema(block: string): { name: string; settings: { id: string; type: string; default?: unknown }[] } {
  const source = readFileSync(join(extensionDir, "blocks", `${block}.liquid`), "utf8");
  const schema = SCHEMA.exec(source);
  if (!schema) throw new Error(`${block}.liquid has no {% schema %}`);
  return JSON.parse(schema[1]!) as ReturnType<typeof readBlockSchema>;
}

/** {% schema %} is Shopify's: it configures the theme editor and renders nothing. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length > 0) {
      const next = remainTokens.shift() as TopLevelToken & { name?: string };
      if (next.name === "endschema") return;
    }
    throw new Error("{% schema %} without {% endschema %}");
  }
  *render() {}
}

/** `assetBase`: where the extension's assets/ are served (Shopify serves them from its CDN). */
export function shopifyLiquid(locale: Locale, options: { assetBase?: string } = {}): Liquid {
  const assetBase = options.assetBase ?? "/assets/";
  const strings = readLocale(locale);
  const fallback = readLocale("en.default");
  const rules = new Intl.PluralRules(locale === "en.default" ? "en" : locale);
  const liquid = new Liquid({
    root: [join(extensionDir, "blocks")],
    partials: [join(extensionDir, "snippets")],
    extname: ".liquid",
    strictFilters: true,
  });
  liquid.registerTag("schema", SchemaTag);
  liquid.registerFilter("asset_url", (name: string) => `${assetBase}${name}`);
  liquid.registerFilter("stylesheet_tag", (url: string) => `<link href="${url}" rel="stylesheet" type="text/css" media="all" />`);
  // Like Shopify: a missing key reads "translation missing", and what is
  // interpolated is escaped (a key ending in _html excepted).
  liquid.registerFilter("t", (key: string, ...args: unknown[]) => {
    const count = (args as [string, unknown][]).find(([name]) => name === "count")?.[1];
    const plural = typeof count === "number" ? () => rules.select(count) : undefined;
    const template = lookup(strings, key, plural) ?? lookup(fallback, key, plural) ?? `translation missing: ${locale}.${key}`;
    const values = new Map(
      (args as [string, unknown][]).map(([name, value]) => [name, key.endsWith("_html") ? String(value) : escapeHtml(value)]),
    );
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values.get(name) ?? "");
  });
  liquid.registerFilter("json", (value: unknown) => JSON.stringify(value ?? null));
  liquid.registerFilter("escape", escapeHtml);
  return liquid;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import { root } from "./postgres";

// Renders the theme app extension's Liquid as Shopify's storefront would, with
// liquidjs and the few Shopify filters the block uses. Assets are served from
// /assets/ by the test.
export const extensionDir = join(root, "extensions", "backorder-badge");

export type Locale = "en.default" | "fr" | "de" | "es";
export const LOCALES: readonly Locale[] = ["en.default", "fr", "de", "es"];

export function readLocale(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(join(extensionDir, "locales", `${locale}.json`), "utf8")) as Record<string, unknown>;
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

const escapeHtml = (value: unknown) =>
  String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

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

export function shopifyLiquid(locale: Locale): Liquid {
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
  liquid.registerFilter("asset_url", (name: string) => `/assets/${name}`);
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

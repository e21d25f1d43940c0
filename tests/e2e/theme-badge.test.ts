import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Badge } from "~/backorders/badges";
import { launchChromium } from "../support/browser";
import { extensionDir, LOCALES, shopifyLiquid, type Locale } from "../../sim/storefront/liquid";
import { root } from "../support/postgres";

// The theme app extension's product block, rendered by liquidjs as Shopify
// would render it and served with its assets to Chromium: the badge is in the
// first paint, switches with the variant without a request, and puts the
// shown text on the product form as a line item property.
const MESSAGE = 'Made to order <b>in Lyon</b><script>window.injected = true</script><img src=x onerror="window.injected = true">';

const variant = (id: number, title: string, badge: Badge | null) => ({
  id,
  title,
  metafields: { $app: { backorder: badge === null ? null : { value: badge } } },
});

const VARIANTS = [
  variant(101, "Small", { status: "IN_STOCK", eta: null, leadTimeDays: null, message: null }),
  variant(102, "Medium", { status: "BACKORDER", eta: "2027-03-15", leadTimeDays: null, message: MESSAGE }),
  variant(103, "Large", { status: "SOLD_OUT", eta: null, leadTimeDays: null, message: null }),
  // Published by nothing yet: shown as in stock.
  variant(104, "Extra large", null),
  variant(105, "Made to measure", { status: "BACKORDER", eta: null, leadTimeDays: 21, message: null }),
  variant(106, "Custom", { status: "BACKORDER", eta: null, leadTimeDays: null, message: null }),
];

/** Today plus some days, as the block's Liquid (in this process's time zone) dates a lead time. */
function daysFromNow(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, "0")).join("-");
}

/** Per locale, the badge's words for the variants above, in order ("" is no badge). */
const WORDS: Record<Locale, string[]> = {
  "en.default": ["", "Backorder: ships by 15 March", "Sold out", "", "Backorder: ships in about 3 weeks", "Backorder"],
  fr: ["", "En réassort : expédié d’ici le 15 mars", "Épuisé", "", "En réassort : expédié sous environ 3 semaines", "En réassort"],
  de: ["", "Nachbestellung: Versand bis 15. März", "Ausverkauft", "", "Nachbestellung: Versand in etwa 3 Wochen", "Nachbestellung"],
  es: [
    "",
    "Bajo pedido: se envía antes del 15 de marzo",
    "Agotado",
    "",
    "Bajo pedido: se envía en aproximadamente 3 semanas",
    "Bajo pedido",
  ],
};

// Dawn's pubsub.js in a nutshell: top-level bindings, PUB_SUB_EVENTS not on window.
const DAWN_PUBSUB = `<script>
const PUB_SUB_EVENTS = { variantChange: "variant-change" };
const subscribers = {};
function subscribe(name, callback) { (subscribers[name] ||= []).push(callback); }
function publish(name, data) { (subscribers[name] || []).forEach((callback) => callback(data)); }
</script>`;

const SETTINGS = { show_date: true, backorder_label: "", sold_out_label: "", text_color: "", background_color: "" };

async function productPage(locale: Locale, selected = VARIANTS[1], settings = SETTINGS): Promise<string> {
  const product = { id: 1, title: "Linen shirt", variants: VARIANTS, selected_or_first_available_variant: selected };
  const block = await shopifyLiquid(locale).renderFile("backorder-badge", { product, block: { settings } });
  const options = VARIANTS.map((v) => `<option value="${v.id}"${v === selected ? " selected" : ""}>${v.title}</option>`).join("");
  const lang = locale === "en.default" ? "en" : locale;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Linen shirt</title>${DAWN_PUBSUB}</head>
<body><main class="shopify-section" id="shopify-section-template--1__main"><h1>Linen shirt</h1>
<form method="post" action="/cart/add"><label>Size <select name="id">${options}</select></label><button>Add to cart</button></form>
${block}</main></body></html>`;
}

const artifacts = join(root, "test-results", "e2e");
let server: Server;
let origin: string;
let browser: Browser;
const pages = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://storefront").pathname;
    const asset = /^\/assets\/(backorder-badge\.(js|css))$/.exec(path);
    if (asset) {
      response.writeHead(200, { "content-type": asset[2] === "js" ? "text/javascript" : "text/css" });
      response.end(readFileSync(join(extensionDir, "assets", asset[1])));
    } else if (pages.has(path)) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(pages.get(path));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function open(locale: Locale): Promise<{ page: Page; requests: string[] }> {
  const path = `/products/linen-shirt-${locale}`;
  pages.set(path, await productPage(locale));
  const page = await browser.newPage({ viewport: { width: 800, height: 500 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(origin + path, { waitUntil: "load" });
  expect(errors).toEqual([]);
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  return { page, requests };
}

const headline = (page: Page) => page.locator(".backorder-badge__headline").textContent();
const property = (page: Page) => page.locator('form input[name="properties[Backorder]"]');

/** The headline and the date the server-rendered badge carries. */
function renderedBadge(html: string) {
  const badge =
    /<p\s+class="backorder-badge__badge"\s+data-status="([^"]*)"\s+data-eta="([^"]*)"[^>]*>\s*<span class="backorder-badge__headline">([^<]*)<\/span>/.exec(
      html,
    );
  if (!badge) throw new Error("no badge in the page");
  return { status: badge[1], eta: badge[2], headline: badge[3], hidden: /data-eta="[^"]*"\s+hidden/.test(html) };
}

describe("the backorder badge block", () => {
  it.each(LOCALES)("says each state in %s: in stock, a date, a lead time, no date, sold out, nothing published", async (locale) => {
    for (const [index, selected] of VARIANTS.entries()) {
      const badge = renderedBadge(await productPage(locale, selected));
      expect(badge.headline, selected.title).toBe(WORDS[locale][index]);
      expect(badge.hidden, selected.title).toBe(WORDS[locale][index] === "");
    }
  });

  it("counts a lead time in days, weeks or months, in each language's plural forms", async () => {
    const leadTime = (leadTimeDays: number) =>
      variant(105, "Made to measure", { status: "BACKORDER", eta: null, leadTimeDays, message: null });
    const words = async (locale: Locale, days: number) => renderedBadge(await productPage(locale, leadTime(days))).headline;
    expect(await words("en.default", 1)).toBe("Backorder: ships in 1 day");
    expect(await words("en.default", 5)).toBe("Backorder: ships in 5 days");
    expect(await words("en.default", 90)).toBe("Backorder: ships in about 3 months");
    expect(await words("fr", 1)).toBe("En réassort : expédié sous 1 jour");
    expect(await words("de", 5)).toBe("Nachbestellung: Versand in 5 Tagen");
    expect(await words("es", 30)).toBe("Bajo pedido: se envía en aproximadamente 4 semanas");
    // The date the shopper is shown is today plus the lead time.
    expect(renderedBadge(await productPage("en.default", leadTime(21))).eta).toBe(daysFromNow(21));
  });

  it("renders the selected variant's badge in Liquid, before any script runs", async () => {
    const html = await productPage("en.default");
    expect(html).toContain('<span class="backorder-badge__headline">Backorder: ships by 15 March</span>');
    expect(html).not.toContain("<b>in Lyon</b>");
    expect(html).not.toContain("<script>window.injected");

    const inStock = await productPage("en.default", VARIANTS[0]);
    expect(inStock).toMatch(/data-status="IN_STOCK"[^>]*hidden/);
    const soldOut = await productPage("en.default", VARIANTS[2]);
    expect(soldOut).toContain('<span class="backorder-badge__headline">Sold out</span>');
    const unpublished = await productPage("en.default", VARIANTS[3]);
    expect(unpublished).toMatch(/data-status="IN_STOCK"[^>]*hidden/);

    const wording = { ...SETTINGS, backorder_label: "Made for you & yours", background_color: "#fde68a" };
    const merchant = await productPage("en.default", VARIANTS[1], wording);
    expect(merchant).toContain(">Made for you &amp; yours: ships by 15 March<");
    expect(merchant).toContain("--backorder-badge-background: #fde68a;");
    const undated = await productPage("en.default", VARIANTS[1], { ...SETTINGS, show_date: false });
    expect(undated).toContain('<span class="backorder-badge__headline">Backorder</span>');
  });

  it("switches with the variant without a request and carries the text as a line item property", async () => {
    const { page, requests } = await open("en.default");
    expect(await headline(page)).toBe("Backorder: ships by 15 March");
    expect(await property(page).inputValue()).toBe("Backorder: ships by 15 March");
    expect(await page.locator('form input[name="properties[_backorder_eta]"]').inputValue()).toBe("2027-03-15");

    // The message's markup is text: no element was made from it, no script ran.
    const message = page.locator(".backorder-badge__message");
    expect(await message.textContent()).toBe(MESSAGE);
    expect(await message.locator("*").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await page.screenshot({ path: join(artifacts, "theme-badge.png") });

    await page.selectOption('select[name="id"]', "103");
    await expect.poll(() => headline(page)).toBe("Sold out");
    expect(await property(page).count()).toBe(0);
    expect(await message.count()).toBe(0);

    await page.selectOption('select[name="id"]', "101");
    await expect.poll(() => page.locator(".backorder-badge__badge").isHidden()).toBe(true);
    expect(await property(page).count()).toBe(0);
    expect(await page.locator('form input[name="properties[_backorder_eta]"]').count()).toBe(0);

    await page.selectOption('select[name="id"]', "102");
    await expect.poll(() => headline(page)).toBe("Backorder: ships by 15 March");
    expect(await property(page).inputValue()).toBe("Backorder: ships by 15 March");
    expect(await page.locator(".backorder-badge__message").textContent()).toBe(MESSAGE);

    await page.selectOption('select[name="id"]', "105");
    await expect.poll(() => headline(page)).toBe("Backorder: ships in about 3 weeks");
    expect(await property(page).inputValue()).toBe("Backorder: ships in about 3 weeks");
    expect(await page.locator('form input[name="properties[_backorder_eta]"]').inputValue()).toBe(daysFromNow(21));
    expect(await page.locator(".backorder-badge__message").count()).toBe(0);

    await page.selectOption('select[name="id"]', "106");
    await expect.poll(() => headline(page)).toBe("Backorder");
    expect(await property(page).inputValue()).toBe("Backorder");
    expect(await page.locator('form input[name="properties[_backorder_eta]"]').count()).toBe(0);

    await page.selectOption('select[name="id"]', "104");
    await expect.poll(() => page.locator(".backorder-badge__badge").isHidden()).toBe(true);
    expect(await property(page).count()).toBe(0);

    expect(requests).toEqual([]);
    await page.close();
  });

  it("speaks the shopper's language, in Liquid and in the script", async () => {
    const { page, requests } = await open("fr");
    expect(await headline(page)).toBe("En réassort : expédié d’ici le 15 mars");
    await page.selectOption('select[name="id"]', "103");
    await expect.poll(() => headline(page)).toBe("Épuisé");
    await page.selectOption('select[name="id"]', "102");
    await expect.poll(() => headline(page)).toBe("En réassort : expédié d’ici le 15 mars");
    expect(await property(page).inputValue()).toBe("En réassort : expédié d’ici le 15 mars");
    expect(requests).toEqual([]);
    await page.close();
  });

  it("switches when the theme announces the variant, as Dawn and others do", async () => {
    const { page } = await open("de");
    expect(await headline(page)).toBe("Nachbestellung: Versand bis 15. März");
    await page.evaluate(() => document.dispatchEvent(new CustomEvent("variant:change", { detail: { variant: { id: 103 } } })));
    await expect.poll(() => headline(page)).toBe("Ausverkauft");

    // Dawn's own event, for this section only.
    const publish = (sectionId: string, id: number) =>
      page.evaluate(
        ([sectionId, id]) =>
          (window as unknown as { publish: (name: string, data: unknown) => void }).publish("variant-change", {
            data: { sectionId, variant: { id } },
          }),
        [sectionId, id] as const,
      );
    await publish("template--1__featured", 102);
    expect(await headline(page)).toBe("Ausverkauft");
    await publish("template--1__main", 102);
    await expect.poll(() => headline(page)).toBe("Nachbestellung: Versand bis 15. März");
    await page.close();
  });

  it("ships under 2 KB of script and style, gzipped", () => {
    const gzipped = ["backorder-badge.js", "backorder-badge.css"].map(
      (name) => gzipSync(readFileSync(join(extensionDir, "assets", name))).length,
    );
    expect(gzipped[0] + gzipped[1]).toBeLessThan(2048);
  });
});

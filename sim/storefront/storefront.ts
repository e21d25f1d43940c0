// The simulated online store of every shop: a product page per product with
// the app's theme block in it, a cart kept per browser (cookie), and a
// checkout that places the order in the simulator, so its webhooks reach the
// app as a shopper's order would.
//
// A shop `name.myshopify.com` is served at `http://name.localhost:<port>`:
// browsers resolve every *.localhost to loopback, so each shop gets its own
// origin (and cookies) as on Shopify, and the Admin API routes of the same
// server stay as they are.
//   GET  /                       the shop's products
//   GET  /products/<handle>      a product page; ?variant=<id> selects a variant, ?locale=fr the language
//   POST /cart/add               id, quantity, properties[Name] (a product form)
//   GET  /cart                   the cart's lines with their visible properties
//   POST /checkout               places the order; then its confirmation
//   GET  /orders/<id>            the confirmation of an order placed from this browser
//   POST /account/login          email (a form): this browser's customer is logged in
//   POST /account/logout
//   *    /<prefix>/<subpath>/... the app proxy (./app-proxy.ts), when shopify.app.toml has one
//   GET  /cdn/...                the theme's and the extension's assets
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { Liquid, LiquidError } from "liquidjs";
import { header, readBody, readBodyBytes } from "../http";
import { resolveNamespace } from "../resolvers/metafields";
import type { Customer } from "../state/customers";
import { SimError } from "../state/errors";
import { gid, legacyId, type Gid } from "../state/ids";
import type { App, ShopState } from "../state/shops";
import type { SimState } from "../state/sim-state";
import type { AppProxyConfig } from "../webhooks";
import { forwardToApp, isLiquid, proxiedPath, signedProxyQuery, type AppAnswer } from "./app-proxy";
import { extensionDir, extensionLocale, shopifyLiquid } from "./liquid";
import { blockObject, cents, orderObject, productObject, propertiesObject, variantGid } from "./objects";

const themeDir = join(import.meta.dirname, "theme");
const BLOCK = "backorder-badge";
const CART_COOKIE = "cart";
const CUSTOMER_COOKIE = "customer_session";
// Shopify's {% layout none %}: the answer is the whole page, without the theme's layout.
const LAYOUT_NONE = /{%-?\s*layout\s+none\s*-?%}/;
const EXTENSION_ASSETS = `/cdn/extensions/${BLOCK}/assets/`;
const THEME_ASSETS = "/cdn/theme/assets/";

/** The shop a storefront Host header names (`name.localhost[:port]`), or undefined when it names none. */
export function storefrontShop(host: string | undefined): string | undefined {
  const name = /^([a-z0-9][a-z0-9-]*)\.localhost(?::\d+)?$/.exec(host ?? "")?.[1];
  return name && `${name}.myshopify.com`;
}

/** Where a shop's storefront is, on a simulator listening at `port`. */
export const storefrontUrl = (shop: string, port: number) => `http://${shop.replace(/\.myshopify\.com$/, "")}.localhost:${port}`;

interface CartLine {
  variantId: Gid;
  quantity: number;
  properties: { key: string; value: string }[];
}

interface PageContext {
  shop: ShopState;
  cart: Cart;
  locale: string;
  customer: Customer | undefined;
}

interface Cart {
  lines: CartLine[];
  /** Orders checked out from this cart: their confirmations are this browser's to see. */
  orders: Set<Gid>;
}

/** Shopify's theme engine does not escape; this one does, so a theme here cannot forget to. */
function themeLiquid(): Liquid {
  const liquid = new Liquid({
    root: [join(themeDir, "templates"), join(themeDir, "layout")],
    partials: [join(themeDir, "templates")],
    extname: ".liquid",
    outputEscape: "escape",
    strictFilters: true,
  });
  liquid.registerFilter("asset_url", (name: string) => `${THEME_ASSETS}${name}`);
  liquid.registerFilter("money", function (this: { context: { getSync(paths: string[]): unknown } }, amount: number) {
    const shop = this.context.getSync(["shop"]) as { currency: string; locale: string };
    return new Intl.NumberFormat(shop.locale, { style: "currency", currency: shop.currency }).format(amount / 100);
  });
  return liquid;
}

export interface StorefrontOptions {
  /** The app's proxy from shopify.app.toml, with where the app is and its secret to sign with. */
  appProxy?: { config: AppProxyConfig; appUrl: string; apiSecret: string };
  /** Whether the app is installed on a shop: Shopify proxies only for shops that have it. */
  installed: (shop: string) => boolean;
}

export function createStorefront(state: SimState, app: App, options: StorefrontOptions) {
  const theme = themeLiquid();
  const carts = new Map<string, Cart>();
  /** Logged-in customers by `${shop}|${session cookie}`. */
  const sessions = new Map<string, Gid>();
  const appNamespace = resolveNamespace("$app", app);

  /** This browser's cart, made (with its cookie) when there is none. */
  function cartOf(req: IncomingMessage, res: ServerResponse, shop: ShopState): Cart {
    const token = /(?:^|;\s*)cart=([a-f0-9]{32})(?:;|$)/.exec(header(req, "cookie") ?? "")?.[1];
    const existing = token && carts.get(`${shop.domain}|${token}`);
    if (existing) return existing;
    const fresh = randomBytes(16).toString("hex");
    const cart: Cart = { lines: [], orders: new Set() };
    carts.set(`${shop.domain}|${fresh}`, cart);
    res.setHeader("Set-Cookie", `${CART_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return cart;
  }

  /** This browser's login session, as its key in `sessions`. */
  function sessionOf(req: IncomingMessage, shop: ShopState) {
    const token = new RegExp(`(?:^|;\\s*)${CUSTOMER_COOKIE}=([a-f0-9]{32})(?:;|$)`).exec(header(req, "cookie") ?? "")?.[1];
    return token && `${shop.domain}|${token}`;
  }

  /** The customer logged in from this browser, if any. */
  function customerOf(req: IncomingMessage, shop: ShopState) {
    const session = sessionOf(req, shop);
    const id = session && sessions.get(session);
    return id ? shop.customers.get(id) : undefined;
  }

  const priceOf = (shop: ShopState, line: CartLine) => cents(shop.variants.get(line.variantId)!.price) * line.quantity;

  function cartObject(shop: ShopState, cart: Cart, locale: string) {
    const items = cart.lines.map((line) => {
      const variant = shop.variants.get(line.variantId)!;
      const product = shop.products.get(variant.productId)!;
      return {
        quantity: line.quantity,
        url: `/products/${product.handle}?variant=${legacyId(variant.id)}`,
        product: productObject(shop, product, appNamespace),
        variant: { id: legacyId(variant.id), title: variant.title },
        final_line_price: priceOf(shop, line),
        properties: propertiesObject(line.properties),
      };
    });
    return {
      items,
      item_count: cart.lines.reduce((sum, line) => sum + line.quantity, 0),
      total_price: cart.lines.reduce((sum, line) => sum + priceOf(shop, line), 0),
      locale,
    };
  }

  async function page(
    res: ServerResponse,
    status: number,
    context: PageContext,
    template: string,
    title: string,
    scope: Record<string, unknown> = {},
  ) {
    const content = await theme.renderFile(template, { ...globalsOf(context), ...scope });
    return layout(res, status, context, title, content);
  }

  /** Liquid's global objects on every page. */
  function globalsOf({ shop, cart, locale, customer }: PageContext) {
    return {
      shop: { name: shop.name, currency: shop.currencyCode, locale },
      request: { locale: { iso_code: locale } },
      cart: cartObject(shop, cart, locale),
      customer: customer && {
        id: legacyId(customer.id),
        email: customer.email,
        first_name: customer.firstName,
        last_name: customer.lastName,
        name: [customer.firstName, customer.lastName].filter(Boolean).join(" "),
      },
    };
  }

  async function layout(res: ServerResponse, status: number, context: PageContext, title: string, content: string) {
    const html = await theme.renderFile("theme", { ...globalsOf(context), page_title: title, content_for_layout: content });
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(html);
  }

  const message = (
    res: ServerResponse,
    status: number,
    context: PageContext,
    heading: string,
    text: string,
    back = { url: "/", label: "Continue shopping" },
  ) => page(res, status, context, "message", heading, { heading, message: text, back });

  async function productPage(res: ServerResponse, context: PageContext, handle: string, url: URL) {
    const { shop, locale } = context;
    const found = [...shop.products.values()].find((p) => p.handle === handle && p.status === "ACTIVE");
    if (!found) return message(res, 404, context, "Page not found", `No product is at /products/${handle}.`);
    const product = productObject(shop, found, appNamespace, url.searchParams.get("variant") ?? undefined);
    const block = await shopifyLiquid(extensionLocale(locale), { assetBase: EXTENSION_ASSETS }).renderFile(BLOCK, {
      product,
      block: blockObject(BLOCK),
    });
    const money = new Intl.NumberFormat(locale, { style: "currency", currency: shop.currencyCode });
    // For the picker's script: `<` escaped, so no title can close the script element.
    const variantsJson = JSON.stringify(
      product.variants.map((v) => ({ id: v.id, title: v.title, price: money.format(v.price / 100), available: v.available })),
    ).replace(/</g, "\\u003c");
    return page(res, 200, context, "product", found.title, { product, app_block: block, variants_json: variantsJson });
  }

  async function addToCart(req: IncomingMessage, res: ServerResponse, context: PageContext) {
    const { shop, cart } = context;
    if (!(header(req, "content-type") ?? "").startsWith("application/x-www-form-urlencoded"))
      return message(res, 415, context, "Not added", "The simulator's /cart/add takes a product form (application/x-www-form-urlencoded).");
    const form = new URLSearchParams(await readBody(req));
    const variant = shop.variants.get(variantGid(form.get("id")) ?? "");
    if (!variant) return message(res, 404, context, "Not added", "Cannot find variant.");
    const quantity = Number(form.get("quantity") ?? "1");
    if (!Number.isInteger(quantity) || quantity < 1)
      return message(res, 422, context, "Not added", "The quantity must be a whole number, 1 or more.");
    const product = productObject(shop, shop.products.get(variant.productId)!, appNamespace, String(legacyId(variant.id)));
    if (!product.selected_variant!.available)
      return message(res, 422, context, "Not added", `The product '${product.title}' is already sold out.`, {
        url: product.url,
        label: "Back",
      });
    const properties = [...form.entries()].flatMap(([name, value]) => {
      const key = /^properties\[(.+)\]$/.exec(name)?.[1];
      return key ? [{ key, value }] : [];
    });
    // Shopify adds to the line of the same variant with the same properties, else starts a new one.
    const same = cart.lines.find((l) => l.variantId === variant.id && JSON.stringify(l.properties) === JSON.stringify(properties));
    if (same) same.quantity += quantity;
    else cart.lines.push({ variantId: variant.id, quantity, properties });
    res.writeHead(303, { Location: "/cart" }).end();
  }

  async function checkout(req: IncomingMessage, res: ServerResponse, context: PageContext) {
    const { shop, cart, locale } = context;
    const form = new URLSearchParams(await readBody(req));
    if (cart.lines.length === 0)
      return message(res, 422, context, "Nothing to check out", "Your cart is empty: add a product before checking out.", {
        url: "/",
        label: "Continue shopping",
      });
    const order = state.placeOrder(shop.domain, {
      email: form.get("email") || undefined,
      // The language the shopper saw the store in, as Shopify records it on the order.
      customerLocale: locale,
      lines: cart.lines.map((line) => ({
        variantId: line.variantId,
        quantity: line.quantity,
        properties: Object.fromEntries(line.properties.map((p) => [p.key, p.value])),
      })),
    });
    cart.lines = [];
    cart.orders.add(order.id);
    res.writeHead(303, { Location: `/orders/${legacyId(order.id)}` }).end();
  }

  /** The shopper logs in with a customer's email (the simulator has no passwords); a session cookie remembers it. */
  async function login(req: IncomingMessage, res: ServerResponse, context: PageContext) {
    const email = new URLSearchParams(await readBody(req)).get("email")?.trim().toLowerCase();
    const customer = [...context.shop.customers.values()].find((c) => email && c.email?.toLowerCase() === email);
    if (!customer) return message(res, 422, context, "Not logged in", "Incorrect email or password.");
    const token = randomBytes(16).toString("hex");
    sessions.set(`${context.shop.domain}|${token}`, customer.id);
    res.appendHeader("Set-Cookie", `${CUSTOMER_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`);
    res.writeHead(303, { Location: "/" }).end();
  }

  function logout(req: IncomingMessage, res: ServerResponse, shop: ShopState) {
    const session = sessionOf(req, shop);
    if (session) sessions.delete(session);
    res.appendHeader("Set-Cookie", `${CUSTOMER_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.writeHead(303, { Location: "/" }).end();
  }

  /**
   * The app proxy: the request goes on to the app, signed; a Liquid answer is
   * rendered in the theme (in its layout unless it says {% layout none %}),
   * any other comes back as the app sent it, less its cookies.
   */
  async function proxy(req: IncomingMessage, res: ServerResponse, context: PageContext, url: URL, rest: string) {
    const { config, appUrl, apiSecret } = options.appProxy!;
    const query = signedProxyQuery(
      url.searchParams,
      {
        shop: context.shop.domain,
        loggedInCustomerId: context.customer ? String(legacyId(context.customer.id)) : "",
        pathPrefix: `/${config.prefix}/${config.subpath}`,
        timestamp: Math.floor(state.clock() / 1000),
      },
      apiSecret,
    );
    let answer: AppAnswer;
    try {
      answer = await forwardToApp(req, await readBodyBytes(req), { appUrl, config, rest, query });
    } catch (error) {
      return message(res, 502, context, "Bad gateway", `The app did not answer: ${(error as Error).message}`);
    }
    if (!isLiquid(answer.headers)) {
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(answer.body);
      return;
    }
    const source = answer.body.toString("utf8");
    let content: string;
    try {
      content = await theme.parseAndRender(source.replace(LAYOUT_NONE, ""), globalsOf(context));
    } catch (error) {
      // Shopify shows the template's error in the page.
      if (!(error instanceof LiquidError)) throw error;
      content = `Liquid error: ${error.message}`;
    }
    if (LAYOUT_NONE.test(source)) {
      res.writeHead(answer.status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(content);
      return;
    }
    return layout(res, answer.status, context, context.shop.name, content);
  }

  function asset(res: ServerResponse, dir: string, name: string) {
    // Only the files the folder has: no path from the URL reaches the file system.
    if (!readdirSync(dir).includes(name)) return res.writeHead(404).end();
    const type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "application/octet-stream";
    res.writeHead(200, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-cache" }).end(readFileSync(join(dir, name)));
  }

  /** Answers a request to `domain`'s storefront. */
  async function route(req: IncomingMessage, res: ServerResponse, url: URL, domain: string) {
    const path = url.pathname;
    if (req.method === "GET" && path.startsWith(EXTENSION_ASSETS))
      return asset(res, join(extensionDir, "assets"), path.slice(EXTENSION_ASSETS.length));
    if (req.method === "GET" && path.startsWith(THEME_ASSETS)) return asset(res, join(themeDir, "assets"), path.slice(THEME_ASSETS.length));
    const shop = state.shops.get(domain);
    if (!shop) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`No shop ${domain} in the simulator.`);
      return;
    }
    const requested = url.searchParams.get("locale");
    const locale = requested && /^[a-z]{2}(?:-[A-Z]{2})?$/.test(requested) ? requested : shop.locale;
    const context: PageContext = { shop, cart: cartOf(req, res, shop), locale, customer: customerOf(req, shop) };
    const proxied = options.appProxy && proxiedPath(options.appProxy.config, path);
    if (proxied !== undefined && options.installed(shop.domain)) return proxy(req, res, context, url, proxied);
    try {
      const product = /^\/products\/([^/]+)$/.exec(path);
      if (req.method === "GET" && product) return await productPage(res, context, decodeURIComponent(product[1]!), url);
      if (req.method === "GET" && path === "/") {
        const products = [...shop.products.values()]
          .filter((p) => p.status === "ACTIVE")
          .map((p) => ({ title: p.title, url: `/products/${p.handle}` }));
        return await page(res, 200, context, "index", shop.name, { products });
      }
      if (req.method === "POST" && path === "/cart/add") return await addToCart(req, res, context);
      if (req.method === "GET" && path === "/cart") return await page(res, 200, context, "cart", "Your cart");
      if (req.method === "POST" && path === "/checkout") return await checkout(req, res, context);
      if (req.method === "POST" && path === "/account/login") return await login(req, res, context);
      if (req.method === "POST" && path === "/account/logout") return logout(req, res, shop);
      const order = /^\/orders\/(\d+)$/.exec(path);
      if (req.method === "GET" && order && context.cart.orders.has(gid("Order", order[1]!)))
        return await page(res, 200, context, "order", "Thank you", { order: orderObject(state.order(shop, gid("Order", order[1]!))) });
      return await message(res, 404, context, "Page not found", `Nothing is at ${path}.`);
    } catch (error) {
      // The shop refused (an order it cannot place): say why, as a page.
      if (!(error instanceof SimError)) throw error;
      return message(res, 422, context, "Something went wrong", error.message);
    }
  }

  return { route };
}

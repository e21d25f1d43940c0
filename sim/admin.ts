// The simulator's stand-in for the Shopify admin around an embedded app:
//   GET /admin/apps/<handle>?shop=<shop>   opens the app as the admin would,
//                                          with a fresh session token (id_token)
//   GET /admin/session-token?shop=<shop>   a fresh session token, for the stand-in (CORS)
//   GET /admin/resource-picker?shop=<shop>&query=<text>
//                                          the store's products, as App Bridge's
//                                          resource picker returns them (CORS)
//   POST /admin/scopes/grant?shop=<shop>   the merchant grants the scopes in the body
//                                          (comma-separated) in App Bridge's permission
//                                          modal: app/scopes_update follows (CORS)
//   GET /cdn/app-bridge.js                 a stand-in for App Bridge's script
// The app loads the stand-in instead of Shopify's CDN script when
// SHOPIFY_SIMULATOR_URL is set, so the admin works in any browser, offline.
import type { IncomingMessage, ServerResponse } from "node:http";
import { signSessionToken } from "./auth";
import { readBody } from "./http";
import type { SimState } from "./state/sim-state";

export type AdminOptions = { appUrl: string; apiKey: string; apiSecret: string };

// Long enough to reload a demo page for a while; Shopify's last one minute.
const LAUNCH_TOKEN_TTL_SECONDS = 60 * 60;

/** The admin's `host` parameter: base64 of the admin URL of the shop. */
export function hostParam(shop: string) {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
}

/** The URL the admin opens the embedded app at. */
export function embeddedAppUrl(options: AdminOptions, shop: string, path = "/app") {
  const url = new URL(path, options.appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", hostParam(shop));
  url.searchParams.set(
    "id_token",
    signSessionToken({ shop, apiKey: options.apiKey, apiSecret: options.apiSecret, ttlSeconds: LAUNCH_TOKEN_TTL_SECONDS }),
  );
  return url.toString();
}

const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** Serves the admin routes; returns false for any other path. */
export function handleAdminRoute(req: IncomingMessage, res: ServerResponse, url: URL, options: AdminOptions, state: SimState): boolean {
  if (req.method !== "GET") return false;
  const shop = url.searchParams.get("shop") ?? "";
  if (url.pathname.startsWith("/admin/apps/")) {
    if (!SHOP.test(shop)) return badRequest(res, "shop must be a myshopify.com domain");
    res.writeHead(302, { Location: embeddedAppUrl(options, shop, url.searchParams.get("path") ?? "/app") }).end();
    return true;
  }
  if (url.pathname === "/admin/session-token") {
    if (!SHOP.test(shop)) return badRequest(res, "shop must be a myshopify.com domain");
    const token = signSessionToken({ shop, apiKey: options.apiKey, apiSecret: options.apiSecret });
    res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": new URL(options.appUrl).origin });
    res.end(JSON.stringify({ token }));
    return true;
  }
  if (url.pathname === "/admin/resource-picker") {
    if (!state.shops.has(shop)) return badRequest(res, "shop must be a shop of the simulator");
    res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": new URL(options.appUrl).origin });
    res.end(JSON.stringify(pickerProducts(state, shop, url.searchParams.get("query") ?? "")));
    return true;
  }
  if (url.pathname === "/cdn/app-bridge.js") {
    res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" });
    res.end(APP_BRIDGE_STAND_IN);
    return true;
  }
  return false;
}

/**
 * The merchant's answer to App Bridge's `shopify.scopes.request()`: the
 * scopes asked for join those granted, and the shop's grant is answered in
 * App Bridge's `ScopesDetail` shape. Returns false for any other route.
 */
export async function handleScopesGrant(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: AdminOptions,
  grant: (shop: string, scopes: string[]) => Promise<string>,
): Promise<boolean> {
  if (req.method !== "POST" || url.pathname !== "/admin/scopes/grant") return false;
  const shop = url.searchParams.get("shop") ?? "";
  if (!SHOP.test(shop)) return badRequest(res, "shop must be a myshopify.com domain");
  const asked = (await readBody(req))
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
  const granted = (await grant(shop, asked)).split(",");
  res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": new URL(options.appUrl).origin });
  res.end(JSON.stringify({ granted, required: granted, optional: [] }));
  return true;
}

/** Products matching `query` by title or SKU, in the shape App Bridge's resource picker returns (a subset of its fields). */
function pickerProducts(state: SimState, domain: string, query: string) {
  const shop = state.shop(domain);
  const text = query.trim().toLowerCase();
  return [...shop.products.values()]
    .map((product) => ({ product, variants: product.variantIds.map((id) => shop.variants.get(id)!) }))
    .filter(
      ({ product, variants }) => product.title.toLowerCase().includes(text) || variants.some((v) => v.sku?.toLowerCase().includes(text)),
    )
    .slice(0, 50)
    .map(({ product, variants }) => ({
      id: product.id,
      title: product.title,
      handle: product.handle,
      vendor: product.vendor,
      status: product.status,
      images: product.image ? [{ id: product.image.id, originalSrc: product.image.src, altText: product.image.alt }] : [],
      variants: variants.map((v) => ({
        id: v.id,
        title: v.title,
        displayName: `${product.title} - ${v.title}`,
        sku: v.sku,
        price: v.price,
        inventoryPolicy: v.inventoryPolicy,
      })),
    }));
}

function badRequest(res: ServerResponse, message: string) {
  res.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ error: message }));
  return true;
}

// What the app uses of App Bridge: `shopify.idToken()`, session tokens on
// the app's own fetches, `shopify.toast`, `shopify.resourcePicker`,
// `shopify.scopes.request` and the <ui-nav-menu> links.
const APP_BRIDGE_STAND_IN = `(() => {
  const script = document.currentScript;
  const simulator = new URL(script.src).origin;
  const params = new URLSearchParams(location.search);
  const shop = params.get("shop") || sessionStorage.getItem("simulator-shop");
  if (shop) sessionStorage.setItem("simulator-shop", shop);

  async function idToken() {
    const response = await fetch(simulator + "/admin/session-token?shop=" + encodeURIComponent(shop));
    return (await response.json()).token;
  }

  const appFetch = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const request = new Request(input, init);
    if (new URL(request.url).origin !== location.origin || request.headers.has("Authorization")) return appFetch(request);
    const headers = new Headers(request.headers);
    headers.set("Authorization", "Bearer " + (await idToken()));
    return appFetch(new Request(request, { headers }));
  };

  // The admin's loading bar and toasts, as elements a test (and a person) can see.
  const loadingBar = document.createElement("div");
  loadingBar.setAttribute("role", "progressbar");
  loadingBar.setAttribute("aria-label", "Loading");
  loadingBar.className = "app-bridge-loading";
  loadingBar.hidden = true;
  const toasts = document.createElement("div");
  toasts.setAttribute("role", "status");
  toasts.className = "app-bridge-toasts";
  // Added on first use, after React has hydrated the page, so they are not taken for a mismatch.
  function mount(element) {
    if (!element.isConnected) document.body.append(element);
  }
  function showToast(message, options = {}) {
    mount(toasts);
    const toast = document.createElement("div");
    toast.className = options.isError ? "app-bridge-toast error" : "app-bridge-toast";
    toast.textContent = message;
    toasts.append(toast);
    setTimeout(() => toast.remove(), options.duration || 5000);
  }

  window.shopify = {
    config: { apiKey: script.dataset.apiKey, shop, host: params.get("host") },
    idToken,
    toast: { show: showToast },
    loading(on = true) {
      mount(loadingBar);
      loadingBar.hidden = !on;
    },
  };

  // The contextual save bar: a <ui-save-bar> shows its buttons in a bar across
  // the top while open, as the admin does, and says so with show/hide events.
  class SaveBar extends HTMLElement {
    show() {
      if (this.hasAttribute("open")) return;
      this.setAttribute("open", "");
      this.dispatchEvent(new Event("show"));
    }
    hide() {
      if (!this.hasAttribute("open")) return;
      this.removeAttribute("open");
      this.dispatchEvent(new Event("hide"));
    }
    toggle() {
      if (this.hasAttribute("open")) this.hide();
      else this.show();
    }
    get showing() {
      return this.hasAttribute("open");
    }
  }
  if (!customElements.get("ui-save-bar")) customElements.define("ui-save-bar", SaveBar);
  const saveBarById = (id) => document.getElementById(id);
  window.shopify.saveBar = {
    show: async (id) => saveBarById(id)?.show(),
    hide: async (id) => saveBarById(id)?.hide(),
    toggle: async (id) => saveBarById(id)?.toggle(),
    leaveConfirmation: async () => {},
  };

  // The resource picker: a modal dialog listing the store's products (type
  // "product") or their variants (type "variant"), with a search box.
  // Resolves with the selection in App Bridge's shape, or undefined when
  // cancelled; a picked product carries all its variants.
  async function resourcePicker(options = {}) {
    const type = options.type === "variant" ? "variant" : "product";
    const multiple = options.multiple !== false;
    const dialog = document.createElement("dialog");
    dialog.className = "app-bridge-picker";
    dialog.setAttribute("aria-label", type === "variant" ? "Add variants" : "Add products");
    const heading = document.createElement("h2");
    heading.textContent = type === "variant" ? "Add variants" : "Add products";
    const search = document.createElement("input");
    search.type = "search";
    search.setAttribute("aria-label", "Search products");
    search.placeholder = "Search products";
    search.value = options.query || "";
    const list = document.createElement("ul");
    const actions = document.createElement("div");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    const add = document.createElement("button");
    add.type = "button";
    add.textContent = "Add";
    add.setAttribute("variant", "primary");
    actions.append(cancel, add);
    dialog.append(heading, search, list, actions);
    mount(dialog);
    let products = [];
    const chosen = new Set();
    async function load() {
      const response = await fetch(simulator + "/admin/resource-picker?shop=" + encodeURIComponent(shop) + "&query=" + encodeURIComponent(search.value));
      products = await response.json();
      list.replaceChildren(...products.flatMap((product) => {
        const rows = type === "variant"
          ? product.variants.map((v) => ({ id: v.id, label: v.displayName + (v.sku ? " (" + v.sku + ")" : "") }))
          : [{ id: product.id, label: product.title }];
        return rows.map((row) => {
          const item = document.createElement("li");
          const label = document.createElement("label");
          const box = document.createElement("input");
          box.type = multiple ? "checkbox" : "radio";
          box.name = "picker";
          box.checked = chosen.has(row.id);
          box.addEventListener("change", () => {
            if (!multiple) chosen.clear();
            if (box.checked) chosen.add(row.id);
            else chosen.delete(row.id);
          });
          label.append(box, " " + row.label);
          item.append(label);
          return item;
        });
      }));
    }
    let searching;
    search.addEventListener("input", () => {
      clearTimeout(searching);
      searching = setTimeout(load, 150);
    });
    await load();
    dialog.showModal();
    return new Promise((resolve) => {
      const close = (selection) => {
        dialog.close();
        dialog.remove();
        resolve(selection);
      };
      cancel.addEventListener("click", () => close(undefined));
      dialog.addEventListener("cancel", () => close(undefined));
      add.addEventListener("click", () => {
        if (type === "product") return close(products.filter((p) => chosen.has(p.id)));
        close(products.flatMap((p) => p.variants.filter((v) => chosen.has(v.id)).map((v) => ({ ...v, product: { id: p.id, title: p.title } }))));
      });
    });
  }
  window.shopify.resourcePicker = resourcePicker;

  // The permission grant modal: the merchant grants or declines the scopes asked for.
  async function requestScopes(scopes) {
    const dialog = document.createElement("dialog");
    dialog.className = "app-bridge-picker";
    dialog.setAttribute("aria-label", "Grant access");
    const heading = document.createElement("h2");
    heading.textContent = "Grant access";
    const text = document.createElement("p");
    text.textContent = "The app asks for: " + scopes.join(", ");
    const buttons = document.createElement("div");
    const decline = document.createElement("button");
    decline.textContent = "Decline";
    const grant = document.createElement("button");
    grant.textContent = "Grant";
    grant.setAttribute("variant", "primary");
    buttons.append(decline, grant);
    dialog.append(heading, text, buttons);
    document.body.append(dialog);
    dialog.showModal();
    const granted = await new Promise((resolve) => {
      decline.addEventListener("click", () => resolve(false));
      dialog.addEventListener("cancel", () => resolve(false));
      grant.addEventListener("click", () => resolve(true));
    });
    dialog.remove();
    if (!granted) return { result: "declined-all", detail: { granted: [], required: [], optional: [] } };
    const response = await appFetch(simulator + "/admin/scopes/grant?shop=" + encodeURIComponent(shop), {
      method: "POST",
      body: scopes.join(","),
    });
    return { result: "granted-all", detail: await response.json() };
  }
  window.shopify.scopes = { request: requestScopes };

  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:flex;gap:1.25rem;padding:.75rem 1.25rem;background:#1a1a1a;font:14px system-ui,sans-serif}" +
    "ui-nav-menu a{color:#fff;text-decoration:none}ui-nav-menu a[rel=home]{font-weight:600}" +
    ".app-bridge-loading{position:fixed;top:0;left:0;right:0;height:3px;background:#2c6ecb}" +
    ".app-bridge-toasts{position:fixed;bottom:1rem;left:50%;transform:translateX(-50%);display:grid;gap:.5rem;z-index:1000}" +
    ".app-bridge-toast{background:#1a1a1a;color:#fff;padding:.75rem 1rem;border-radius:.5rem;font:14px system-ui,sans-serif}" +
    ".app-bridge-toast.error{background:#8e1f0b}" +
    "ui-save-bar{display:none}ui-save-bar[open]{display:flex;align-items:center;gap:.5rem;position:fixed;top:0;left:0;right:0;" +
    "z-index:999;padding:.5rem 1.25rem;background:#303030;font:14px system-ui,sans-serif}" +
    "ui-save-bar[open]::before{content:'Unsaved changes';color:#fff;margin-right:auto}" +
    "ui-save-bar button{padding:.375rem .75rem;border-radius:.5rem;border:1px solid #8a8a8a;background:#fff;color:#303030}" +
    "ui-save-bar button[variant=primary]{background:#1a1a1a;color:#fff;border-color:#fff}" +
    ".app-bridge-picker{width:min(36rem,90vw);border:0;border-radius:.75rem;padding:1rem 1.25rem;font:14px system-ui,sans-serif}" +
    ".app-bridge-picker::backdrop{background:rgba(0,0,0,.5)}.app-bridge-picker h2{font-size:16px;margin:0 0 .75rem}" +
    ".app-bridge-picker input[type=search]{width:100%;box-sizing:border-box;padding:.375rem .5rem}" +
    ".app-bridge-picker ul{list-style:none;padding:0;max-height:50vh;overflow:auto}.app-bridge-picker li{padding:.375rem 0}" +
    ".app-bridge-picker div{display:flex;justify-content:flex-end;gap:.5rem}" +
    ".app-bridge-picker button{padding:.375rem .75rem;border-radius:.5rem;border:1px solid #8a8a8a;background:#fff;color:#303030}" +
    ".app-bridge-picker button[variant=primary]{background:#1a1a1a;color:#fff}";
  document.head.appendChild(style);
  window.dispatchEvent(new Event("shopify:ready"));
})();
`;

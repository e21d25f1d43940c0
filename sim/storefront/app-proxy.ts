// Shopify's app proxy: a storefront request under /<prefix>/<subpath> is sent
// on to the app's proxy URL with the shop, the logged-in customer and a
// signature added to the query, and the app's answer comes back through the
// shop's domain (https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies).
// Cookies do not cross it, either way: the app is reached through the shop's
// domain, so Shopify drops the Cookie header from the request and Set-Cookie
// from the response.
import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AppProxyConfig } from "../webhooks";

/** The parameters Shopify adds; a shopper's own values for them are dropped, so none can be forged. */
const SHOPIFY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];

/** Headers of the shopper's request that reach the app; Cookie, Host and the connection's own stay behind. */
const FORWARDED_REQUEST_HEADERS = ["accept", "accept-language", "content-type", "user-agent"];

/** Headers of the app's answer that do not come back: cookies (Shopify strips them), and those fetch already undid. */
const DROPPED_RESPONSE_HEADERS = ["set-cookie", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"];

/**
 * Shopify's app proxy signature: hex HMAC-SHA256 with the app's secret over
 * the query parameters other than `signature`, sorted, each written
 * `key=value` (the values of a repeated key joined with commas), with no
 * separator. Keys are sorted with localeCompare, as `@shopify/shopify-api`'s
 * validator (the app's) sorts them; Shopify's Ruby example sorts the
 * `key=value` strings bytewise, which differs only for keys mixing case or
 * punctuation, none of which Shopify adds.
 */
export function appProxySignature(params: URLSearchParams, apiSecret: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const message = [...values.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((key) => `${key}=${values.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}

export interface ProxyParams {
  shop: string;
  /** The numeric id of the customer logged in to the storefront; empty when none is. */
  loggedInCustomerId: string;
  /** `/<prefix>/<subpath>`. */
  pathPrefix: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

/**
 * The query Shopify sends the app: the shopper's parameters (less any named
 * like Shopify's own), then Shopify's, signed. Tests use it to make a request
 * the app should accept, and change a parameter afterwards to make one it
 * should refuse.
 */
export function signedProxyQuery(query: URLSearchParams | string, params: ProxyParams, apiSecret: string): URLSearchParams {
  const signed = new URLSearchParams(query);
  for (const name of SHOPIFY_PARAMS) signed.delete(name);
  signed.append("shop", params.shop);
  signed.append("logged_in_customer_id", params.loggedInCustomerId);
  signed.append("path_prefix", params.pathPrefix);
  signed.append("timestamp", String(params.timestamp));
  signed.append("signature", appProxySignature(signed, apiSecret));
  return signed;
}

/** The part of a storefront path the proxy takes (`/<rest>` or ""), or undefined when the path is not under the proxy. */
export function proxiedPath(config: AppProxyConfig, path: string): string | undefined {
  const prefix = `/${config.prefix}/${config.subpath}`;
  if (path === prefix) return "";
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}

export interface AppAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * Sends a storefront request on to the app: `<appUrl><path of the proxy
 * URL><rest>?<signed query>`, same method and body. Redirects are not
 * followed: they go back to the shopper.
 */
export async function forwardToApp(
  req: IncomingMessage,
  body: Buffer,
  target: { appUrl: string; config: AppProxyConfig; rest: string; query: URLSearchParams },
): Promise<AppAnswer> {
  const base = new URL(target.config.url).pathname.replace(/\/$/, "");
  const url = `${target.appUrl.replace(/\/$/, "")}${base}${target.rest}?${target.query.toString()}`;
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const res = await fetch(url, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(body),
    redirect: "manual",
  });
  const answer = new Headers(res.headers);
  for (const name of DROPPED_RESPONSE_HEADERS) answer.delete(name);
  return { status: res.status, headers: answer, body: Buffer.from(await res.arrayBuffer()) };
}

/** Shopify renders an answer of this type in the shop's theme; any other passes through. */
export const isLiquid = (headers: Headers) => (headers.get("content-type") ?? "").split(";")[0]!.trim() === "application/liquid";

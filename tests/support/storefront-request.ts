// Requests to a shop's simulated storefront from Node. Browsers resolve every
// *.localhost to loopback; Node does not, so this connects to 127.0.0.1 and
// names the shop's host in the Host header.
import { request } from "node:http";
import type { Simulator } from "../../sim/server";

export type StorefrontAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export interface StorefrontRequest {
  /** GET without a body, POST with one, unless given. */
  method?: string;
  cookie?: string;
  /** The browser's language, as Accept-Language. */
  language?: string;
  /** A product or login form, sent form-urlencoded. */
  form?: Record<string, string>;
  /** Any other body, with its content type. */
  body?: { type: string; text: string };
}

/** Sends one request to `shop`'s storefront and reads the whole answer. */
export function storefrontRequest(sim: Simulator, shop: string, path: string, options: StorefrontRequest = {}): Promise<StorefrontAnswer> {
  const body = options.form
    ? { type: "application/x-www-form-urlencoded", text: new URLSearchParams(options.form).toString() }
    : options.body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: new URL(sim.url).port,
        path,
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        headers: {
          Host: new URL(sim.storefrontUrl(shop)).host,
          ...(options.cookie ? { Cookie: options.cookie } : {}),
          ...(options.language ? { "Accept-Language": options.language } : {}),
          ...(body === undefined ? {} : { "Content-Type": body.type }),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body?.text);
  });
}

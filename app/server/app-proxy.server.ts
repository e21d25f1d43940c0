// Requests through the shop's app proxy: Shopify signs every one with the
// app's secret (authenticate.public.appProxy checks it). A request that is
// not signed, or was altered, gets a plain refusal rather than a page.
import { authenticate } from "~/shopify.server";

export async function proxyRequest(request: Request) {
  let context;
  try {
    context = await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response && error.status === 400) {
      throw new Response("This page must be opened through the shop: the request's signature does not match.", {
        status: 401,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
  const url = new URL(request.url);
  return {
    liquid: context.liquid,
    shop: url.searchParams.get("shop") ?? "",
    token: url.searchParams.get("token") ?? "",
    locale: browserLocale(request),
  };
}

/**
 * The shopper's first language ("fr-CA,fr;q=0.9" -> "fr-CA"), or null. The
 * proxy adds no locale of the storefront's to the query, but passes the
 * browser's Accept-Language on: what a page says when it knows no order.
 */
function browserLocale(request: Request): string | null {
  const first = (request.headers.get("accept-language") ?? "").split(",")[0].split(";")[0].trim();
  return first || null;
}

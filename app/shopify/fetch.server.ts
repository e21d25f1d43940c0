/**
 * The fetch every Shopify call goes through. With a simulator URL set, a
 * request for https://<shop>.myshopify.com/<path> goes to
 * <simulator>/shops/<shop>.myshopify.com/<path> instead; config refuses the
 * setting in production.
 */
export function shopifyFetch(simulatorUrl: string | undefined): typeof fetch {
  if (!simulatorUrl) return globalThis.fetch;
  const simulator = new URL(simulatorUrl);
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname.endsWith(".myshopify.com")) {
      url.pathname = `/shops/${url.hostname}${url.pathname}`;
      url.protocol = simulator.protocol;
      url.host = simulator.host;
    }
    return globalThis.fetch(input instanceof Request ? new Request(url, input) : url, init);
  };
}

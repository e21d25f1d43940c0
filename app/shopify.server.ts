import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { recordInstallation } from "~/models/shop.server";
import { API_VERSION } from "~/shopify/api-version";

export { API_VERSION };

if (config.SHOPIFY_SIMULATOR_URL) {
  // Every call the Shopify libraries make to https://<shop>/... goes to the
  // local simulator instead; config refuses this setting in production.
  const simulator = new URL(config.SHOPIFY_SIMULATOR_URL);
  const fetchShopify = globalThis.fetch;
  setAbstractFetchFunc((input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname.endsWith(".myshopify.com")) {
      url.pathname = `/shops/${url.hostname}${url.pathname}`;
      url.protocol = simulator.protocol;
      url.host = simulator.host;
    }
    return fetchShopify(url, init);
  });
}

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstallation(db, session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const sessionStorage = shopify.sessionStorage;

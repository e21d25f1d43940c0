// Shopify's app library, configured once, and the one place a shop's Admin
// API gateway is built from its offline token.
import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { AppDistribution, SessionNotFoundError, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { NotInstalledError } from "~/errors";
import { jobs } from "~/jobs/dispatcher.server";
import { recordInstallation } from "~/shops/installation.server";
import { API_VERSION } from "~/shopify/api-version";
import { shopifyFetch } from "~/shopify/client.server";
import { EncryptedSessionStorage } from "~/shopify/session-storage.server";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { createGateway, type Gateway } from "~/shopify/gateway.server";

export { API_VERSION };

/** Shopify, or the simulator when SHOPIFY_SIMULATOR_URL is set. */
const fetchFromShopify = shopifyFetch(config.SHOPIFY_SIMULATOR_URL);

// Shopify's libraries fetch through this too, so the simulator setting covers them.
setAbstractFetchFunc(fetchFromShopify);

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new EncryptedSessionStorage(
    new PrismaSessionStorage(db),
    tokenCipher(config.ENCRYPTION_KEY, config.ENCRYPTION_KEY_PREVIOUS),
  ),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstallation(db, session.shop);
      await jobs.notify(session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const sessionStorage = shopify.sessionStorage;

/** The shop's offline access token, refreshed when it has expired. */
async function offlineAccessToken(shop: string): Promise<string> {
  try {
    const { session } = await shopify.unauthenticated.admin(shop);
    return session.accessToken!;
  } catch (error) {
    if (error instanceof SessionNotFoundError) throw new NotInstalledError(`${shop} has no offline session: the app is not installed`);
    throw error;
  }
}

/** The shop's store, through the Admin API with its offline token. */
export async function storeGateway(shop: string): Promise<Gateway> {
  return createGateway({ shop, accessToken: await offlineAccessToken(shop), fetch: fetchFromShopify });
}

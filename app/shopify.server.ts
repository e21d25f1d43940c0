// Shopify's app library, configured once, and the one place a shop's Admin
// API gateway is built from its offline token.
import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { AppDistribution, LogSeverity, shopifyApp, type Session } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { HttpError, NotInstalledError } from "~/errors";
import { jobs } from "~/jobs/dispatcher.server";
import { log } from "~/observability/log.server";
import { recordInstallation } from "~/shops/installation.server";
import { API_VERSION } from "~/shopify/api-version";
import { refreshOfflineToken, shopifyFetch } from "~/shopify/client.server";
import { EncryptedSessionStorage } from "~/shopify/session-storage.server";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { createGateway, type Gateway } from "~/shopify/gateway.server";

export { API_VERSION };

/** Shopify, or the simulator when SHOPIFY_SIMULATOR_URL is set. */
const fetchFromShopify = shopifyFetch(config.SHOPIFY_SIMULATOR_URL);

// Shopify's libraries fetch through this too, so the simulator setting covers them.
setAbstractFetchFunc(fetchFromShopify);

/** Seals and opens the offline and refresh tokens stored in Session (ENCRYPTION_KEY). */
export const tokens = tokenCipher(config.ENCRYPTION_KEY, config.ENCRYPTION_KEY_PREVIOUS);

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new EncryptedSessionStorage(new PrismaSessionStorage(db), tokens),
  distribution: AppDistribution.AppStore,
  // Into the app's JSON log; no debug lines, which show requests' details.
  logger: {
    level: LogSeverity.Info,
    log: (severity, message) => {
      const level = ({ [LogSeverity.Error]: "error", [LogSeverity.Warning]: "warn" } as const)[severity as number] ?? "info";
      log[level]({ library: "shopify-api" }, message);
    },
  },
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

// Expiring offline tokens (every public app's from 2027-01-01) last an hour and
// come with a refresh token. The library refreshes one it knows has expired,
// but not one Shopify refuses early (clocks differ, a long job outlives it),
// and it reports a refused refresh as an HTTP 500; the app refreshes them
// itself, on both occasions, so that only a refused refresh means the access
// is gone.

/** Refreshed this long before the token's expiry, as Shopify's library does. */
const REFRESH_AHEAD_MS = 5 * 60 * 1000;

/** The shop's offline session, as Shopify's library stores it. */
async function offlineSession(shop: string): Promise<Session> {
  const session = await sessionStorage.loadSession(`offline_${shop}`);
  if (!session?.accessToken) throw new NotInstalledError(`${shop} has no offline session: the app is not installed`);
  return session;
}

/** Refreshes in progress, per shop: a refresh token works once, so jobs of a shop share one refresh. */
const refreshing = new Map<string, Promise<string>>();

/** A token to use instead of `rejected`: the one stored if another refresh already replaced it, else a refreshed one. */
function replacementToken(shop: string, rejected: string): Promise<string> {
  let pending = refreshing.get(shop);
  if (!pending) {
    pending = refreshStoredToken(shop, rejected).finally(() => refreshing.delete(shop));
    refreshing.set(shop, pending);
  }
  return pending;
}

async function refreshStoredToken(shop: string, rejected: string): Promise<string> {
  const session = await offlineSession(shop);
  if (session.accessToken !== rejected) return session.accessToken!;
  if (!session.refreshToken) throw new HttpError(401, `Shopify refused ${shop}'s offline token, which has no refresh token`);
  try {
    const grant = await refreshOfflineToken({
      shop,
      clientId: config.SHOPIFY_API_KEY,
      clientSecret: config.SHOPIFY_API_SECRET,
      refreshToken: session.refreshToken,
      fetch: fetchFromShopify,
    });
    const now = Date.now();
    session.accessToken = grant.accessToken;
    session.scope = grant.scope || session.scope;
    session.expires = grant.expiresIn === undefined ? undefined : new Date(now + grant.expiresIn * 1000);
    session.refreshToken = grant.refreshToken;
    session.refreshTokenExpires =
      grant.refreshTokenExpiresIn === undefined ? undefined : new Date(now + grant.refreshTokenExpiresIn * 1000);
    await sessionStorage.storeSession(session);
    return grant.accessToken;
  } catch (error) {
    // Another instance of the app may have used the refresh token first, and stored what it got.
    const latest = await offlineSession(shop);
    if (latest.accessToken !== rejected) return latest.accessToken!;
    throw error;
  }
}

/** The shop's offline access token, refreshed first when it expires within minutes. */
async function offlineAccessToken(shop: string): Promise<string> {
  const session = await offlineSession(shop);
  if (session.refreshToken && session.isExpired(REFRESH_AHEAD_MS)) return replacementToken(shop, session.accessToken!);
  return session.accessToken!;
}

/** The shop's store, through the Admin API with its offline token, refreshed when Shopify refuses it. */
export async function storeGateway(shop: string): Promise<Gateway> {
  return createGateway({
    shop,
    accessToken: await offlineAccessToken(shop),
    refreshAccessToken: (rejected) => replacementToken(shop, rejected),
    fetch: fetchFromShopify,
  });
}

// Session tokens (the JWTs App Bridge gives an embedded app) and the access
// tokens Shopify's token exchange hands out for them, signed and checked the
// way Shopify does: HS256 with the app's client secret.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig: string;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** A session token as App Bridge would issue it: valid for one minute. */
export function signSessionToken(options: {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: string | number;
  now?: number;
  ttlSeconds?: number;
}): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${options.shop}/admin`,
    dest: `https://${options.shop}`,
    aud: options.apiKey,
    sub: String(options.userId ?? 1),
    exp: now + (options.ttlSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: randomBytes(16).toString("hex"),
    sig: randomBytes(32).toString("hex"),
  };
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  return `${head}.${createHmac("sha256", options.apiSecret).update(head).digest("base64url")}`;
}

/** Checks signature, algorithm, audience and time (10 s leeway, as Shopify's libraries allow). */
export function verifySessionToken(token: string, options: { apiKey: string; apiSecret: string; now?: number }): SessionTokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("Session token is not a JWT");
  const [head, body, sig] = parts as [string, string, string];
  const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string };
  if (header.alg !== "HS256") throw new Error("Session token must be signed with HS256");
  const expected = createHmac("sha256", options.apiSecret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("Session token signature is invalid");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SessionTokenClaims;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (claims.aud !== options.apiKey) throw new Error("Session token audience is not this app");
  if (typeof claims.exp !== "number" || now > claims.exp + 10) throw new Error("Session token has expired");
  if (typeof claims.nbf !== "number" || now < claims.nbf - 10) throw new Error("Session token is not yet valid");
  if (!/^https:\/\/[^/]+$/.test(claims.dest ?? "")) throw new Error("Session token has no valid dest");
  return claims;
}

export interface AccessTokenRecord {
  token: string;
  shop: string;
  apiKey: string;
  scope: string;
  online: boolean;
  userId?: string;
  /** Milliseconds since epoch; undefined for non-expiring offline tokens. */
  expiresAt?: number;
}

interface RefreshTokenRecord {
  token: string;
  shop: string;
  apiKey: string;
  scope: string;
  expiresAt: number;
}

const ONLINE_TTL_S = 24 * 60 * 60 - 1;
/** From this moment Shopify refuses a public app's Admin API requests made with a non-expiring offline token. */
export const NON_EXPIRING_OFFLINE_TOKENS_END = Date.UTC(2027, 0, 1);
const EXPIRING_OFFLINE_TTL_S = 60 * 60;
const REFRESH_TTL_S = 90 * 24 * 60 * 60;

/** OAuth endpoint errors, answered as `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

/** Issued tokens, and Shopify's `/admin/oauth/access_token` grants. */
export class TokenAuthority {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();
  /** Scopes granted per shop where they differ from the app's configured ones. */
  private readonly granted = new Map<string, string>();
  /** Shops that uninstalled the app; a new token installs it again. */
  private readonly uninstalled = new Set<string>();

  constructor(
    /** `publicApp`: distributed through the App Store, so its offline tokens must expire from 2027-01-01. */
    private readonly app: { apiKey: string; apiSecret: string; scope: string; publicApp?: boolean },
    private readonly clock: () => number,
  ) {}

  /** The record behind an access token, or undefined if unknown or expired (or, for a public app from 2027, non-expiring offline). */
  authenticate(token: string | undefined): AccessTokenRecord | undefined {
    const record = token ? this.access.get(token) : undefined;
    if (!record) return undefined;
    const now = this.clock();
    if (record.expiresAt !== undefined && now >= record.expiresAt) return undefined;
    if (this.app.publicApp && record.expiresAt === undefined && now >= NON_EXPIRING_OFFLINE_TOKENS_END) return undefined;
    return record;
  }

  /** The scopes a shop has granted the app, comma-separated. */
  scopeOf(shop: string): string {
    return this.granted.get(shop) ?? this.app.scope;
  }

  /** The merchant grants a new set of scopes: tokens already issued carry it too. Returns the previous set. */
  grantScopes(shop: string, scope: string): string {
    const previous = this.scopeOf(shop);
    this.granted.set(shop, scope);
    for (const record of [...this.access.values(), ...this.refresh.values()]) if (record.shop === shop) record.scope = scope;
    return previous;
  }

  /** The app is uninstalled: every token of the shop stops working, and a new install starts from the configured scopes. */
  revoke(shop: string) {
    for (const tokens of [this.access, this.refresh]) for (const [token, record] of tokens) if (record.shop === shop) tokens.delete(token);
    this.granted.delete(shop);
    this.uninstalled.add(shop);
  }

  /** False from an uninstall until the shop's next token. */
  isInstalled(shop: string): boolean {
    return !this.uninstalled.has(shop);
  }

  /** Issues a token directly (the control API uses it for tests that skip the exchange). */
  issue(shop: string, options: { online?: boolean; expiring?: boolean; userId?: string } = {}): Record<string, unknown> {
    const now = this.clock();
    const { apiKey } = this.app;
    const scope = this.scopeOf(shop);
    this.uninstalled.delete(shop);
    if (options.online) {
      const token = `shpua_${randomBytes(16).toString("hex")}`;
      const userId = options.userId ?? "1";
      this.access.set(token, { token, shop, apiKey, scope, online: true, userId, expiresAt: now + ONLINE_TTL_S * 1000 });
      return {
        access_token: token,
        scope,
        expires_in: ONLINE_TTL_S,
        associated_user_scope: scope,
        associated_user: {
          id: Number(userId),
          first_name: "Sim",
          last_name: "Staff",
          email: `staff${userId}@${shop}`,
          email_verified: true,
          account_owner: userId === "1",
          locale: "en",
          collaborator: false,
        },
      };
    }
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    if (!options.expiring) {
      this.access.set(token, { token, shop, apiKey, scope, online: false });
      return { access_token: token, scope };
    }
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    this.access.set(token, { token, shop, apiKey, scope, online: false, expiresAt: now + EXPIRING_OFFLINE_TTL_S * 1000 });
    this.refresh.set(refreshToken, { token: refreshToken, shop, apiKey, scope, expiresAt: now + REFRESH_TTL_S * 1000 });
    return {
      access_token: token,
      expires_in: EXPIRING_OFFLINE_TTL_S,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TTL_S,
      scope,
    };
  }

  /** Handles a POST to /admin/oauth/access_token; returns the shop and the JSON body. */
  grant(body: Record<string, unknown>, pathShop?: string): { shop: string; response: Record<string, unknown> } {
    if (body.client_id !== this.app.apiKey) throw new OAuthError(400, "invalid_client", "Client credentials are invalid");
    if (body.client_secret !== this.app.apiSecret) throw new OAuthError(401, "invalid_client", "Client credentials are invalid");
    if (body.grant_type === TOKEN_EXCHANGE_GRANT) {
      if (body.subject_token_type !== ID_TOKEN_TYPE) throw new OAuthError(400, "invalid_request", "subject_token_type must be an id_token");
      let claims: SessionTokenClaims;
      try {
        claims = verifySessionToken(String(body.subject_token ?? ""), { ...this.app, now: this.clock() });
      } catch (error) {
        throw new OAuthError(400, "invalid_subject_token", (error as Error).message);
      }
      const shop = new URL(claims.dest).host;
      if (pathShop && pathShop !== shop) throw new OAuthError(400, "invalid_subject_token", "Session token is for another shop");
      const type = body.requested_token_type ?? OFFLINE_TOKEN_TYPE;
      if (type !== OFFLINE_TOKEN_TYPE && type !== ONLINE_TOKEN_TYPE)
        throw new OAuthError(400, "invalid_request", "Unsupported requested_token_type");
      const expiring = body.expiring === "1" || body.expiring === 1 || body.expiring === true;
      return { shop, response: this.issue(shop, { online: type === ONLINE_TOKEN_TYPE, expiring, userId: claims.sub }) };
    }
    if (body.grant_type === "refresh_token") {
      const record = this.refresh.get(String(body.refresh_token ?? ""));
      if (!record || this.clock() >= record.expiresAt || (pathShop && pathShop !== record.shop)) {
        throw new OAuthError(400, "invalid_grant", "The refresh token is invalid or has expired");
      }
      // Refresh tokens rotate: each one works once.
      this.refresh.delete(record.token);
      return { shop: record.shop, response: this.issue(record.shop, { expiring: true }) };
    }
    throw new OAuthError(400, "unsupported_grant_type", `Unsupported grant_type ${String(body.grant_type)}`);
  }
}

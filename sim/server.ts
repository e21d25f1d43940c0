// One HTTP server standing in for every simulated shop: the Admin GraphQL
// endpoint, the OAuth token endpoint, and a JSON control API (/_sim/...) to
// seed shops and act in them. The shop of an Admin request comes from its
// access token; a `/shops/<shop>` path prefix is optional and, when present,
// must name the token's shop (see README.md).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLSchema } from "graphql";
import { ensureShopifyArtifacts, ADMIN_API_VERSION } from "../scripts/fetch-admin-schema.mjs";
import { handleAdminRoute, handleScopesGrant } from "./admin";
import { OAuthError, TokenAuthority, signSessionToken } from "./auth";
import { controlRoute, type Control } from "./control";
import { DEFAULT_BUCKET, LeakyBucket, SINGLE_QUERY_MAX_COST, calculateQueryCost, findOperation, type BucketConfig } from "./cost";
import type { SimContext } from "./resolvers/context";
import { resolvers } from "./resolvers/root";
import { buildExecutableSchema, executeDocument, parseAndValidate } from "./schema";
import { header, readBody, send } from "./http";
import { scopesUpdatePayload, shopPayload } from "./payloads/shops";
import { SimError } from "./state/errors";
import { SimState } from "./state/sim-state";
import { createStorefront, storefrontShop, storefrontUrl } from "./storefront/storefront";
import { readFlowTriggers } from "./extensions";
import { WebhookDispatcher, readAppConfig } from "./webhooks";

export { signSessionToken };

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Base URL webhooks are delivered to (subscription `uri`s are relative to it). */
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  bucket?: Partial<BucketConfig>;
  /** Milliseconds since epoch; inject for deterministic throttling and timestamps. `advanceClock` moves it on. */
  clock?: () => number;
  /** shopify.app.toml to read scopes and webhook subscriptions from (default: the repo's). */
  configPath?: string;
  /** The app's extensions folder, whose flow_trigger extensions flowTriggerReceive knows (default: the repo's). */
  extensionsDir?: string;
  /**
   * The app is public (App Store): from 2027-01-01 its non-expiring offline
   * tokens are refused, as Shopify does. Default false, so tests with fixed
   * clocks may use non-expiring tokens.
   */
  publicApp?: boolean;
  /** Deliver webhooks as the simulated shops change (default true). */
  webhooks?: boolean;
}

/** What one shop's apps asked of the Admin API, for benchmarks. */
export interface ApiUsage {
  queries: number;
  mutations: number;
  throttled: number;
  actualCost: number;
}

export interface Simulator {
  url: string;
  /** Admin API usage per shop since the start or the last reset. */
  usage(shop: string): ApiUsage;
  resetUsage(): void;
  state: SimState;
  /** A shop's online store (sim/storefront): `http://<name>.localhost:<port>`. */
  storefrontUrl(shop: string): string;
  webhooks: WebhookDispatcher;
  tokens: TokenAuthority;
  /** Moves the simulator's clock on (tokens expire, timestamps move); the app's clock stays. */
  advanceClock(ms: number): void;
  /** Sends an Admin GraphQL request as the app would. */
  // The body has whatever shape the document selected.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  graphql(shop: string, accessToken: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** The merchant uninstalls the app: its tokens stop working, app/uninstalled is sent, and no other event of the shop until a new token installs it again. */
  uninstall(shop: string): Promise<void>;
  /** The merchant grants the app a new set of scopes: tokens carry it, and app/scopes_update is sent. */
  grantScopes(shop: string, scopes: string[]): Promise<void>;
  close(): Promise<void>;
}

const API_PATH = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

let cachedSchema: GraphQLSchema | undefined;
const executableSchema = () => (cachedSchema ??= buildExecutableSchema(resolvers));

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  ensureShopifyArtifacts();
  const baseClock = options.clock ?? Date.now;
  let clockOffset = 0;
  const clock = () => baseClock() + clockOffset;
  const advanceClock = (ms: number) => {
    if (!Number.isFinite(ms) || ms < 0) throw new SimError("the clock moves forward only: give a number of milliseconds >= 0");
    clockOffset += ms;
  };
  const config = readAppConfig(options.configPath);
  const state = new SimState(clock);
  const app = state.registerApp(options.apiKey, readFlowTriggers(options.extensionsDir));
  const tokens = new TokenAuthority(
    { apiKey: options.apiKey, apiSecret: options.apiSecret, scope: config.scopes, publicApp: options.publicApp },
    clock,
  );
  const webhooks = new WebhookDispatcher({
    appUrl: options.appUrl,
    apiSecret: options.apiSecret,
    app,
    config,
    clock,
    installed: (shop) => tokens.isInstalled(shop),
  });
  if (options.webhooks !== false) state.onEvent((event) => void webhooks.deliverEvent(event));
  const bucketConfig: BucketConfig = { ...DEFAULT_BUCKET, ...options.bucket };
  const buckets = new Map<string, LeakyBucket>();
  const schema = executableSchema();
  const usage = new Map<string, ApiUsage>();
  const usageOf = (shop: string) => {
    let u = usage.get(shop);
    if (!u) usage.set(shop, (u = { queries: 0, mutations: 0, throttled: 0, actualCost: 0 }));
    return u;
  };

  async function graphqlRoute(req: IncomingMessage, res: ServerResponse, pathShop: string | undefined) {
    const auth = tokens.authenticate(header(req, "x-shopify-access-token"));
    if (!auth || (pathShop && pathShop !== auth.shop)) return send(res, 401, { errors: INVALID_TOKEN });
    const raw = await readBody(req);
    let request: { query?: unknown; variables?: unknown; operationName?: unknown };
    if ((header(req, "content-type") ?? "").startsWith("application/graphql")) request = { query: raw };
    else {
      try {
        request = JSON.parse(raw || "{}");
      } catch {
        return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
      }
    }
    if (typeof request.query !== "string" || !request.query.trim())
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    const variables = (request.variables ?? null) as Record<string, unknown> | null;
    const operationName = typeof request.operationName === "string" ? request.operationName : null;
    const parsed = parseAndValidate(schema, request.query);
    if (parsed.errors) return send(res, 200, { errors: parsed.errors });
    const document = parsed.document;
    if (!findOperation(document, operationName)) {
      return send(res, 200, {
        errors: [{ message: operationName ? `No operation named "${operationName}"` : "An operation name is required" }],
      });
    }
    const costInput = { schema, document, operationName, variables };
    const requested = calculateQueryCost(costInput);
    const key = `${auth.apiKey}|${auth.shop}`;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = new LeakyBucket(bucketConfig, clock)));
    const cost = (actual: number | null) => ({
      cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket!.status() },
    });
    if (requested > SINGLE_QUERY_MAX_COST) {
      return send(res, 200, {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
          },
        ],
        extensions: cost(null),
      });
    }
    if (!bucket.take(requested)) {
      usageOf(auth.shop).throttled += 1;
      return send(res, 200, {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: cost(null),
      });
    }
    const shop = state.ensureShop(auth.shop);
    const latency = shop.apiLatency;
    const named = findOperation(document, operationName)!.name?.value ?? "";
    if (latency && (!latency.operations || latency.operations.includes(named)))
      await new Promise((resolve) => setTimeout(resolve, latency.ms));
    const context: SimContext = { state, shop, app, scope: auth.scope };
    const result = await executeDocument({ schema, document, variables, operationName, context });
    const isMutation = findOperation(document, operationName)!.operation === "mutation";
    const actual = isMutation ? requested : calculateQueryCost(costInput, result.data ?? null);
    bucket.refund(requested - actual);
    const used = usageOf(auth.shop);
    used[isMutation ? "mutations" : "queries"] += 1;
    used.actualCost += actual;
    return send(res, 200, { ...result, extensions: cost(actual) });
  }

  async function tokenRoute(req: IncomingMessage, res: ServerResponse, pathShop: string | undefined) {
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    if ((header(req, "content-type") ?? "").includes("application/x-www-form-urlencoded"))
      body = Object.fromEntries(new URLSearchParams(raw));
    else {
      try {
        body = JSON.parse(raw || "{}");
      } catch {
        return send(res, 400, { error: "invalid_request", error_description: "Body must be JSON or form-encoded" });
      }
    }
    try {
      const { shop, response } = tokens.grant(body, pathShop);
      state.ensureShop(shop);
      return send(res, 200, response);
    } catch (error) {
      if (error instanceof OAuthError) return send(res, error.status, { error: error.error, error_description: error.message });
      throw error;
    }
  }

  // App lifecycle events, sent as Shopify sends them: to the app's subscriptions.
  const appEvent = (shop: string, topic: string, payload: Record<string, unknown>) =>
    webhooks.deliverEvent({ shop, topic, payload, eventId: randomUUID(), triggeredAt: state.now() });
  const uninstall = (domain: string) => {
    const sent = appEvent(domain, "app/uninstalled", shopPayload(state.shop(domain), state.now()));
    // From here the tokens fail and the shop's events go nowhere; the webhook above is already on its way.
    tokens.revoke(domain);
    return sent;
  };
  const grantScopes = (domain: string, scopes: string[]) => {
    const shop = state.shop(domain);
    const current = scopes.join(",");
    const previous = tokens.grantScopes(domain, current);
    return appEvent(domain, "app/scopes_update", scopesUpdatePayload(shop, app, previous, current, state.now()));
  };
  // App Bridge's permission modal: the scopes asked for join those granted.
  const grantAsked = async (domain: string, asked: string[]) => {
    const current = tokens.scopeOf(domain).split(",").filter(Boolean);
    await grantScopes(domain, [...new Set([...current, ...asked])]);
    return tokens.scopeOf(domain);
  };
  const control: Control = {
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    clock,
    advanceClock,
    state,
    tokens,
    webhooks,
    uninstall,
    grantScopes,
  };

  const storefront = createStorefront(state, app, {
    appProxy: config.appProxy && { config: config.appProxy, appUrl: options.appUrl, apiSecret: options.apiSecret },
    installed: (shop) => tokens.isInstalled(shop),
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sim");
    let path = url.pathname;
    let pathShop: string | undefined;
    const prefixed = /^\/shops\/([^/]+)(\/admin\/.*)$/.exec(path);
    if (prefixed) {
      pathShop = decodeURIComponent(prefixed[1]!);
      path = prefixed[2]!;
    }
    const handle = async () => {
      const storefrontOf = storefrontShop(header(req, "host"));
      if (storefrontOf) return storefront.route(req, res, url, storefrontOf);
      if (handleAdminRoute(req, res, url, options, state)) return;
      if (await handleScopesGrant(req, res, url, options, grantAsked)) return;
      if (req.method === "POST" && path === API_PATH) return graphqlRoute(req, res, pathShop);
      if (req.method === "POST" && path === "/admin/oauth/access_token") return tokenRoute(req, res, pathShop);
      if (path.startsWith("/_sim/")) return controlRoute(control, req, res, path);
      if (/^\/admin\/api\/[^/]+\/graphql\.json$/.test(path)) return send(res, 404, { errors: "Not Found" });
      return send(res, 404, { errors: "Not Found" });
    };
    handle().catch((error: unknown) => {
      if (error instanceof SimError || error instanceof SyntaxError) send(res, 422, { error: error.message });
      else send(res, 500, { error: error instanceof Error ? error.stack : String(error) });
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  state.storefrontPort = port;

  return {
    url,
    usage: (shop) => ({ ...usageOf(shop) }),
    resetUsage: () => usage.clear(),
    state,
    storefrontUrl: (shop) => storefrontUrl(shop, port),
    webhooks,
    tokens,
    advanceClock,
    async graphql(shop, accessToken, query, variables) {
      const res = await fetch(`${url}/shops/${shop}${API_PATH}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() };
    },
    uninstall,
    grantScopes,
    async close() {
      await webhooks.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

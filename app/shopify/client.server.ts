// The transport: the one module that sends Admin GraphQL requests, and the
// fetch they (and Shopify's own libraries) go through.
//
// The cost-aware Admin GraphQL client. Shopify meters each app+shop pair with
// a leaky bucket of query-cost points (extensions.cost.throttleStatus); this
// client remembers the last status it saw per shop, waits before a request
// until the bucket should hold the request's cost, and waits and retries
// when Shopify answers THROTTLED anyway. 5xx answers and network failures are
// retried with exponential backoff and jitter. Every document the app sends
// is safe to repeat (holds are keyed by handle, releases by id, the rest are
// plain writes), so a retry after a lost answer does no harm. An access
// token Shopify refuses (401) is refreshed once, through the function the
// caller gives, and the request sent again with the new one.
import { ClientError, GraphQLClient } from "graphql-request";
import { HttpError, TerminalError } from "~/errors";
import { adminApiMetrics } from "~/observability/metrics.server";
import { API_VERSION } from "./api-version";

export interface ThrottleState {
  currentlyAvailable: number;
  maximumAvailable: number;
  restoreRate: number;
  /** When Shopify reported it (ms, from the client's `now`). */
  seenAt: number;
}

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

/** What Shopify's token endpoint gives for an offline token. */
export interface OfflineTokenGrant {
  accessToken: string;
  scope: string;
  /** Seconds; only for expiring tokens, as the two below. */
  expiresIn?: number;
  refreshToken?: string;
  refreshTokenExpiresIn?: number;
}

/**
 * Trades a refresh token for a new expiring offline token (and a new refresh
 * token: each works once), by Shopify's refresh grant. Shopify refusing it
 * (revoked, expired, uninstalled) is an HttpError 401, as the token it was
 * meant to replace: the app has no access. Shopify unreachable is
 * ShopifyUnavailableError: a later retry may succeed.
 */
export async function refreshOfflineToken(options: {
  shop: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  fetch: typeof fetch;
}): Promise<OfflineTokenGrant> {
  const operation = "offline token refresh";
  let response: Response;
  try {
    response = await options.fetch(`https://${options.shop}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        grant_type: "refresh_token",
        refresh_token: options.refreshToken,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    if (isNetworkError(error))
      throw new ShopifyUnavailableError(operation, `${operation} failed: ${errorMessage(error)}`, undefined, { cause: error });
    throw error;
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status >= 500) throw new ShopifyUnavailableError(operation, `${operation} failed: HTTP ${response.status}`, response.status);
  if (!response.ok || typeof body.access_token !== "string") {
    const reason =
      typeof body.error === "string"
        ? `${body.error}${body.error_description ? ` (${String(body.error_description)})` : ""}`
        : `HTTP ${response.status}`;
    throw new HttpError(401, `Shopify refused to refresh the offline token of ${options.shop}: ${reason}`);
  }
  const seconds = (value: unknown) => (typeof value === "number" ? value : undefined);
  return {
    accessToken: body.access_token,
    scope: String(body.scope ?? ""),
    expiresIn: seconds(body.expires_in),
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    refreshTokenExpiresIn: seconds(body.refresh_token_expires_in),
  };
}

/** Last known bucket per shop, shared by every client in the process. */
export type ThrottleStates = Map<string, ThrottleState>;
const processThrottleStates: ThrottleStates = new Map();
/** Requested cost per operation name, as Shopify last computed it: the same for every shop. */
const requestedCostByOperation = new Map<string, number>();

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** THROTTLED answers from Shopify (each followed by a wait and a retry). */
  throttled: number;
  /** Waits for the bucket, before a request or after THROTTLED. */
  waits: number;
  waitedMs: number;
  /** Retries after a 5xx answer or a network failure. */
  retries: number;
  /** Sum of `actualQueryCost` of the answered requests. */
  actualCost: number;
}

export interface AdminGraphQLClientOptions {
  shop: string;
  accessToken: string;
  /**
   * A fresh token for one Shopify refused (expiring offline tokens last an
   * hour). Without it, or when it throws, the 401 stands: the app has no access.
   */
  refreshAccessToken?: (rejected: string) => Promise<string>;
  fetch: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds; with `sleep`, lets tests run throttling without real time. */
  now?: () => number;
  random?: () => number;
  /** Default: the process-wide throttle state per shop. */
  throttleStates?: ThrottleStates;
  /** Attempts for a request that meets 5xx answers or network failures. */
  maxAttempts?: number;
  timeoutMs?: number;
}

/** Shopify or the network failed in a way a later retry (of the job) may fix. */
export class ShopifyUnavailableError extends Error {
  name = "ShopifyUnavailableError";
  constructor(
    readonly operationName: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}

/** Shopify refused the document itself (invalid, too costly, not allowed): retrying cannot help. */
export class AdminApiError extends TerminalError {
  name = "AdminApiError";
  constructor(
    readonly operationName: string,
    readonly errors: GraphQLErrorShape[],
  ) {
    super(
      `Shopify rejected ${operationName}: ${errors.map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ""}`).join("; ")}`,
    );
  }
}

interface CostExtension {
  requestedQueryCost?: number | null;
  actualQueryCost?: number | null;
  throttleStatus?: { currentlyAvailable: number; maximumAvailable: number; restoreRate: number };
}

/** Points taken from the estimated bucket for one request in flight. */
interface Reservation {
  points: number;
}

// Until an operation has been answered once: Shopify charges 10 per mutation
// field, and a query of the app costs at most a few hundred points.
const DEFAULT_QUERY_COST = 100;
const DEFAULT_MUTATION_COST = 10;
const MAX_THROTTLED_RETRIES = 50;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;
const MIN_THROTTLE_WAIT_MS = 50;
const RETRYABLE_GRAPHQL_CODES = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT"]);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AdminGraphQLClient {
  readonly stats: ClientStats = { requests: 0, throttled: 0, waits: 0, waitedMs: 0, retries: 0, actualCost: 0 };
  private readonly client: GraphQLClient;
  private readonly shop: string;
  private accessToken: string;
  private readonly refreshAccessToken: ((rejected: string) => Promise<string>) | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly throttleStates: ThrottleStates;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;

  constructor(options: AdminGraphQLClientOptions) {
    this.shop = options.shop;
    this.accessToken = options.accessToken;
    this.refreshAccessToken = options.refreshAccessToken;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.throttleStates = options.throttleStates ?? processThrottleStates;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.client = new GraphQLClient(`https://${options.shop}/admin/api/${API_VERSION}/graphql.json`, {
      headers: { "X-Shopify-Access-Token": options.accessToken },
      fetch: options.fetch,
      // THROTTLED arrives as HTTP 200 with `errors`; keep the extensions to read the cost.
      errorPolicy: "all",
    });
  }

  /** Sends one document and returns its data; throttling is waited out, never thrown. */
  async request<TData, TVariables extends Record<string, unknown> = Record<string, unknown>>(
    document: string,
    variables?: TVariables,
  ): Promise<TData> {
    const operationName = operationNameOf(document);
    const isMutation = /^\s*mutation\b/.test(stripComments(document));
    let failures = 0;
    let throttledRetries = 0;
    let refreshed = false;
    for (;;) {
      const reservation = await this.waitForBucket(operationName, isMutation);
      const outcome = await this.attempt<TData>(operationName, document, variables, reservation);
      if (outcome.kind === "data") return outcome.data;
      if (outcome.kind === "unauthorized") {
        if (!this.refreshAccessToken || refreshed) throw outcome.error;
        refreshed = true;
        this.useToken(await this.refreshAccessToken(this.accessToken));
        continue;
      }
      if (outcome.kind === "throttled") {
        throttledRetries += 1;
        if (throttledRetries > MAX_THROTTLED_RETRIES)
          throw new ShopifyUnavailableError(operationName, `${operationName} stayed throttled after ${MAX_THROTTLED_RETRIES} waits`);
        await this.wait(operationName, outcome.waitMs);
        continue;
      }
      failures += 1;
      if (failures >= this.maxAttempts) {
        throw new ShopifyUnavailableError(operationName, `${operationName} failed ${failures} times: ${outcome.reason}`, outcome.status, {
          cause: outcome.cause,
        });
      }
      this.stats.retries += 1;
      await this.sleep(this.backoffMs(failures));
    }
  }

  private async attempt<TData>(
    operationName: string,
    document: string,
    variables: Record<string, unknown> | undefined,
    reservation: Reservation,
  ): Promise<
    | { kind: "data"; data: TData }
    | { kind: "throttled"; waitMs: number }
    | { kind: "retry"; reason: string; status?: number; cause?: unknown }
    | { kind: "unauthorized"; error: HttpError }
  > {
    this.stats.requests += 1;
    let response: Awaited<ReturnType<GraphQLClient["rawRequest"]>>;
    try {
      response = await this.client.rawRequest<TData>({ query: document, variables, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cost =
        error instanceof ClientError
          ? this.observeCost(operationName, error.response.extensions as { cost?: CostExtension } | undefined)
          : undefined;
      // No word from Shopify's bucket (a 5xx page, no answer at all): it charged nothing we know of.
      if (!cost?.throttleStatus) this.returnReservation(reservation);
      if (error instanceof ClientError) {
        const status = error.response.status;
        if (status === 429) {
          this.stats.throttled += 1;
          adminApiMetrics.throttled(operationName);
          return {
            kind: "throttled",
            waitMs: cost?.throttleStatus ? this.throttledWaitMs(operationName, cost) : retryAfterMs(error.response.headers),
          };
        }
        if (status >= 500) return { kind: "retry", reason: `HTTP ${status}`, status, cause: error };
        const refused = new HttpError(
          status,
          `Shopify answered ${operationName} with HTTP ${status}${describeErrors(error.response.errors)}`,
        );
        if (status === 401) return { kind: "unauthorized", error: refused };
        throw refused;
      }
      if (isNetworkError(error)) return { kind: "retry", reason: errorMessage(error), cause: error };
      throw error;
    }
    const cost = this.observeCost(operationName, response.extensions as { cost?: CostExtension } | undefined);
    if (!cost?.throttleStatus) this.returnReservation(reservation);
    const errors = (response.errors ?? []) as GraphQLErrorShape[];
    if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
      this.stats.throttled += 1;
      adminApiMetrics.throttled(operationName);
      return { kind: "throttled", waitMs: this.throttledWaitMs(operationName, cost) };
    }
    if (errors.some((e) => RETRYABLE_GRAPHQL_CODES.has(e.extensions?.code ?? ""))) {
      return { kind: "retry", reason: describeErrors(errors).trim() };
    }
    if (errors.length > 0) throw new AdminApiError(operationName, errors);
    return { kind: "data", data: response.data as TData };
  }

  private useToken(token: string) {
    this.accessToken = token;
    this.client.setHeader("X-Shopify-Access-Token", token);
  }

  /** Records what Shopify said about the bucket and the request's cost. */
  private observeCost(operationName: string, extensions: { cost?: CostExtension } | undefined): CostExtension | undefined {
    const cost = extensions?.cost;
    if (!cost) return undefined;
    if (typeof cost.requestedQueryCost === "number") requestedCostByOperation.set(operationName, cost.requestedQueryCost);
    if (typeof cost.actualQueryCost === "number") {
      this.stats.actualCost += cost.actualQueryCost;
      adminApiMetrics.cost(operationName, cost.actualQueryCost);
    }
    if (cost.throttleStatus) this.throttleStates.set(this.shop, { ...cost.throttleStatus, seenAt: this.now() });
    return cost;
  }

  private throttledWaitMs(operationName: string, cost: CostExtension | undefined): number {
    const status = cost?.throttleStatus;
    const requested = cost?.requestedQueryCost ?? requestedCostByOperation.get(operationName);
    if (!status || requested == null) return 1000;
    if (requested > status.maximumAvailable) {
      throw new AdminApiError(operationName, [
        {
          message: `requested cost ${requested} exceeds the bucket of ${status.maximumAvailable} points`,
          extensions: { code: "THROTTLED" },
        },
      ]);
    }
    return Math.max(MIN_THROTTLE_WAIT_MS, ((requested - status.currentlyAvailable) / status.restoreRate) * 1000);
  }

  /**
   * Waits until the estimated bucket holds the operation's expected cost, then
   * takes that cost from the estimate, so concurrent requests queue up here
   * instead of at Shopify. Shopify admits a query on its requested cost (the
   * unused part is refunded afterwards), so that is the cost to wait for.
   */
  private async waitForBucket(operationName: string, isMutation: boolean): Promise<Reservation> {
    for (;;) {
      const state = this.throttleStates.get(this.shop);
      if (!state) return { points: 0 };
      const expected = Math.min(
        state.maximumAvailable,
        requestedCostByOperation.get(operationName) ?? (isMutation ? DEFAULT_MUTATION_COST : DEFAULT_QUERY_COST),
      );
      const now = this.now();
      const available = Math.min(state.maximumAvailable, state.currentlyAvailable + ((now - state.seenAt) / 1000) * state.restoreRate);
      if (available >= expected) {
        this.throttleStates.set(this.shop, { ...state, currentlyAvailable: available - expected, seenAt: now });
        return { points: expected };
      }
      await this.wait(operationName, Math.max(MIN_THROTTLE_WAIT_MS, ((expected - available) / state.restoreRate) * 1000));
    }
  }

  /** Gives back points taken from the estimate for a request Shopify did not meter. */
  private returnReservation(reservation: Reservation) {
    const state = this.throttleStates.get(this.shop);
    if (!state || reservation.points === 0) return;
    this.throttleStates.set(this.shop, {
      ...state,
      currentlyAvailable: Math.min(state.maximumAvailable, state.currentlyAvailable + reservation.points),
    });
  }

  private async wait(operationName: string, ms: number) {
    this.stats.waits += 1;
    this.stats.waitedMs += ms;
    adminApiMetrics.wait(operationName, ms);
    await this.sleep(ms);
  }

  /** Exponential backoff with full jitter over its upper half. */
  private backoffMs(failures: number): number {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    return ceiling / 2 + this.random() * (ceiling / 2);
  }
}

function stripComments(document: string): string {
  return document.replace(/#[^\n]*/g, "");
}

export function operationNameOf(document: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(stripComments(document))?.[1] ?? "anonymous operation";
}

function describeErrors(errors: unknown): string {
  if (typeof errors === "string") return `: ${errors}`;
  if (!Array.isArray(errors) || errors.length === 0) return "";
  return `: ${(errors as GraphQLErrorShape[]).map((e) => e.message).join("; ")}`;
}

function retryAfterMs(headers: Headers | undefined): number {
  const seconds = Number(headers?.get("Retry-After"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

// What undici's fetch throws when no HTTP answer came: connection refused or
// reset, DNS, or the per-request timeout.
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "TimeoutError" || error.name === "AbortError" || (error instanceof TypeError && error.message === "fetch failed");
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

// Webhook delivery to the app under test, as Shopify does it: subscriptions
// from shopify.app.toml, a JSON body signed with the app secret, Shopify's
// headers. Faults (duplicate, delay, reorder, drop) are injected on request
// because Shopify only promises at-least-once, unordered delivery.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import type { App } from "./state/shops";
import type { SimEvent } from "./state/sim-state";

export interface Subscription {
  topics: string[];
  uri: string;
  compliance: boolean;
}

/** `[app_proxy]`: storefront paths under `/<prefix>/<subpath>` go to `url`. */
export interface AppProxyConfig {
  url: string;
  subpath: string;
  prefix: string;
}

export interface AppConfig {
  scopes: string;
  apiVersion: string;
  subscriptions: Subscription[];
  appProxy?: AppProxyConfig;
}

// Shopify's choices for the prefix, and its rule for the subpath (https://shopify.dev/docs/apps/online-store/app-proxies).
const PROXY_PREFIXES = ["apps", "a", "community", "tools"];
const PROXY_SUBPATH = /^[A-Za-z0-9_-]{1,30}$/;
const RESERVED_SUBPATHS = ["admin", "services", "password", "login"];

function appProxyConfig(section: Partial<AppProxyConfig> | undefined): AppProxyConfig | undefined {
  if (!section) return undefined;
  const { url, subpath, prefix } = section;
  if (typeof url !== "string" || !/^https:\/\//.test(url)) throw new Error("[app_proxy] url must be an https URL");
  if (typeof prefix !== "string" || !PROXY_PREFIXES.includes(prefix))
    throw new Error(`[app_proxy] prefix must be one of ${PROXY_PREFIXES.join(", ")}`);
  if (typeof subpath !== "string" || !PROXY_SUBPATH.test(subpath) || RESERVED_SUBPATHS.includes(subpath))
    throw new Error(
      "[app_proxy] subpath must be 1 to 30 letters, digits, underscores or hyphens, and not admin, services, password or login",
    );
  return { url, subpath, prefix };
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Reads scopes, webhook API version, subscriptions and the app proxy from shopify.app.toml. */
export function readAppConfig(path = join(repoRoot, "shopify.app.toml")): AppConfig {
  const toml = parseToml(readFileSync(path, "utf8")) as {
    access_scopes?: { scopes?: string };
    app_proxy?: Partial<AppProxyConfig>;
    webhooks?: { api_version?: string; subscriptions?: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
  };
  const subscriptions: Subscription[] = [];
  for (const s of toml.webhooks?.subscriptions ?? []) {
    if (s.topics?.length) subscriptions.push({ topics: s.topics, uri: s.uri, compliance: false });
    if (s.compliance_topics?.length) subscriptions.push({ topics: s.compliance_topics, uri: s.uri, compliance: true });
  }
  return {
    scopes: toml.access_scopes?.scopes ?? "",
    apiVersion: toml.webhooks?.api_version ?? "2026-10",
    subscriptions,
    appProxy: appProxyConfig(toml.app_proxy),
  };
}

export type FaultKind = "duplicate" | "delay" | "reorder" | "drop";

export interface FaultRequest {
  kind: FaultKind;
  /** Only deliveries of this topic; any topic when omitted. */
  topic?: string;
  /** For `delay`: milliseconds before sending. */
  ms?: number;
  /** How many matching deliveries it applies to (default 1). */
  count?: number;
}

export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  fault?: FaultKind;
  /** HTTP status, or 0 when the request failed or was dropped. */
  status: number;
  error?: string;
}

interface Outgoing {
  topic: string;
  shop: string;
  url: string;
  body: string;
  headers: Record<string, string>;
}

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly faults: FaultRequest[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<void>>();
  private held: Outgoing[] = [];

  constructor(
    private readonly options: {
      appUrl: string;
      apiSecret: string;
      app: App;
      config: AppConfig;
      clock?: () => number;
      /** Whether the app is installed on a shop: events of other shops are not sent. */
      installed?: (shop: string) => boolean;
    },
  ) {}

  injectFaults(faults: FaultRequest[]) {
    for (const f of faults) this.faults.push({ ...f, count: f.count ?? 1 });
  }

  private takeFault(topic: string): FaultRequest | undefined {
    const list = this.faults;
    const i = list.findIndex((f) => !f.topic || f.topic === topic);
    if (i < 0) return undefined;
    const f = list[i]!;
    f.count = (f.count ?? 1) - 1;
    if (f.count <= 0) list.splice(i, 1);
    return f;
  }

  /** Sends a shop event to every subscription for its topic, if the app is installed on the shop. */
  deliverEvent(event: SimEvent): Promise<void> {
    if (this.options.installed && !this.options.installed(event.shop)) return Promise.resolve();
    return this.enqueue(event.topic, event.shop, event.payload, {
      eventId: event.eventId,
      triggeredAt: event.triggeredAt,
      compliance: false,
    });
  }

  /** Sends any topic and payload (compliance topics such as customers/redact included). */
  deliverTopic(shop: string, topic: string, payload: Record<string, unknown>): Promise<void> {
    return this.enqueue(topic, shop, payload, {
      eventId: randomUUID(),
      triggeredAt: new Date((this.options.clock ?? Date.now)()).toISOString(),
      compliance: true,
    });
  }

  private enqueue(
    topic: string,
    shop: string,
    payload: Record<string, unknown>,
    meta: { eventId: string; triggeredAt: string; compliance: boolean },
  ): Promise<void> {
    const subs = this.options.config.subscriptions.filter((s) => s.topics.includes(topic) && (meta.compliance || !s.compliance));
    const body = JSON.stringify(this.forRecipient(payload));
    const hmac = createHmac("sha256", this.options.apiSecret).update(body, "utf8").digest("base64");
    const jobs = subs.map((sub) => {
      const out: Outgoing = {
        topic,
        shop,
        url: new URL(sub.uri, this.options.appUrl).toString(),
        body,
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": topic,
          "X-Shopify-Hmac-Sha256": hmac,
          "X-Shopify-Shop-Domain": shop,
          "X-Shopify-API-Version": this.options.config.apiVersion,
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Event-Id": meta.eventId,
          "X-Shopify-Triggered-At": meta.triggeredAt,
        },
      };
      return this.schedule(out);
    });
    return Promise.all(jobs).then(() => undefined);
  }

  /** `held_by_requesting_app` depends on who receives the webhook. */
  private forRecipient(payload: Record<string, unknown>): Record<string, unknown> {
    const hold = payload.fulfillment_hold as { held_by_app?: { id?: string } | null } | undefined;
    if (!hold) return payload;
    return { ...payload, fulfillment_hold: { ...hold, held_by_requesting_app: hold.held_by_app?.id === this.options.app.id } };
  }

  private schedule(out: Outgoing): Promise<void> {
    const fault = this.takeFault(out.topic);
    let job: Promise<void>;
    switch (fault?.kind) {
      case "drop":
        this.deliveries.push({ ...this.record(out), fault: "drop", status: 0, error: "dropped by fault injection" });
        return Promise.resolve();
      case "delay":
        // Outside the ordered chain, so later webhooks overtake it.
        job = new Promise<void>((resolve) => setTimeout(resolve, fault.ms ?? 1000)).then(() => this.send(out, "delay"));
        break;
      case "reorder":
        // Held back until the next webhook has been sent.
        this.held.push(out);
        return Promise.resolve();
      case "duplicate":
        job = this.chain = this.chain.then(async () => {
          await this.send(out, "duplicate");
          await this.send(out, "duplicate");
        });
        break;
      default:
        job = this.chain = this.chain.then(async () => {
          await this.send(out);
          const held = this.held.splice(0);
          for (const h of held) await this.send(h, "reorder");
        });
    }
    this.track(job);
    return job;
  }

  private track(job: Promise<void>) {
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  private record(out: Outgoing): Omit<DeliveryRecord, "status"> {
    return {
      webhookId: out.headers["X-Shopify-Webhook-Id"]!,
      eventId: out.headers["X-Shopify-Event-Id"]!,
      topic: out.topic,
      shop: out.shop,
      url: out.url,
      body: out.body,
      headers: out.headers,
    };
  }

  private async send(out: Outgoing, fault?: FaultKind) {
    const record: DeliveryRecord = { ...this.record(out), status: 0, ...(fault ? { fault } : {}) };
    try {
      // Shopify gives up on a webhook request after five seconds.
      const res = await fetch(out.url, { method: "POST", headers: out.headers, body: out.body, signal: AbortSignal.timeout(5000) });
      record.status = res.status;
      await res.arrayBuffer();
    } catch (error) {
      record.error = (error as Error).message;
    }
    this.deliveries.push(record);
  }

  /** Sends anything held for reordering and waits for every delivery in flight. */
  async idle(): Promise<void> {
    for (;;) {
      // Queued webhooks first: a held one goes out right after the next of them.
      while (this.pending.size) await Promise.all([...this.pending]);
      const held = this.held.splice(0);
      if (held.length === 0) return;
      for (const h of held) this.track((this.chain = this.chain.then(() => this.send(h, "reorder"))));
    }
  }
}

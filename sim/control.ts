// The control API (`/_sim/...`, see README.md): JSON in, JSON out, to seed
// shops and act in them as their merchants and customers would. A refused
// action throws SimError, which the server answers with 422.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ADMIN_API_VERSION } from "../scripts/fetch-admin-schema.mjs";
import { signSessionToken, type TokenAuthority } from "./auth";
import { readBody, send } from "./http";
import { SimError } from "./state/errors";
import type { FulfillmentOrder } from "./state/fulfillment-orders";
import type { Order } from "./state/orders";
import type { ShopState } from "./state/shops";
import type { SimState } from "./state/sim-state";
import type { FaultRequest, WebhookDispatcher } from "./webhooks";

/** What the control API acts on: the simulator's parts, and its app lifecycle actions. */
export interface Control {
  apiKey: string;
  apiSecret: string;
  clock: () => number;
  advanceClock(ms: number): void;
  state: SimState;
  tokens: TokenAuthority;
  webhooks: WebhookDispatcher;
  uninstall(domain: string): Promise<void>;
  grantScopes(domain: string, scopes: string[]): Promise<void>;
}

export async function controlRoute(control: Control, req: IncomingMessage, res: ServerResponse, path: string) {
  const { apiKey, apiSecret, clock, advanceClock, state, tokens, webhooks, uninstall, grantScopes } = control;
  const method = req.method ?? "GET";
  const body = method === "POST" ? (JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>) : {};
  if (path === "/_sim/health") return send(res, 200, { ok: true, apiVersion: ADMIN_API_VERSION });
  if (method === "POST" && path === "/_sim/session-token") {
    return send(res, 200, {
      token: signSessionToken({ shop: String(body.shop), apiKey, apiSecret, userId: body.userId as string | undefined, now: clock() }),
    });
  }
  if (method === "POST" && path === "/_sim/webhooks/faults") {
    webhooks.injectFaults(body.faults as FaultRequest[]);
    return send(res, 200, { ok: true });
  }
  if (method === "GET" && path === "/_sim/clock") return send(res, 200, { now: new Date(clock()).toISOString() });
  if (method === "POST" && path === "/_sim/clock/advance") {
    advanceClock(Number(body.seconds) * 1000);
    return send(res, 200, { now: new Date(clock()).toISOString() });
  }
  if (method === "GET" && path === "/_sim/webhooks/deliveries") return send(res, 200, { deliveries: webhooks.deliveries });
  if (method === "POST" && path === "/_sim/webhooks/flush") {
    await webhooks.idle();
    return send(res, 200, { ok: true });
  }
  const m = /^\/_sim\/shops\/([^/]+)(\/.*)$/.exec(path);
  if (!m) return send(res, 404, { error: `No control route ${method} ${path}` });
  const domain = decodeURIComponent(m[1]!);
  const action = `${method} ${m[2]}`;
  switch (action) {
    case "POST /seed": {
      const { shop } = state.seed(domain, body);
      return send(res, 200, describeShop(state, shop));
    }
    case "POST /latency": {
      const operations = Array.isArray(body.operations) ? body.operations.map(String) : undefined;
      state.shop(domain).apiLatency = { ms: Math.max(0, Number(body.ms) || 0), operations };
      return send(res, 200, { ok: true });
    }
    case "GET /state":
      return send(res, 200, describeShop(state, state.shop(domain)));
    case "GET /flow-triggers":
      return send(res, 200, { flowTriggers: state.shop(domain).flowTriggers });
    case "POST /tokens":
      state.ensureShop(domain);
      return send(res, 200, tokens.issue(domain, { online: Boolean(body.online), expiring: Boolean(body.expiring) }));
    case "POST /orders":
      return send(res, 200, describeOrder(state, state.shop(domain), state.placeOrder(domain, body as never)));
    case "POST /orders/edit":
      return send(res, 200, describeOrder(state, state.shop(domain), state.editOrder(domain, body as never)));
    case "POST /orders/cancel":
      return send(res, 200, describeOrder(state, state.shop(domain), state.cancelOrder(domain, body as never)));
    case "POST /inventory/receive": {
      const level = state.receiveStock(domain, body as never);
      return send(res, 200, {
        inventoryItemId: level.itemId,
        locationId: level.locationId,
        quantities: { ...level.quantities, on_hand: state.onHand(level) },
      });
    }
    case "POST /fulfillment-orders/fulfill": {
      const f = state.fulfill(domain, body as never);
      return send(res, 200, {
        fulfillment: f,
        order: describeOrder(state, state.shop(domain), state.order(state.shop(domain), f.orderId)),
      });
    }
    case "POST /webhooks":
      await webhooks.deliverTopic(domain, String(body.topic), body.payload as Record<string, unknown>);
      return send(res, 200, { ok: true });
    case "POST /uninstall":
      await uninstall(domain);
      return send(res, 200, { ok: true });
    case "POST /scopes":
      if (!Array.isArray(body.scopes)) throw new SimError("scopes must be a list of scope names");
      await grantScopes(domain, body.scopes.map(String));
      return send(res, 200, { scope: tokens.scopeOf(domain) });
    default:
      return send(res, 404, { error: `No control route ${method} ${path}` });
  }
}

/** The control API's view of a shop: ids to act on, and quantities. */
function describeShop(state: SimState, shop: ShopState) {
  return {
    domain: shop.domain,
    id: shop.id,
    locations: [...shop.locations.values()].map((l) => ({ id: l.id, name: l.name })),
    products: [...shop.products.values()].map((p) => ({
      id: p.id,
      title: p.title,
      variants: p.variantIds.map((id) => {
        const v = shop.variants.get(id)!;
        return {
          id: v.id,
          sku: v.sku,
          inventoryPolicy: v.inventoryPolicy,
          inventoryItemId: v.inventoryItemId,
          levels: [...shop.levels.values()]
            .filter((l) => l.itemId === v.inventoryItemId)
            .map((l) => ({ locationId: l.locationId, ...l.quantities, on_hand: state.onHand(l) })),
        };
      }),
    })),
    customers: [...shop.customers.values()].map((c) => ({ id: c.id, email: c.email, tags: c.tags })),
    orders: [...shop.orders.values()].map((o) => describeOrder(state, shop, o)),
  };
}

function describeOrder(state: SimState, shop: ShopState, order: Order) {
  return {
    id: order.id,
    name: order.name,
    email: order.email,
    customerLocale: order.customerLocale,
    cancelledAt: order.cancelledAt,
    lineItems: order.lineItems.map((l) => ({
      id: l.id,
      variantId: l.variantId,
      sku: l.sku,
      quantity: l.quantity,
      currentQuantity: l.currentQuantity,
    })),
    fulfillmentOrders: state.fulfillmentOrdersOf(shop, order.id).map((fo: FulfillmentOrder) => ({
      id: fo.id,
      status: fo.status,
      locationId: fo.locationId,
      lineItems: fo.lineItems,
      holds: fo.holds.map((h) => ({ id: h.id, handle: h.handle, reason: h.reason })),
    })),
  };
}

// Command line for the simulator: `start` runs one; every other command acts
// on a running one through its control API (SIM_URL, default
// http://127.0.0.1:4599). Run with:
//   npm run sim -- <command> [--flags]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startSimulator } from "./server";

const USAGE = `Shopify simulator

  start        --port 4599 --app-url http://127.0.0.1:3000 [--api-key K --api-secret S]
               (defaults from SHOPIFY_API_KEY / SHOPIFY_API_SECRET / SHOPIFY_APP_URL)
  seed         --shop s.myshopify.com --file seed.json        (SeedInput, see state/seed.ts)
  token        --shop s.myshopify.com [--online] [--expiring] (issue an access token)
  session-token --shop s.myshopify.com [--user 1]             (signed App Bridge session token)
  order        --shop S --line SKU:QTY[@LOCATION] ... [--email E] [--locale fr] [--tags a,b] [--location L]
  edit         --shop S --order GID [--set LINE_GID:QTY ...] [--add SKU:QTY ...]
  cancel       --shop S --order GID [--no-restock] [--reason CUSTOMER]
  receive      --shop S --sku SKU --quantity N [--location L]
  fulfil       --shop S --fulfillment-order GID
  state        --shop S
  flow-triggers --shop S                                      (Flow triggers the app sent that Flow accepted)
  webhook      --shop S --topic customers/redact --file payload.json
  uninstall    --shop S                                       (tokens revoked, app/uninstalled sent)
  scopes       --shop S --scopes read_orders,write_products   (scopes granted, app/scopes_update sent)
  faults       --kind duplicate|delay|reorder|drop [--topic T] [--ms N] [--count N]
  deliveries
  clock        [--seconds N]                                  (the simulator's time; --seconds moves it on: tokens expire)
`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string" },
    "app-url": { type: "string" },
    "api-key": { type: "string" },
    "api-secret": { type: "string" },
    shop: { type: "string" },
    file: { type: "string" },
    online: { type: "boolean" },
    expiring: { type: "boolean" },
    user: { type: "string" },
    line: { type: "string", multiple: true },
    email: { type: "string" },
    locale: { type: "string" },
    tags: { type: "string" },
    location: { type: "string" },
    order: { type: "string" },
    set: { type: "string", multiple: true },
    add: { type: "string", multiple: true },
    "no-restock": { type: "boolean" },
    reason: { type: "string" },
    sku: { type: "string" },
    quantity: { type: "string" },
    "fulfillment-order": { type: "string" },
    topic: { type: "string" },
    kind: { type: "string" },
    ms: { type: "string" },
    count: { type: "string" },
    scopes: { type: "string" },
    seconds: { type: "string" },
  },
});

const simUrl = process.env.SIM_URL ?? "http://127.0.0.1:4599";

async function call(method: "GET" | "POST", path: string, body?: unknown) {
  const res = await fetch(`${simUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await res.json();
  console.log(JSON.stringify(json, null, 2));
  if (!res.ok) process.exitCode = 1;
}

function need(name: keyof typeof values): string {
  const v = values[name];
  if (typeof v !== "string") throw new Error(`--${name} is required\n\n${USAGE}`);
  return v;
}

/** SKU:QTY[@LOCATION] */
function parseLine(spec: string) {
  const m = /^([^:]+):(\d+)(?:@(.+))?$/.exec(spec);
  if (!m) throw new Error(`Bad line ${spec}; expected SKU:QTY[@LOCATION]`);
  return { sku: m[1]!, quantity: Number(m[2]), ...(m[3] ? { locationId: m[3] } : {}) };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const shopPath = (rest: string) => `/_sim/shops/${encodeURIComponent(need("shop"))}${rest}`;

async function main() {
  const command = positionals[0];
  switch (command) {
    case "start": {
      const sim = await startSimulator({
        port: Number(values.port ?? 4599),
        appUrl: values["app-url"] ?? process.env.SHOPIFY_APP_URL ?? "http://127.0.0.1:3000",
        apiKey: values["api-key"] ?? process.env.SHOPIFY_API_KEY ?? "sim-api-key",
        apiSecret: values["api-secret"] ?? process.env.SHOPIFY_API_SECRET ?? "sim-api-secret",
      });
      console.log(`Shopify simulator listening on ${sim.url}`);
      console.log(`A shop's storefront: ${sim.storefrontUrl("<name>.myshopify.com")}`);
      const stop = () => void sim.close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      return;
    }
    case "seed":
      return call("POST", shopPath("/seed"), values.file ? readJson(values.file) : {});
    case "token":
      return call("POST", shopPath("/tokens"), { online: Boolean(values.online), expiring: Boolean(values.expiring) });
    case "session-token":
      return call("POST", "/_sim/session-token", { shop: need("shop"), userId: values.user });
    case "order":
      return call("POST", shopPath("/orders"), {
        lines: (values.line ?? []).map(parseLine),
        ...(values.email ? { customer: { email: values.email } } : {}),
        ...(values.locale ? { customerLocale: values.locale } : {}),
        ...(values.tags ? { tags: values.tags.split(",") } : {}),
        ...(values.location ? { locationId: values.location } : {}),
      });
    case "edit":
      return call("POST", shopPath("/orders/edit"), {
        orderId: need("order"),
        setQuantities: (values.set ?? []).map((s) => {
          const i = s.lastIndexOf(":");
          return { lineItemId: s.slice(0, i), quantity: Number(s.slice(i + 1)) };
        }),
        addLines: (values.add ?? []).map(parseLine),
      });
    case "cancel":
      return call("POST", shopPath("/orders/cancel"), {
        orderId: need("order"),
        restock: !values["no-restock"],
        ...(values.reason ? { reason: values.reason } : {}),
      });
    case "receive":
      return call("POST", shopPath("/inventory/receive"), {
        sku: need("sku"),
        quantity: Number(need("quantity")),
        ...(values.location ? { locationId: values.location } : {}),
      });
    case "fulfil":
    case "fulfill":
      return call("POST", shopPath("/fulfillment-orders/fulfill"), { fulfillmentOrderId: need("fulfillment-order") });
    case "state":
      return call("GET", shopPath("/state"));
    case "flow-triggers":
      return call("GET", shopPath("/flow-triggers"));
    case "webhook":
      return call("POST", shopPath("/webhooks"), { topic: need("topic"), payload: readJson(need("file")) });
    case "uninstall":
      return call("POST", shopPath("/uninstall"));
    case "scopes":
      return call("POST", shopPath("/scopes"), { scopes: need("scopes").split(",") });
    case "faults":
      return call("POST", "/_sim/webhooks/faults", {
        faults: [
          {
            kind: need("kind"),
            ...(values.topic ? { topic: values.topic } : {}),
            ...(values.ms ? { ms: Number(values.ms) } : {}),
            ...(values.count ? { count: Number(values.count) } : {}),
          },
        ],
      });
    case "deliveries":
      return call("GET", "/_sim/webhooks/deliveries");
    case "clock":
      return values.seconds ? call("POST", "/_sim/clock/advance", { seconds: Number(values.seconds) }) : call("GET", "/_sim/clock");
    default:
      console.log(USAGE);
      if (command && command !== "help") process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

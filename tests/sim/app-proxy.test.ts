import "@shopify/shopify-api/adapters/node";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_VERSION } from "~/shopify/api-version";
import { signedProxyQuery } from "../../sim/storefront/app-proxy";
import { legacyId } from "../../sim/state/ids";
import { readAppConfig } from "../../sim/webhooks";
import { TEST_API_KEY, TEST_SECRET, TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";
import { storefrontRequest, type StorefrontAnswer, type StorefrontRequest } from "../support/storefront-request";

// The simulator's app proxy over real HTTP: a storefront request under
// /apps/backorders reaches a small server standing in for the app, signed so
// that the validation the app uses (@shopify/shopify-api, behind
// authenticate.public.appProxy) accepts it, and the app's answer comes back
// as Shopify gives it: Liquid in the theme, anything else as sent, no cookies.

interface Arrival {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

let kit: Kit;
let app: Server;
let arrivals: Arrival[] = [];

/** What the stand-in app answers, by path under its proxy URL. */
const answers: Record<string, { status?: number; headers: Record<string, string | string[]>; body: string }> = {
  "/proxy/status": {
    headers: { "Content-Type": "application/liquid", "Set-Cookie": "app_session=secret; Path=/" },
    body: "<h1>Backorders</h1><p>Hello {{ customer.first_name | default: 'guest' }}, this is {{ shop.name }}.</p>",
  },
  "/proxy/broken": { headers: { "Content-Type": "application/liquid" }, body: "<p>{{ shop.name | no_such_filter }}</p>" },
  "/proxy/bare": { headers: { "Content-Type": "application/liquid" }, body: "{% layout none %}<p>Only {{ shop.name }}</p>" },
  "/proxy/orders.json": {
    headers: { "Content-Type": "application/json; charset=utf-8", "Set-Cookie": "app_session=secret; Path=/" },
    body: JSON.stringify({ orders: [{ name: "#1001", status: "BACKORDERED" }] }),
  },
  "/proxy/moved": { status: 302, headers: { Location: "/apps/backorders/status" }, body: "" },
};

const shopify = shopifyApi({
  apiKey: TEST_API_KEY,
  apiSecretKey: TEST_SECRET,
  apiVersion: API_VERSION,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

/** The check authenticate.public.appProxy makes of a proxied request's query. */
const verifies = (query: URLSearchParams) => shopify.utils.validateHmac(query, { signator: "appProxy" });

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://app");
      const body = Buffer.concat(chunks).toString("utf8");
      arrivals.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body });
      if (req.method === "POST") {
        res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify({ received: body }));
        return;
      }
      const answer = answers[url.pathname];
      if (!answer) return res.writeHead(404, { "Content-Type": "text/plain" }).end("no such page");
      res.writeHead(answer.status ?? 200, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  kit = await startKit({ appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await kit.sim.close();
  await new Promise((resolve) => app.close(resolve));
});
beforeEach(() => {
  arrivals = [];
});

const storefront = (path: string, options: StorefrontRequest = {}) => storefrontRequest(kit.sim, TEST_SHOP, path, options);

const setCookies = (answer: StorefrontAnswer) => [answer.headers["set-cookie"] ?? []].flat();

describe("shopify.app.toml", () => {
  it("declares the app proxy, read by the simulator", () => {
    expect(readAppConfig().appProxy).toEqual({ url: "https://example.com/proxy", subpath: "backorders", prefix: "apps" });
  });

  it("is refused with a proxy Shopify would refuse: another prefix, a reserved subpath", () => {
    const dir = mkdtempSync(join(tmpdir(), "app-proxy-"));
    const config = (prefix: string, subpath: string) => {
      const path = join(dir, "shopify.app.toml");
      writeFileSync(path, `[app_proxy]\nurl = "https://example.com/proxy"\nsubpath = "${subpath}"\nprefix = "${prefix}"\n`);
      return () => readAppConfig(path);
    };
    try {
      expect(config("tools", "backorders")().appProxy?.prefix).toBe("tools");
      expect(config("shop", "backorders")).toThrow("[app_proxy] prefix must be one of apps, a, community, tools");
      expect(config("apps", "login")).toThrow("[app_proxy] subpath must be");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the app proxy", () => {
  it("forwards /apps/backorders/<path> to the app's proxy URL with Shopify's parameters, signed as the app's library verifies", async () => {
    await storefront("/apps/backorders/status?order=1001&tag=a&tag=b", { cookie: "theme_pref=dark" });

    expect(arrivals).toHaveLength(1);
    const [arrival] = arrivals;
    expect(arrival!.path).toBe("/proxy/status");
    const query = arrival!.query;
    expect(query.get("order")).toBe("1001");
    expect(query.getAll("tag")).toEqual(["a", "b"]);
    expect(query.get("shop")).toBe(TEST_SHOP);
    expect(query.get("logged_in_customer_id")).toBe("");
    expect(query.get("path_prefix")).toBe("/apps/backorders");
    expect(Math.abs(Number(query.get("timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    expect(query.get("signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifies(query)).toBe(true);
    // The shopper's cookies stay with Shopify.
    expect(arrival!.headers.cookie).toBeUndefined();
  });

  it("signs so that any changed parameter, or another secret, fails the app's check", async () => {
    await storefront("/apps/backorders/status?order=1001");
    const query = arrivals[0]!.query;

    const tampered = new URLSearchParams(query);
    tampered.set("logged_in_customer_id", "42");
    expect(await verifies(tampered)).toBe(false);

    // What a test forging a proxied request does: the app's secret signs a query the app accepts, another one it refuses.
    const signedWith = (secret: string) =>
      signedProxyQuery(
        "order=1001",
        { shop: TEST_SHOP, loggedInCustomerId: "42", pathPrefix: "/apps/backorders", timestamp: Math.floor(Date.now() / 1000) },
        secret,
      );
    expect(await verifies(signedWith("not-the-app-secret"))).toBe(false);
    expect(await verifies(signedWith(TEST_SECRET))).toBe(true);
  });

  it("keeps Shopify's parameters Shopify's: a shopper's own shop or customer id in the query is dropped", async () => {
    await storefront(`/apps/backorders/status?shop=other.myshopify.com&logged_in_customer_id=42&signature=abc`);
    const query = arrivals[0]!.query;
    expect(query.getAll("shop")).toEqual([TEST_SHOP]);
    expect(query.getAll("logged_in_customer_id")).toEqual([""]);
    expect(await verifies(query)).toBe(true);
  });

  it("passes the id of the customer logged in to the storefront", async () => {
    const refused = await storefront("/account/login", { form: { email: "nobody@example.com" } });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain("Incorrect email or password.");

    const login = await storefront("/account/login", { form: { email: "ada@example.com" } });
    expect(login.status).toBe(303);
    const cookie = setCookies(login)
      .map((c) => c.split(";")[0]!)
      .find((c) => c.startsWith("customer_session="))!;
    const ada = [...kit.sim.state.shop(TEST_SHOP).customers.values()].find((c) => c.email === "ada@example.com")!;

    const page = await storefront("/apps/backorders/status", { cookie });

    const query = arrivals.at(-1)!.query;
    expect(query.get("logged_in_customer_id")).toBe(String(legacyId(ada.id)));
    expect(await verifies(query)).toBe(true);
    expect(page.body).toContain("<p>Hello Ada, this is backorder-test.</p>");

    const logout = await storefront("/account/logout", { method: "POST", cookie });
    expect(setCookies(logout).some((c) => c.startsWith("customer_session=;"))).toBe(true);
    await storefront("/apps/backorders/status", { cookie });
    expect(arrivals.at(-1)!.query.get("logged_in_customer_id")).toBe("");
  });

  it("renders a Liquid answer with the storefront's Liquid, inside the theme's layout, without the app's cookies", async () => {
    const page = await storefront("/apps/backorders/status");

    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toMatch(/^<!doctype html>/);
    expect(page.body).toContain(
      '<main id="MainContent" class="page"><h1>Backorders</h1><p>Hello guest, this is backorder-test.</p></main>',
    );
    expect(setCookies(page).some((c) => c.startsWith("app_session"))).toBe(false);
  });

  it("shows a Liquid answer's error in the page, as Shopify does", async () => {
    const page = await storefront("/apps/backorders/broken");
    expect(page.status).toBe(200);
    expect(page.body).toContain("Liquid error: undefined filter: no_such_filter");
  });

  it("renders a Liquid answer that says {% layout none %} without the layout", async () => {
    const page = await storefront("/apps/backorders/bare");
    expect(page.status).toBe(200);
    expect(page.body).toBe("<p>Only backorder-test</p>");
  });

  it("passes any other answer through as the app sent it, less its cookies", async () => {
    const answer = await storefront("/apps/backorders/orders.json");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(answer.body)).toEqual({ orders: [{ name: "#1001", status: "BACKORDERED" }] });
    expect(setCookies(answer).some((c) => c.startsWith("app_session"))).toBe(false);

    const missing = await storefront("/apps/backorders/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body).toBe("no such page");
  });

  it("passes redirects back to the shopper", async () => {
    const moved = await storefront("/apps/backorders/moved");
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toBe("/apps/backorders/status");
  });

  it("forwards a POST with its body and content type", async () => {
    const answer = await storefront("/apps/backorders/notify?order=1001", {
      body: { type: "application/json", text: JSON.stringify({ email: "ada@example.com" }) },
    });

    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ received: JSON.stringify({ email: "ada@example.com" }) });
    const arrival = arrivals[0]!;
    expect(arrival.method).toBe("POST");
    expect(arrival.path).toBe("/proxy/notify");
    expect(arrival.headers["content-type"]).toBe("application/json");
    expect(await verifies(arrival.query)).toBe(true);
  });

  it("proxies only the app's own prefix, and only for shops that have the app installed", async () => {
    const other = await storefront("/apps/someone-else/status");
    expect(other.status).toBe(404);
    expect(arrivals).toHaveLength(0);

    await kit.sim.uninstall(TEST_SHOP);
    const uninstalled = await storefront("/apps/backorders/status");
    expect(uninstalled.status).toBe(404);
    // Only app/uninstalled reached the app.
    expect(arrivals.map((a) => a.path)).not.toContain("/proxy/status");
    kit.sim.tokens.issue(TEST_SHOP);
  });
});

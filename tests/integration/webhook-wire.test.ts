// POST /webhooks is answered before express and Remix (scripts/start.mjs,
// app/inbox/node-intake.server.ts): what only that path has to get right.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { MAX_WEBHOOK_BODY_BYTES } from "~/inbox/intake.server";
import type { AppServer } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, orderPayload } from "../support/payloads";
import { deliver, signedDelivery } from "../support/webhooks";

let app: AppServer;
let db: Db;

beforeAll(async () => ({ app, db } = await startAppOnFreshDatabase()));
afterAll(() => stopAppOnDatabase({ app, db }));

const rowsFor = (webhookId: string) => db.webhookEvent.count({ where: { shop: TEST_SHOP, webhookId } });

/** POSTs a signed delivery to `path` (a query string included), its body in chunks of unknown length. */
async function post(path: string, webhookId: string, options: { secret?: string; chunked?: boolean; body?: string } = {}) {
  const { headers, body } = signedDelivery({
    topic: "orders/create",
    body: options.body ?? orderPayload(8001, alice),
    webhookId,
    secret: options.secret,
  });
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(body));
      controller.close();
    },
  });
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers,
    body: options.chunked ? stream : body,
    ...(options.chunked ? { duplex: "half" } : {}),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe("the webhook intake before Remix", () => {
  it("leaves other methods on /webhooks to Remix, which refuses them, and keeps answering deliveries", async () => {
    const get = await fetch(`${app.url}/webhooks`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await deliver(app.url, { topic: "orders/create", body: orderPayload(8002, alice), webhookId: "after-get" })).status).toBe(200);
    expect(await rowsFor("after-get")).toBe(1);
  });

  it("checks a delivery sent with a query string as any other: refused unsigned or past the cap, stored once signed", async () => {
    expect((await post("/webhooks?via=query", "query-unsigned", { secret: "not-the-secret" })).status).toBe(401);
    const overCap = `"${"x".repeat(MAX_WEBHOOK_BODY_BYTES)}"`;
    expect((await post("/webhooks?via=query", "query-over-cap", { chunked: true, body: overCap })).status).toBe(413);
    const signed = await post("/webhooks?via=query", "query-signed", { chunked: true });
    expect(signed.status).toBe(200);
    expect(await rowsFor("query-unsigned")).toBe(0);
    expect(await rowsFor("query-over-cap")).toBe(0);
    expect(await rowsFor("query-signed")).toBe(1);
  });

  it("checks and records through the Remix route the same, as under `shopify app dev`", async () => {
    // Only the exact path is answered before Remix: with a trailing slash, the route answers.
    expect((await post("/webhooks/", "remix-unsigned", { secret: "not-the-secret" })).status).toBe(401);
    const overCap = `"${"x".repeat(MAX_WEBHOOK_BODY_BYTES)}"`;
    expect((await post("/webhooks/", "remix-over-cap", { chunked: true, body: overCap })).status).toBe(413);
    expect((await post("/webhooks/", "remix-signed", { chunked: true })).status).toBe(200);
    expect((await post("/webhooks/", "remix-signed")).status).toBe(200);
    expect(await rowsFor("remix-unsigned")).toBe(0);
    expect(await rowsFor("remix-over-cap")).toBe(0);
    expect(await rowsFor("remix-signed")).toBe(1);
  });

  it("stores nothing from a client that goes away before its body ends, and keeps answering", async () => {
    const { headers, body } = signedDelivery({ topic: "orders/create", body: orderPayload(8003, alice), webhookId: "went-away" });
    const socket = connect(Number(new URL(app.url).port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const head = [
      `POST /webhooks HTTP/1.1`,
      `Host: 127.0.0.1`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${head.join("\r\n")}\r\n\r\n${body.slice(0, body.length / 2)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    expect((await deliver(app.url, { topic: "orders/create", body: orderPayload(8004, alice), webhookId: "after-went-away" })).status).toBe(
      200,
    );
    expect(await rowsFor("went-away")).toBe(0);
    expect(await rowsFor("after-went-away")).toBe(1);
  });
});

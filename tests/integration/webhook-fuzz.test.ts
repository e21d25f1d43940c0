// 2,000 generated deliveries against the running app: valid ones, ones with
// a wrong or missing signature, and signed ones with something wrong, in
// every shape of header, body, encoding, size and nesting depth.
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { MAX_WEBHOOK_BODY_BYTES } from "~/inbox/intake.server";
import { MAX_HEADER_LENGTH, REPLAY_WINDOW_MS } from "~/inbox/verify.server";
import type { AppServer } from "../support/app-server";
import { startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { sign } from "../support/webhooks";

let app: AppServer;
let db: Db;

beforeAll(async () => ({ app, db } = await startAppOnFreshDatabase()));
afterAll(() => stopAppOnDatabase({ app, db }));

const RUNS = 2_000;
const CONCURRENCY = 8;
const SHOPS = ["fuzz-a.myshopify.com", "fuzz-b.myshopify.com", "fuzz-c.myshopify.com"];
// No shop/redact: it deletes a shop's stored deliveries, which this test counts.
const TOPICS = ["orders/create", "orders/updated", "app/scopes_update", "app/uninstalled", "customers/data_request", "products/create"];
const DAY = 24 * 60 * 60 * 1000;

/** What a delivery is, and so what the app must do with it. */
type Kind = "valid" | "unsigned" | "refused";
type Delivery = { kind: Kind; webhookId: string | null; headers: Record<string, string>; body: Uint8Array<ArrayBuffer>; repeat: boolean };

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (max: number) => fc.string({ unit: "grapheme", maxLength: max });
/** Header values fetch will send: visible ASCII, trimmed by HTTP anyway. */
const headerValue = (min: number, max: number) =>
  fc
    .string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_/.:+=~ "), minLength: min, maxLength: max })
    .map((s) => s.trim());
// Unbiased: fast-check favours small values, and two deliveries must not share an id by chance.
const id = fc.noBias(fc.uuid());

/** Bodies: JSON of every shape, deep nesting, text that is not JSON, bytes, gzip, large. */
const body = (shop: string) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => bytes(JSON.stringify(v) ?? "null")) },
    {
      weight: 2,
      arbitrary: fc.record({ id: fc.integer(), shop_domain: fc.constant(shop), note: text(50) }).map((v) => bytes(JSON.stringify(v))),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((depth) => bytes("[".repeat(depth) + "]".repeat(depth))) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((depth) => bytes('{"a":'.repeat(depth) + "1" + "}".repeat(depth))) },
    { weight: 1, arbitrary: text(200).map(bytes) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }).map((b) => new Uint8Array(b)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => new Uint8Array(gzipSync(JSON.stringify(v) ?? "null"))) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => new Uint8Array(Buffer.from(JSON.stringify(v) ?? "null", "utf16le"))) },
    { weight: 1, arbitrary: fc.integer({ min: 10_000, max: MAX_WEBHOOK_BODY_BYTES - 2 }).map((n) => bytes(`"${"x".repeat(n)}"`)) },
  );

const encoding = fc.record({
  "Content-Type": fc.constantFrom("application/json", "application/json; charset=utf-16", "text/plain", "application/octet-stream"),
  "Content-Encoding": fc.constantFrom("identity", "gzip", "br"),
});

/** A delivery as Shopify would send it: signed, every header well formed, within the window. */
const valid = fc
  .record({
    shop: fc.constantFrom(...SHOPS),
    topic: fc.oneof(
      fc.constantFrom(...TOPICS),
      headerValue(1, MAX_HEADER_LENGTH).filter((t) => t.length > 0),
    ),
    webhookId: id.map((u) => `v-${u}`),
    eventId: fc.option(id.map((u) => `e-${u}`)),
    apiVersion: fc.constantFrom("2026-10", "2026-07", "unstable"),
    age: fc.integer({ min: 0, max: REPLAY_WINDOW_MS - DAY }),
    encoding: fc.option(encoding),
    // One in ten is sent twice, as Shopify retries.
    repeat: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .chain((d) => body(d.shop).map((b) => ({ ...d, body: b })))
  .map((d): Delivery => {
    const headers: Record<string, string> = {
      ...(d.encoding ?? {}),
      "X-Shopify-Topic": d.topic,
      "X-Shopify-Hmac-Sha256": sign(d.body),
      "X-Shopify-Shop-Domain": d.shop,
      "X-Shopify-API-Version": d.apiVersion,
      "X-Shopify-Webhook-Id": d.webhookId,
      "X-Shopify-Triggered-At": new Date(Date.now() - d.age).toISOString(),
    };
    if (d.eventId) headers["X-Shopify-Event-Id"] = d.eventId;
    return { kind: "valid", webhookId: d.webhookId, headers, body: d.body, repeat: d.repeat };
  });

/** A valid delivery whose signature is wrong, made with another secret, over another body, or missing. */
const unsigned = fc
  .tuple(valid, fc.constantFrom("other-secret", "other-body", "garbage", "missing", "empty"), headerValue(0, 100))
  .map(([d, how, garbage]): Delivery => {
    const webhookId = `u-${d.webhookId}`;
    const headers: Record<string, string> = { ...d.headers, "X-Shopify-Webhook-Id": webhookId };
    if (how === "other-secret") headers["X-Shopify-Hmac-Sha256"] = sign(d.body, "not-the-secret");
    if (how === "other-body") headers["X-Shopify-Hmac-Sha256"] = sign(Buffer.concat([d.body, Buffer.from(" ")]));
    if (how === "garbage") headers["X-Shopify-Hmac-Sha256"] = garbage;
    if (how === "missing") delete headers["X-Shopify-Hmac-Sha256"];
    if (how === "empty") headers["X-Shopify-Hmac-Sha256"] = "";
    return { ...d, kind: "unsigned", webhookId, headers };
  });

/** A signed delivery the app must refuse: a header missing, too long or malformed, stale, another shop's, too large. */
const refused = fc
  .tuple(
    valid,
    fc.constantFrom("missing", "long", "shop", "stale", "future", "time", "named", "large"),
    fc.constantFrom("X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version", "X-Shopify-Triggered-At"),
    headerValue(MAX_HEADER_LENGTH + 1, 4_000),
    headerValue(1, 60),
  )
  .map(([d, how, header, long, garbage]): Delivery => {
    const webhookId = `x-${d.webhookId}`;
    const headers: Record<string, string> = { ...d.headers, "X-Shopify-Webhook-Id": webhookId };
    let body = d.body;
    if (how === "missing") delete headers[header];
    if (how === "long") headers[header === "X-Shopify-Shop-Domain" ? "X-Shopify-Event-Id" : header] = `x-${long}`;
    if (how === "shop") headers["X-Shopify-Shop-Domain"] = `${garbage}.example.com`;
    if (how === "stale") headers["X-Shopify-Triggered-At"] = new Date(Date.now() - REPLAY_WINDOW_MS - DAY).toISOString();
    if (how === "future") headers["X-Shopify-Triggered-At"] = new Date(Date.now() + DAY).toISOString();
    if (how === "time") headers["X-Shopify-Triggered-At"] = `${garbage}x`;
    if (how === "named") body = bytes(JSON.stringify({ id: 1, shop_domain: SHOPS.find((s) => s !== headers["X-Shopify-Shop-Domain"]) }));
    if (how === "large") body = new Uint8Array(randomBytes(MAX_WEBHOOK_BODY_BYTES + 1 + (garbage.length % 7) * 1000));
    headers["X-Shopify-Hmac-Sha256"] = sign(body);
    return { kind: "refused", webhookId: headers["X-Shopify-Webhook-Id"] ?? null, headers, body, repeat: false };
  });

const delivery = fc.oneof({ weight: 6, arbitrary: valid }, { weight: 2, arbitrary: unsigned }, { weight: 2, arbitrary: refused });

/** POSTs with node:http, which hands over the answer as soon as it comes, even to a body still being sent. */
function post(d: Delivery): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}/webhooks`, { method: "POST", headers: { ...d.headers, "Content-Length": String(d.body.byteLength) } });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
      res.on("error", () => resolve(res.statusCode!));
    });
    req.on("error", reject);
    req.end(d.body);
  });
}

/** Sends a delivery; a 503 is the documented back-pressure, and Shopify would send it again. */
async function send(d: Delivery): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const status = await post(d);
    if (status !== 503 || attempt === 5) return status;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("answers 2,000 generated deliveries without a 5xx or a crash, storing each valid one once and nothing else", async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const deliveries = fc.sample(delivery, { numRuns: RUNS, seed });
  const sends = deliveries.flatMap((d) => (d.repeat ? [d, d] : [d]));
  const answers: Array<{ kind: Kind; status: number; webhookId: string | null }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < sends.length) {
        const d = sends[next++]!;
        answers.push({ kind: d.kind, status: await send(d), webhookId: d.webhookId });
      }
    }),
  );

  const failures = [...new Set(app.output().match(/.*webhook intake failed.*/g) ?? [])].slice(0, 3);
  const context = `seed ${seed} (FUZZ_SEED=${seed} repeats this run); app: ${failures.join(" | ")}`;
  const wrong = answers.filter(
    (a) =>
      (a.kind === "valid" && a.status !== 200) ||
      (a.kind === "unsigned" && ![401, 413].includes(a.status)) ||
      (a.kind === "refused" && ![400, 413].includes(a.status)),
  );
  expect(wrong.slice(0, 5), context).toEqual([]);
  expect(() => process.kill(app.pid, 0), context).not.toThrow();

  const validIds = new Set(deliveries.filter((d) => d.kind === "valid").map((d) => d.webhookId!));
  const stored = await db.webhookEvent.groupBy({ by: ["webhookId"], _count: { _all: true } });
  expect(stored.filter((row) => !validIds.has(row.webhookId)).slice(0, 5), context).toEqual([]);
  expect(stored.filter((row) => row._count._all !== 1).slice(0, 5), context).toEqual([]);
  expect(stored.length, context).toBe(validIds.size);
}, 180_000);

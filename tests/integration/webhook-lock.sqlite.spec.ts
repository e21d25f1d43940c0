// SQLite only: PostgreSQL waits for a row lock where SQLite refuses a second
// writer. A delivery that cannot be written is answered 503 and kept by
// Shopify, which sends it again.
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { eventually, type AppServer } from "../support/app-server";
import { TEST_SHOP } from "../support/constants";
import { startAppOnFreshDatabase, stopAppOnDatabase } from "../support/databases";
import { alice, orderPayload } from "../support/payloads";
import { signedDelivery } from "../support/webhooks";

let app: AppServer;
let db: Db;
let url: string;

beforeAll(async () => ({ app, db, url } = await startAppOnFreshDatabase()));
afterAll(() => stopAppOnDatabase({ app, db }));

const post = () => {
  const { headers, body } = signedDelivery({ topic: "orders/create", body: orderPayload(8005, alice), webhookId: "locked-out" });
  return fetch(`${app.url}/webhooks`, { method: "POST", headers, body });
};

it("answers 503 with Retry-After while the database cannot be written, and stores the delivery Shopify sends again", async () => {
  // Another connection holds the write lock for longer than the app waits for it. A
  // client per attempt: libsql spoils a connection whose BEGIN met SQLITE_BUSY.
  const other = await eventually(async () => {
    const client = createClient({ url });
    try {
      return { client, tx: await client.transaction("write") };
    } catch {
      client.close();
      return undefined;
    }
  });
  try {
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
  } finally {
    await other.tx.rollback();
    other.client.close();
  }
  expect((await post()).status).toBe(200);
  expect(await db.webhookEvent.count({ where: { shop: TEST_SHOP, webhookId: "locked-out" } })).toBe(1);
});

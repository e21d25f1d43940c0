import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { enqueue } from "~/jobs/queue.server";
import { TEST_API_KEY, TEST_SECRET } from "../support/constants";
import { root, useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();

it("npm run jobs:replay puts a shop's dead jobs and dead webhooks back in line", async () => {
  const shop = "replay-shop.myshopify.com";
  const dead = await enqueue(fresh.db, { shop, name: "webhook", payload: { webhookId: "gone-1" } });
  await fresh.db.job.update({ where: { id: dead.id }, data: { status: "DEAD", attempts: 8, lastError: "Error: boom" } });
  const other = await enqueue(fresh.db, { shop: "other.myshopify.com", name: "webhook", payload: { webhookId: "gone-2" } });
  await fresh.db.job.update({ where: { id: other.id }, data: { status: "DEAD", attempts: 8 } });
  const event = await fresh.db.webhookEvent.create({
    data: {
      shop,
      webhookId: "w1",
      topic: "orders/create",
      apiVersion: "2026-10",
      body: new TextEncoder().encode("{oops"),
      status: "DEAD",
      error: "body is not valid JSON",
    },
  });

  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "jobs:replay", "--", shop], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      DATABASE_URL: fresh.url,
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_SECRET,
      SHOPIFY_APP_URL: "https://backorders.example.com",
      SCOPES: "read_orders",
    },
  });

  expect(stdout).toContain(`replayed 1 job(s) and 1 webhook(s) for ${shop}`);
  expect(await fresh.db.job.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: "QUEUED", attempts: 0 });
  expect((await fresh.db.job.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("DEAD");
  expect((await fresh.db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("RECEIVED");
  expect(await fresh.db.job.count({ where: { shop, payload: JSON.stringify({ webhookId: event.webhookId }) } })).toBe(1);
});

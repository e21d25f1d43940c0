import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { InboxWriter } from "~/inbox/writer.server";
import { provider, root, useFreshDatabase } from "../support/databases";

const fresh = useFreshDatabase();

// Another process (a second app instance, a script) writing all the while,
// each write holding the lock for a few milliseconds.
const WRITER = `
import { createClient } from "@libsql/client";
import pg from "pg";
const url = process.argv[1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = Date.now() + 1500;
if (url.startsWith("file:")) {
  while (Date.now() < until) {
    // A client per write: libsql leaves a statement that met SQLITE_BUSY
    // unfinished, which spoils its connection (see app/db/client.server.ts).
    const client = createClient({ url });
    try {
      const tx = await client.transaction("write");
      await tx.execute("INSERT INTO AuditEvent (shop, type) VALUES ('other.myshopify.com', 'other.write')");
      await sleep(3);
      await tx.commit();
    } catch (error) {
      // The app holds the lock: this writer waits its turn too.
      if (error.code !== "SQLITE_BUSY") throw error;
    } finally {
      client.close();
    }
    await sleep(1);
  }
} else {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  while (Date.now() < until) {
    await client.query("BEGIN");
    await client.query('LOCK TABLE "DirtyKey" IN EXCLUSIVE MODE');
    await sleep(3);
    await client.query("COMMIT");
    await sleep(1);
  }
  await client.end();
}
`;

/** What another connection sees: only what was committed. */
async function committed<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const other = createDb(fresh.url);
  try {
    return await read(other);
  } finally {
    await other.$disconnect();
  }
}

/** Starts the other writer; resolves once it is under way, with its exit code to come. */
async function startOtherWriter(): Promise<{ exited: Promise<number | null> }> {
  const writer = spawn(process.execPath, ["--input-type=module", "-e", WRITER, fresh.url], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => writer.once("exit", resolve));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { exited };
}

it("writes and commits while another process holds the write lock now and then, waiting instead of failing", async () => {
  const other = await startOtherWriter();
  for (let i = 0; i < 200; i++) {
    await fresh.db.dirtyKey.upsert({
      where: { shop_inventoryItemId_locationId: { shop: "shop.myshopify.com", inventoryItemId: `item-${i % 40}`, locationId: "here" } },
      create: { shop: "shop.myshopify.com", inventoryItemId: `item-${i % 40}`, locationId: "here" },
      update: { markedAt: new Date() },
    });
  }
  expect(await other.exited).toBe(0);
  expect(await committed((db) => db.dirtyKey.count())).toBe(40);
  if (provider() === "sqlite") expect(await committed((db) => db.auditEvent.count())).toBeGreaterThan(0);
});

it("commits every delivery the inbox reports recorded, with its job, while another process writes", async () => {
  const other = await startOtherWriter();
  const inbox = new InboxWriter(fresh.db);
  const body = new TextEncoder().encode("{}");
  const row = (i: number) => ({
    shop: "shop.myshopify.com",
    webhookId: `w-${i % 150}`,
    topic: "orders/create",
    apiVersion: "2026-10",
    eventId: null,
    triggeredAt: null,
    body,
    status: "RECEIVED" as const,
    error: null,
  });
  const outcomes: string[] = [];
  // Bursts that share batches, with repeats of ids already stored.
  for (let burst = 0; burst < 20; burst++) {
    outcomes.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => inbox.record(row(burst * 10 + i))))));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(await other.exited).toBe(0);
  expect(outcomes.filter((o) => o === "RECORDED")).toHaveLength(150);
  expect(outcomes.filter((o) => o === "DUPLICATE")).toHaveLength(50);
  expect(await committed((db) => db.webhookEvent.count())).toBe(150);
  expect(await committed((db) => db.job.count({ where: { name: "webhook" } }))).toBe(150);
});

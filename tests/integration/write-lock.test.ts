import { spawn } from "node:child_process";
import { expect, it } from "vitest";
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
  const client = createClient({ url });
  while (Date.now() < until) {
    // This writer waits its turn too: libsql has no busy timeout of its own.
    const busy = (error) => (error.code === "SQLITE_BUSY" ? null : Promise.reject(error));
    const tx = await client.transaction("write").catch(busy);
    if (tx) {
      await tx.execute("INSERT INTO AuditEvent (shop, type) VALUES ('other.myshopify.com', 'other.write')");
      await sleep(3);
      while ((await tx.commit().then(() => true, busy)) === null) await sleep(1);
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

it("writes while another process holds the write lock now and then, waiting instead of failing", async () => {
  const writer = spawn(process.execPath, ["--input-type=module", "-e", WRITER, fresh.url], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const done = new Promise((resolve) => writer.once("exit", resolve));
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 200; i++) {
    await fresh.db.dirtyKey.upsert({
      where: { shop_inventoryItemId_locationId: { shop: "shop.myshopify.com", inventoryItemId: `item-${i % 40}`, locationId: "here" } },
      create: { shop: "shop.myshopify.com", inventoryItemId: `item-${i % 40}`, locationId: "here" },
      update: { markedAt: new Date() },
    });
  }
  expect(await done).toBe(0);
  expect(await fresh.db.dirtyKey.count()).toBe(40);
  if (provider() === "sqlite") expect(await fresh.db.auditEvent.count()).toBeGreaterThan(0);
});

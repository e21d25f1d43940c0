import { expect, it } from "vitest";
import { PgBossJobBackend } from "~/jobs/pg-boss.server";
import { enqueue } from "~/jobs/queue.server";
import { eventually } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";

// PostgreSQL only: several app instances share one queue.
const fresh = useFreshDatabase();

it("two instances share the work without running a job twice or out of order", async () => {
  const shops = ["a", "b", "c", "d", "e"].map((s) => `${s}-shop.myshopify.com`);
  const runs: Array<{ instance: number; shop: string; n: number }> = [];
  const instances = [1, 2].map(
    () =>
      new PgBossJobBackend({
        connectionString: fresh.url,
        db: fresh.db,
        sweepIntervalMs: 200,
      }),
  );
  await Promise.all(
    instances.map((backend, index) =>
      backend.start({
        record: async (payload, { shop }) => {
          runs.push({ instance: index + 1, shop, n: (payload as { n: number }).n });
          await new Promise((r) => setTimeout(r, 5));
        },
      }),
    ),
  );
  try {
    for (let n = 1; n <= 10; n++) {
      for (const shop of shops) {
        await enqueue(fresh.db, { shop, name: "record", payload: { n } });
        await instances[n % 2].notify(shop);
      }
    }
    await eventually(async () => (await fresh.db.job.count({ where: { status: "DONE", shop: { in: shops } } })) === 50, 30_000);
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }

  expect(runs).toHaveLength(50);
  for (const shop of shops) {
    expect(runs.filter((r) => r.shop === shop).map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  }
  expect(new Set(runs.map((r) => r.instance)).size).toBe(2);
});

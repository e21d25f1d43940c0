import { expect, it } from "vitest";
import { enqueue } from "~/jobs/queue.server";
import { eventually, startApp } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { jobWaitingOnShopify, runningAttempt, startSilentShopify } from "../support/silent-shopify";

// SQLite only: two app processes on one file, each running its own job loop.
const fresh = useFreshDatabase();

it("two processes on one SQLite file leave each other's running job alone, and take it only once its lease ran out", async () => {
  const silent = await startSilentShopify();
  const env = silent.appEnv({
    DATABASE_URL: fresh.url,
    JOBS_SWEEP_SECONDS: "0.2",
    JOBS_LEASE_SECONDS: "3",
    JOBS_SHUTDOWN_GRACE_SECONDS: "1",
  });
  const id = await jobWaitingOnShopify(fresh.db, "claimed.myshopify.com");
  const first = await startApp(env);
  await runningAttempt(fresh.db, id, 1, 10_000);
  const second = await startApp(env);
  try {
    // The first process's one loop is held by the running job, so a job
    // recorded now runs only when the second process's sweep finds it (a
    // job of no known kind: it ends at once, as a dead letter).
    const { id: probe } = await enqueue(fresh.db, { shop: "probe.myshopify.com", name: "probe", payload: {} });
    await eventually(async () => (await fresh.db.job.findUniqueOrThrow({ where: { id: probe } })).status === "DEAD");
    // The second swept while the first held a live claim: it left that claim alone.
    expect(await fresh.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(silent.requests()).toBe(1);

    await first.kill();
    await runningAttempt(fresh.db, id, 2, 20_000);
    await eventually(async () => silent.requests() === 2);
  } finally {
    await first.kill();
    await second.stop();
    await silent.close();
  }
}, 60_000);

import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, startApp, type AppServer } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { TEST_SHOP } from "../support/constants";
import { appUninstalled } from "../support/payloads";
import { jobWaitingOnShopify, runningAttempt, startSilentShopify, type SilentShopify } from "../support/silent-shopify";
import { deliver } from "../support/webhooks";

// Faults of the job runner, in the built app: a store that never answers
// (so a job runs as long as the test wants), processes killed or stopped
// mid-job, a database that fails under the job loop.
const fresh = useFreshDatabase();

let silentShopify: SilentShopify;
beforeAll(async () => (silentShopify = await startSilentShopify()));
afterAll(() => silentShopify.close());

/** The built app, its Shopify the silent one; its job claims last a second unless renewed. */
function appOnSilentShopify(env: Record<string, string> = {}) {
  return startApp(silentShopify.appEnv({ DATABASE_URL: fresh.url, JOBS_SWEEP_SECONDS: "0.2", JOBS_LEASE_SECONDS: "1", ...env }));
}

const jobRow = (id: number) => fresh.db.job.findUniqueOrThrow({ where: { id } });
// On PostgreSQL a killed instance's shop is handed on after pg-boss's heartbeat (10 s at least).
const ATTEMPT_TIMEOUT_MS = 40_000;

it("dead-letters a job whose attempts keep killing the process, instead of retrying it at every restart", async () => {
  const id = await jobWaitingOnShopify(fresh.db, "poison.myshopify.com", 2);
  // Each start claims the job and dies in it (killed, as by the OOM killer).
  for (const attempt of [1, 2]) {
    const app = await appOnSilentShopify();
    await runningAttempt(fresh.db, id, attempt, ATTEMPT_TIMEOUT_MS);
    await app.kill();
  }
  const requestsBefore = silentShopify.requests();

  const app = await appOnSilentShopify();
  try {
    const dead = await eventually(async () => {
      const row = await jobRow(id);
      return row.status === "DEAD" ? row : undefined;
    }, 40_000);
    expect(dead).toMatchObject({ attempts: 2 });
    expect(dead.lastError).toMatch(/^Abandoned: attempt 2 of 2 never finished/);
    expect(silentShopify.requests()).toBe(requestsBefore);
  } finally {
    await app.stop();
  }
}, 150_000);

it("on SIGTERM waits the grace period for the running job, then gives it back to the queue and exits", async () => {
  const id = await jobWaitingOnShopify(fresh.db, "slow.myshopify.com");
  const app = await appOnSilentShopify({ JOBS_SHUTDOWN_GRACE_SECONDS: "1" });
  await runningAttempt(fresh.db, id, 1, ATTEMPT_TIMEOUT_MS);
  const stopping = Date.now();
  await app.stop();
  expect(Date.now() - stopping).toBeLessThan(8_000);
  expect(await jobRow(id)).toMatchObject({ status: "QUEUED", attempts: 0, lockedUntil: null });
  expect(app.output()).toContain("outlived the shutdown grace period");
  await fresh.db.job.update({ where: { id }, data: { status: "DONE" } }); // out of the other tests' way
});

it("runs a shop's app/uninstalled while an earlier event of the shop waits for a retry", async () => {
  const waiting = await jobWaitingOnShopify(fresh.db, TEST_SHOP);
  await fresh.db.job.update({
    where: { id: waiting },
    data: { attempts: 1, lastError: "HttpError: 503", runAt: new Date(Date.now() + 3_600_000) },
  });
  const app = await startApp({ DATABASE_URL: fresh.url, JOBS_SWEEP_SECONDS: "0.2" });
  try {
    expect((await deliver(app.url, { topic: "app/uninstalled", body: appUninstalled(), webhookId: "behind-a-retry" })).status).toBe(200);
    const event = await eventually(() =>
      fresh.db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "behind-a-retry", status: "PROCESSED" } }),
    );
    expect(event?.topic).toBe("app/uninstalled");
    expect(await jobRow(waiting)).toMatchObject({ status: "QUEUED", attempts: 1 });
  } finally {
    await app.stop();
  }
});

it("keeps running when the database fails under the job loop, and resumes when it is back", async () => {
  const app: AppServer = await startApp({ DATABASE_URL: fresh.url, JOBS_SWEEP_SECONDS: "0.2" });
  try {
    // The Job table out of reach: every sweep fails.
    await fresh.db.$executeRawUnsafe(`ALTER TABLE "Job" RENAME TO "Job_away"`);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // several failed sweeps
    await fresh.db.$executeRawUnsafe(`ALTER TABLE "Job_away" RENAME TO "Job"`);

    const shop = "after-outage.myshopify.com";
    const body = { ...appUninstalled(), myshopify_domain: shop, domain: shop };
    expect((await deliver(app.url, { topic: "app/uninstalled", body, shop, webhookId: "after-outage" })).status).toBe(200);
    await eventually(() => fresh.db.job.findFirst({ where: { shop, status: "DONE" } }));
    expect(app.output()).toContain("looking for due jobs failed");
  } finally {
    await app.stop();
  }
});

import { expect, it } from "vitest";
import { eventually, startApp } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { appUninstalled } from "../support/payloads";
import { TEST_SHOP } from "../support/constants";
import { deliver } from "../support/webhooks";

const fresh = useFreshDatabase();

it("processes an answered event exactly once after the server is killed before running it", async () => {
  // An instance that records but runs no jobs stands for the moment between
  // answering Shopify and starting the job.
  const first = await startApp({ DATABASE_URL: fresh.url, RUN_JOBS: "false" });
  const result = await deliver(first.url, { topic: "app/uninstalled", body: appUninstalled(), webhookId: "before-crash" });
  expect(result.status).toBe(200);
  expect((await fresh.db.job.findFirstOrThrow({ where: { shop: TEST_SHOP } })).status).toBe("QUEUED");
  await first.kill();

  const second = await startApp({ DATABASE_URL: fresh.url });
  try {
    // The audit trail is kept whatever happens to the delivery: the start-up
    // retention purge may already have removed the uninstalled shop's
    // handled delivery and finished job, so the record of the uninstall is
    // what says the event ran, and ran once.
    // The audit is written inside the job; the delivery and the job are marked done after it.
    await eventually(
      async () =>
        (await uninstallsAudited()) > 0 &&
        (await fresh.db.webhookEvent.count({ where: { shop: TEST_SHOP, status: "RECEIVED" } })) === 0 &&
        (await fresh.db.job.count({ where: { shop: TEST_SHOP, status: { not: "DONE" } } })) === 0,
    );
    for (const job of await fresh.db.job.findMany({ where: { shop: TEST_SHOP } })) expect(job.attempts).toBe(1);
    expect(await uninstallsAudited()).toBe(1);
  } finally {
    await second.stop();
  }
});

function uninstallsAudited() {
  return fresh.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "app.uninstalled" } });
}

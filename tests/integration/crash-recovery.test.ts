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
    // The job is marked done after the event it processed: wait for the job.
    const job = await eventually(() => fresh.db.job.findFirst({ where: { shop: TEST_SHOP, status: "DONE" } }));
    expect(job?.attempts).toBe(1);
    const event = await fresh.db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, webhookId: "before-crash" } });
    expect(event).toMatchObject({ topic: "app/uninstalled", status: "PROCESSED" });
    expect(await fresh.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "app.uninstalled" } })).toBe(1);
  } finally {
    await second.stop();
  }
});

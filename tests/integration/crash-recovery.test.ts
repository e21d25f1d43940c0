import { expect, it } from "vitest";
import { eventually, startApp } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { appUninstalled } from "../support/payloads";
import { deliver, TEST_SHOP } from "../support/webhooks";

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
    const event = await eventually(() =>
      fresh.db.webhookEvent.findFirst({ where: { shop: TEST_SHOP, webhookId: "before-crash", status: "PROCESSED" } }),
    );
    expect(event?.topic).toBe("app/uninstalled");
    const job = await fresh.db.job.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(job).toMatchObject({ status: "DONE", attempts: 1 });
    expect(await fresh.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "app.uninstalled" } })).toBe(1);
  } finally {
    await second.stop();
  }
});

import { expect, it } from "vitest";
import { eventually, startApp, startWorker } from "../support/app-server";
import { useFreshDatabase } from "../support/databases";
import { appUninstalled } from "../support/payloads";
import { TEST_SHOP } from "../support/constants";
import { deliver } from "../support/webhooks";

const fresh = useFreshDatabase();

it("runs the jobs of a web-only instance's deliveries in a worker process that serves no HTTP", async () => {
  const web = await startApp({ DATABASE_URL: fresh.url, RUN_JOBS: "false" });
  const worker = await startWorker({ DATABASE_URL: fresh.url, JOBS_SWEEP_SECONDS: "0.2" });
  try {
    const result = await deliver(web.url, { topic: "app/uninstalled", body: appUninstalled(), webhookId: "to-the-worker" });
    expect(result.status).toBe(200);
    const job = await eventually(() => fresh.db.job.findFirst({ where: { shop: TEST_SHOP, status: "DONE" } }));
    expect(job?.attempts).toBe(1);
    expect(await fresh.db.webhookEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, webhookId: "to-the-worker" } })).toMatchObject({
      status: "PROCESSED",
    });
    expect(worker.output()).not.toContain("listening on");
  } finally {
    await worker.stop();
    await web.stop();
  }
});

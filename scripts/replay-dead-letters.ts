// Puts a shop's dead letters (failed jobs, unprocessable webhooks) back in line.
//   npm run jobs:replay -- <shop>.myshopify.com [--job ID ...] [--webhook ID ...]
// A running app picks them up at its next sweep (within 30 seconds).
import { parseArgs } from "node:util";
import { config } from "~/config.server";
import { createDb } from "~/db/client.server";
import { createJobBackend } from "~/jobs/backend.server";
import { replayDeadLetters } from "~/inbox/dead-letters.server";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { job: { type: "string", multiple: true }, webhook: { type: "string", multiple: true } },
});
const [shop] = positionals;
if (!shop) {
  console.error("usage: npm run jobs:replay -- <shop>.myshopify.com [--job ID ...] [--webhook ID ...]");
  process.exit(2);
}

const db = createDb(config.DATABASE_URL);
const result = await replayDeadLetters(db, shop, {
  jobIds: values.job?.map(Number),
  webhookEventIds: values.webhook?.map(Number),
});
// On PostgreSQL this wakes a worker at once; on SQLite the app's sweep does.
const backend = createJobBackend(config.DATABASE_URL, { db });
await backend.notify(shop);
await backend.stop();
await db.$disconnect();
console.log(`replayed ${result.jobs} job(s) and ${result.webhookEvents} webhook(s) for ${shop}`);

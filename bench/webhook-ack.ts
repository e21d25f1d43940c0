// Webhook acknowledgement: the built app on SQLite receives signed
// deliveries at a sustained rate; prints latency percentiles, the achieved
// rate, and whether every delivery was recorded. Target (DESIGN.md): p99
// under 20 ms at 500 deliveries/s on 2 cores, none lost.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDb } from "~/db/client.server";
import { migrate } from "../scripts/migrate.mjs";
import { startApp } from "../tests/support/app-server";
import { removeSqlite } from "../sim/app-process";
import { root } from "../tests/support/postgres";
import { alice, orderPayload } from "../tests/support/payloads";
import { signedDelivery } from "../tests/support/webhooks";
import type { Benchmark } from "./harness";
import { encodePost, OpenLoopClient } from "./http-load";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const webhookBenchmarks: Benchmark[] = [
  { name: "webhook acknowledgement: built app on SQLite, signed orders/create deliveries, open loop", run: () => benchWebhookAck() },
];

async function benchWebhookAck({ rate = 500, seconds = 10 } = {}): Promise<Record<string, string>> {
  const dir = join(root, ".cache", "bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `webhooks-${process.pid}.db`);
  await migrate(`file:${file}`);
  const app = await startApp({ DATABASE_URL: `file:${file}` });
  const db = createDb(`file:${file}`);
  const url = new URL("/webhooks", app.url);
  const deliveries = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const { headers, body } = signedDelivery({ topic: "orders/create", body: orderPayload(from + i, alice) });
      return encodePost(url, headers, body);
    });
  const client = new OpenLoopClient(url);
  try {
    // Warm up the server's code paths, and the connections the run reuses.
    await client.run(deliveries(0, rate), rate);
    const before = await db.webhookEvent.count();
    const total = rate * seconds;
    const { latencies, statuses, elapsedMs, connectionsOpened } = await client.run(deliveries(100_000, total), rate);
    const recorded = (await db.webhookEvent.count()) - before;
    const failures = [...statuses].filter(([status]) => status !== "200");
    latencies.sort((a, b) => a - b);
    return {
      offered: `${rate}/s for ${seconds} s (${total} deliveries)`,
      achieved: `${(total / (elapsedMs / 1000)).toFixed(0)}/s`,
      connections: `${connectionsOpened} opened during the run`,
      p50: `${percentile(latencies, 50).toFixed(1)} ms`,
      p99: `${percentile(latencies, 99).toFixed(1)} ms`,
      max: `${latencies[latencies.length - 1].toFixed(1)} ms`,
      "non-200": failures.length === 0 ? "0" : failures.map(([status, n]) => `${n} × ${status}`).join(", "),
      recorded: `${recorded}/${total}`,
    };
  } finally {
    client.close();
    await app.stop();
    await db.$disconnect();
    removeSqlite(file);
  }
}

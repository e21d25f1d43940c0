// Webhook capacity at saturation: the same load generator (autocannon, same
// connections and duration) drives a bare node:http server that only reads
// the body and verifies the HMAC (bench/bare-intake.mjs) and the built app,
// on SQLite and (when a server answers) on PostgreSQL, in turns, in one run.
// Each request is a distinct signed orders/create delivery with its own
// webhook and event ids. Prints the rates, each app's share of the bare
// server's, and whether every delivery answered 200 is in its inbox. Target
// (bench/README.md): the app at least 50% of the bare server.
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { createDb, type Db } from "~/db/client.server";
import { migrate } from "../scripts/migrate.mjs";
import { removeSqlite } from "../sim/app-process";
import { startApp } from "../tests/support/app-server";
import { TEST_SECRET, TEST_SHOP } from "../tests/support/constants";
import { postgresAdminUrl, postgresUrl, root, withPostgres } from "../tests/support/postgres";
import { alice, orderPayload } from "../tests/support/payloads";
import type { Benchmark } from "./harness";

const CONNECTIONS = 20;
const ROUNDS = 3;
const SECONDS = 5;
const WARMUP_SECONDS = 3;

export const webhookCapacityBenchmarks: Benchmark[] = [
  {
    name: "webhook capacity: built app on SQLite and on PostgreSQL against a bare node:http HMAC check, autocannon at saturation",
    run: () => benchWebhookCapacity(),
  },
];

// One order's body with a marker for its id: each delivery replaces it and is signed anew.
const MARKER = 987_654_321;
const bodyParts = JSON.stringify(orderPayload(MARKER, alice)).split(String(MARKER));

type Load = { perSecond: number; answers: Map<number, number>; acknowledged: string[] };

/** Saturates `url` with signed deliveries whose webhook ids start with `prefix`. */
async function saturate(url: string, seconds: number, prefix: string): Promise<Load> {
  let next = 0;
  const acknowledged: string[] = [];
  const answers = new Map<number, number>();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/webhooks",
        setupRequest: (request, context: { webhookId?: string }) => {
          const n = next++;
          const body = bodyParts.join(String(1_000_000 + n));
          context.webhookId = `${prefix}-${n}`;
          return {
            ...request,
            body,
            headers: {
              "content-type": "application/json",
              "x-shopify-topic": "orders/create",
              "x-shopify-hmac-sha256": createHmac("sha256", TEST_SECRET).update(body).digest("base64"),
              "x-shopify-shop-domain": TEST_SHOP,
              "x-shopify-api-version": "2026-10",
              "x-shopify-webhook-id": context.webhookId,
              "x-shopify-event-id": randomUUID(),
              "x-shopify-triggered-at": new Date().toISOString(),
            },
          };
        },
        // With one request in flight per connection, the context is the answered request's.
        onResponse: (status, _body, context: { webhookId?: string }) => {
          answers.set(status, (answers.get(status) ?? 0) + 1);
          if (status === 200) acknowledged.push(context.webhookId!);
        },
      },
    ],
  });
  return { perSecond: result.requests.average, answers, acknowledged };
}

async function startBare(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(root, "bench/bare-intake.mjs")], {
    env: { NODE_ENV: "production", PATH: process.env.PATH, SHOPIFY_API_SECRET: TEST_SECRET },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench/bare-intake.mjs exited with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /port (\d+)/.exec(String(chunk));
      if (match) resolve(match[1]!);
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGKILL") };
}

const answered = (load: Load) =>
  [...load.answers]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${n} × ${status}`)
    .join(", ");

/** The built app, web only, on a fresh database of each provider: SQLite always, PostgreSQL when a server answers. */
async function startApps(): Promise<{ name: string; url: string; db: Db; stop: () => Promise<void> }[]> {
  const dir = join(root, ".cache", "bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `capacity-${process.pid}.db`);
  const databases = [{ name: "SQLite", url: `file:${file}`, drop: async () => removeSqlite(file) }];
  const pgName = `bench_capacity_${process.pid}`;
  const created = await withPostgres((client) => client.query(`CREATE DATABASE ${pgName}`)).then(
    () => true,
    () => false,
  );
  if (created) {
    databases.push({
      name: "PostgreSQL",
      url: postgresUrl(pgName),
      drop: async () => void (await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`))),
    });
  }
  return Promise.all(
    databases.map(async ({ name, url, drop }) => {
      await migrate(url);
      // The web process as it runs at scale: its jobs run in worker processes (`npm run worker`).
      const app = await startApp({
        DATABASE_URL: url,
        RUN_JOBS: "false",
        ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` } : {}),
      });
      const db = createDb(url);
      const stop = async () => {
        await app.stop();
        await db.$disconnect();
        await drop();
      };
      return { name, url: app.url, db, stop };
    }),
  );
}

async function benchWebhookCapacity(): Promise<Record<string, string>> {
  const bare = await startBare();
  const apps = await startApps();
  try {
    await saturate(bare.url, WARMUP_SECONDS, "bare-warmup");
    for (const app of apps) await saturate(app.url, WARMUP_SECONDS, "app-warmup");
    // Rounds in turn, so that a change in the machine's speed during the run weighs on each alike.
    const bareLoads: Load[] = [];
    const appLoads: Load[][] = apps.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      bareLoads.push(await saturate(bare.url, SECONDS, `bare-${round}`));
      for (const [i, app] of apps.entries()) appLoads[i]!.push(await saturate(app.url, SECONDS, `app-${round}`));
    }
    const bareLoad = combine(bareLoads);
    const figures: Record<string, string> = {
      load: `autocannon, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s on each in turn, after ${WARMUP_SECONDS} s of warm-up`,
      bare: rate(bareLoad, bareLoads),
    };
    if (apps.length === 1) figures["app, PostgreSQL"] = `not measured: no server at ${new URL(postgresAdminUrl).host}`;
    for (const [i, app] of apps.entries()) {
      const appLoad = combine(appLoads[i]!);
      const stored = new Set(
        (
          await app.db.webhookEvent.findMany({ where: { shop: TEST_SHOP, webhookId: { startsWith: "app-" } }, select: { webhookId: true } })
        ).map((row) => row.webhookId),
      );
      const missing = appLoad.acknowledged.filter((id) => !stored.has(id)).length;
      figures[`app, ${app.name}`] = rate(appLoad, appLoads[i]!);
      figures[`${app.name} ratio`] = `${((100 * appLoad.perSecond) / bareLoad.perSecond).toFixed(1)}% of bare (target 50%)`;
      figures[`${app.name} stored`] =
        `${appLoad.acknowledged.length - missing}/${appLoad.acknowledged.length} acknowledged deliveries in the inbox${missing ? `, ${missing} MISSING` : ""}`;
    }
    return figures;
  } finally {
    bare.stop();
    for (const app of apps) await app.stop();
  }
}

const rate = (load: Load, rounds: Load[]) =>
  `${load.perSecond.toFixed(0)}/s (${answered(load)}; rounds ${rounds.map((l) => l.perSecond.toFixed(0)).join(", ")})`;

function combine(loads: Load[]): Load {
  const answers = new Map<number, number>();
  for (const load of loads) for (const [status, n] of load.answers) answers.set(status, (answers.get(status) ?? 0) + n);
  return {
    perSecond: loads.reduce((sum, load) => sum + load.perSecond, 0) / loads.length,
    answers,
    acknowledged: loads.flatMap((load) => load.acknowledged),
  };
}

// What the production scripts serve beside the app: the health endpoints on
// the app's port (answered before Express and Remix, so a check never waits
// behind the app's request pipeline), the acknowledgement time of every
// webhook delivery, and the metrics port with the health endpoints again
// (the worker process has no other HTTP).
import { readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { isPostgresUrl } from "~/db/client.server";
import { isWebhookDelivery } from "~/inbox/node-intake.server";
import { jobBackendName } from "~/jobs/backend.server";
import { jobs } from "~/jobs/dispatcher.server";
import { queueCounts } from "~/jobs/queue.server";
import { log } from "~/observability/log.server";
import { observeWebhookAck, registry, watchQueue } from "~/observability/metrics.server";

export type Readiness = {
  ready: boolean;
  /** "ok", or what is wrong. */
  checks: { database: string; migrations: string; worker: string };
};

const DATABASE_TIMEOUT_MS = 2_000;

function withinTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The migrations this build expects: the folders under prisma/ (scripts/migrate.mjs applies the same ones). */
let expected: string[] | undefined;
function expectedMigrations(): string[] {
  const dir = join(process.cwd(), isPostgresUrl(config.DATABASE_URL) ? "prisma/postgresql/migrations" : "prisma/migrations");
  expected ??= readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return expected;
}

/** An error's gist: Prisma's messages open with the call and end with the cause. */
function reasonOf(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "no answer";
}

/** Ready: the database answers, every migration is applied, and the job runner runs if this process is to run jobs. */
export async function readiness(): Promise<Readiness> {
  const checks = { database: "ok", migrations: "ok", worker: "ok" };
  try {
    const rows = await withinTimeout(
      db.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
      ),
      DATABASE_TIMEOUT_MS,
      "the database",
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const missing = expectedMigrations().filter((name) => !applied.has(name));
    if (missing.length > 0) checks.migrations = `not applied: ${missing.join(", ")}`;
  } catch (error) {
    checks.database = `unreachable: ${reasonOf(error)}`;
    checks.migrations = "unknown (no database)";
  }
  const workerDown = config.RUN_JOBS && !jobs.isWorking();
  if (!config.RUN_JOBS) checks.worker = "not run in this process (RUN_JOBS=false)";
  else if (workerDown) checks.worker = "not running";
  const ready = checks.database === "ok" && checks.migrations === "ok" && !workerDown;
  return { ready, checks };
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

function pathOf(req: IncomingMessage) {
  return (req.url ?? "/").split("?")[0];
}

/** Answers GET /healthz and /readyz and returns true; for any other request returns false. */
function answerHealth(req: IncomingMessage, res: ServerResponse): boolean {
  const path = pathOf(req);
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (path === "/healthz") {
    send(res, 200, "application/json", JSON.stringify({ status: "up" }));
    return true;
  }
  if (path !== "/readyz") return false;
  void readiness().then(
    (result) => {
      if (!result.ready) log.warn({ checks: result.checks }, "not ready");
      send(res, result.ready ? 200 : 503, "application/json", JSON.stringify(result));
    },
    (error) => {
      log.error({ err: error }, "readiness check failed");
      send(res, 500, "text/plain", "readiness check failed");
    },
  );
  return true;
}

/**
 * For scripts/start.mjs, before anything else sees a request: answers the
 * health endpoints (true: answered), and times a webhook delivery from its
 * arrival to its answer, whoever answers it (false: pass it on).
 */
export function observeRequest(req: IncomingMessage, res: ServerResponse): boolean {
  if (answerHealth(req, res)) return true;
  if (isWebhookDelivery(req)) {
    const arrived = performance.now();
    res.once("finish", () => observeWebhookAck(res.statusCode, (performance.now() - arrived) / 1000));
  }
  return false;
}

/** Serves /metrics, /healthz and /readyz on METRICS_PORT, if set; resolves when it listens. */
export async function serveMetrics(): Promise<Server | undefined> {
  const port = config.METRICS_PORT;
  if (port === undefined) return undefined;
  const backend = jobBackendName(config.DATABASE_URL);
  watchQueue(async () => ({ backend, ...(await queueCounts(db)) }));
  const server = createServer((req, res) => {
    if (answerHealth(req, res)) return;
    if (req.method !== "GET" || pathOf(req) !== "/metrics") return send(res, 404, "text/plain", "not found");
    registry.metrics().then(
      (text) => send(res, 200, registry.contentType, text),
      (error) => {
        log.error({ err: error }, "collecting metrics failed");
        send(res, 500, "text/plain", "collecting metrics failed");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  log.info({ port }, `metrics on http://localhost:${port}/metrics, health checks on /healthz and /readyz`);
  return server;
}

import { isPostgresUrl } from "~/db/client.server";
import { InProcessJobBackend } from "./in-process.server";
import { PgBossJobBackend } from "./pg-boss.server";
import type { BackendOptions, JobBackend } from "./queue.server";

/** SQLite gets the in-process backend; PostgreSQL gets pg-boss. */
export function jobBackendName(databaseUrl: string): "pg-boss" | "in-process" {
  return isPostgresUrl(databaseUrl) ? "pg-boss" : "in-process";
}

export function createJobBackend(databaseUrl: string, options: BackendOptions): JobBackend {
  return jobBackendName(databaseUrl) === "pg-boss"
    ? new PgBossJobBackend({ ...options, connectionString: databaseUrl })
    : new InProcessJobBackend(options);
}

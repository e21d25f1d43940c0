import { isPostgresUrl } from "~/db/client.server";
import { InProcessJobBackend } from "./in-process.server";
import { PgBossJobBackend } from "./pg-boss.server";
import type { BackendOptions, JobBackend } from "./queue.server";

/** SQLite gets the in-process backend; PostgreSQL gets pg-boss. */
export function createJobBackend(databaseUrl: string, options: BackendOptions): JobBackend {
  return isPostgresUrl(databaseUrl)
    ? new PgBossJobBackend({ ...options, connectionString: databaseUrl })
    : new InProcessJobBackend(options);
}

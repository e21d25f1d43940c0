import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "~/generated/prisma/postgresql/client";
import { PrismaClient as SqliteClient } from "~/generated/prisma/sqlite/client";

// Both generated clients have the same models; the app types against one.
export type Db = SqliteClient;

export function isPostgresUrl(url: string) {
  return /^postgres(ql)?:\/\//.test(url);
}

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  return new SqliteClient({ adapter: new PrismaLibSQL({ url }) }).$extends({ query: { $allOperations: ({ args, query }) => whileBusy(() => query(args)) } }) as unknown as Db;
}

// libsql gives its connections no busy timeout, and Prisma reports SQLITE_BUSY
// as P1008: another connection (a transaction of this process, or another
// process) holds the write lock for a moment. Wait for it, up to about a second.
const BUSY_RETRIES = 40;

async function whileBusy<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if ((error as { code?: unknown }).code !== "P1008" || attempt >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
  }
}

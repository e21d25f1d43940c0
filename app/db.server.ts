import { config } from "~/config.server";
import { createDb, type Db } from "~/db/client.server";

// The one Prisma client of the process.
declare global {
  var __db: Db | undefined;
}

// Vite's dev server re-imports modules; keep one client across reloads.
export const db: Db = (globalThis.__db ??= createDb(config.DATABASE_URL));

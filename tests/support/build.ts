import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { root } from "./postgres";

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/**
 * Integration tests run the built server, as production does; rebuild when
 * app/ changed. Each project's set-up calls this, so a lock directory makes
 * the second wait for the first instead of building over it.
 */
export async function ensureBuild() {
  const lock = join(root, ".cache", "build.lock");
  mkdirSync(join(root, ".cache"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const output = join(root, "build/server/index.js");
    const sources = Math.max(newestMtime(join(root, "app")), newestMtime(join(root, "vite.config.ts")));
    if (existsSync(output) && statSync(output).mtimeMs > sources) return;
    // As `npm run build` builds it: Vitest's NODE_ENV=test would make Vite
    // build a development server (import.meta.env.DEV), which boots on import,
    // before the start script has migrated the database.
    execFileSync(join(root, "node_modules/.bin/remix"), ["vite:build"], {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, NODE_ENV: "production" },
    });
  } finally {
    rmdirSync(lock);
  }
}

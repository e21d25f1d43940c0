import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort, startAppProcess, type AppProcess } from "../../sim/app-process";
import { TEST_API_KEY, TEST_ENCRYPTION_KEY, TEST_SECRET } from "./constants";
import { root } from "./postgres";

export type AppServer = AppProcess & { url: string };

/** What every test instance of the app gets: production mode, the test credentials. */
const baseEnv = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_SECRET,
  ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  SCOPES: "read_orders,read_products",
};

/** Starts the built app (scripts/start.mjs) as production would, on a free port unless given one. */
export async function startApp(env: Record<string, string>, port?: number): Promise<AppServer> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await startAppProcess(
    "scripts/start.mjs",
    { ...baseEnv, SHOPIFY_APP_URL: url, PORT: String(port), ...env },
    { readyWhen: "listening on" },
  );
  return { url, ...app };
}

/** Starts a jobs-only process (scripts/worker.mjs), as `npm run worker` does. */
export function startWorker(env: Record<string, string>): Promise<AppProcess> {
  return startAppProcess(
    "scripts/worker.mjs",
    { ...baseEnv, SHOPIFY_APP_URL: "http://127.0.0.1:1", ...env },
    { readyWhen: "worker running jobs" },
  );
}

/** Runs the start script to completion, for configuration failures. */
export function runStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** Polls until the check passes or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

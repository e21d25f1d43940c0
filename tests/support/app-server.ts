import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { root } from "./postgres";

export const TEST_SECRET = "test-app-secret";
export const TEST_API_KEY = "test-api-key";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type AppServer = {
  url: string;
  output: () => string;
  /** SIGTERM, waiting for the process to exit. */
  stop: () => Promise<void>;
  /** SIGKILL: no clean-up runs, as in a crash. */
  kill: () => Promise<void>;
};

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
}

/** Starts the built app (scripts/start.mjs) as production would, on a free port unless given one. */
export async function startApp(env: Record<string, string>, port?: number): Promise<AppServer> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  return { url, ...(await startScript("scripts/start.mjs", { SHOPIFY_APP_URL: url, PORT: String(port), ...env }, "listening on")) };
}

/** Starts a jobs-only process (scripts/worker.mjs), as `npm run worker` does. */
export function startWorker(env: Record<string, string>): Promise<Omit<AppServer, "url">> {
  return startScript("scripts/worker.mjs", { SHOPIFY_APP_URL: "http://127.0.0.1:1", ...env }, "worker running jobs");
}

async function startScript(script: string, env: Record<string, string>, readyWhen: string): Promise<Omit<AppServer, "url">> {
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_SECRET,
      SCOPES: "read_orders,read_products",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${output}`);
    if (output.includes(readyWhen)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${script} did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      await exited(child);
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited(child);
    },
  };
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
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Running the built app as a child process, as production runs it. Node's
// own modules only, so a load generator can use it without carrying the
// simulator in its heap (bench/webhook-ack.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

// shopify-app-remix answers self-declared bots (HeadlessChrome, node's fetch)
// with 410, as a shop's admin never sends one: present requests as a person's browser.
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

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

export type AppProcess = {
  /** The child's process id, to read its memory (/proc/<pid>/status) or check it is alive. */
  pid: number;
  output: () => string;
  /** SIGTERM, waiting for the process to exit. */
  stop: () => Promise<void>;
  /** SIGKILL: no clean-up runs, as in a crash. */
  kill: () => Promise<void>;
};

function exited(child: ChildProcess) {
  // A process killed by a signal has no exit code, only its signal.
  const gone = child.exitCode !== null || child.signalCode !== null;
  return new Promise<void>((resolve) => (gone ? resolve() : child.once("exit", () => resolve())));
}

/**
 * Runs one of the app's production scripts (scripts/start.mjs or worker.mjs)
 * with this environment (production unless it says otherwise), until it
 * prints `readyWhen`.
 */
export async function startAppProcess(
  script: string,
  env: Record<string, string>,
  options: { readyWhen: string; echo?: boolean },
): Promise<AppProcess> {
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: { NODE_ENV: "production", PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (options.echo) process.stdout.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${output}`);
    if (output.includes(options.readyWhen)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${script} did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: child.pid!,
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

export function removeSqlite(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

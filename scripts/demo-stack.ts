// The demo stack: the built app against the Shopify simulator, seeded with
// the demo store. `npm run demo` (scripts/demo.ts) and the browser tests use it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startSimulator, type Simulator } from "../sim/server";
import { readAppConfig } from "../sim/webhooks";
import { migrate } from "./migrate.mjs";
import { DEMO_SEED, DEMO_SHOP, placeDemoOrders } from "./demo-store";

export { DEMO_SHOP };

const root = join(import.meta.dirname, "..");

export type Demo = { adminUrl: string; appUrl: string; sim: Simulator; stop: () => Promise<void> };

function run(command: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

function waitForListening(child: ChildProcess, output: () => string) {
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output().includes("listening on")) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the app exited:\n${output()}`));
      }
    }, 50);
  });
}

export async function startDemo(options: { appPort: number; simPort: number; databaseFile: string; build?: boolean; quiet?: boolean }): Promise<Demo> {
  if (options.build !== false) await run(process.execPath, [join(root, "node_modules/.bin/remix"), "vite:build"]);

  for (const suffix of ["", "-wal", "-shm"]) rmSync(options.databaseFile + suffix, { force: true });
  mkdirSync(join(options.databaseFile, ".."), { recursive: true });
  const databaseUrl = `file:${options.databaseFile}`;
  await migrate(databaseUrl);

  // A fresh secret each run: it exists only in these two processes.
  const apiKey = "demo-api-key";
  const apiSecret = randomBytes(32).toString("hex");
  const appUrl = `http://localhost:${options.appPort}`;
  const sim = await startSimulator({ port: options.simPort, appUrl, apiKey, apiSecret });
  sim.state.seed(DEMO_SHOP, DEMO_SEED);

  const app = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "development",
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appUrl,
      SCOPES: readAppConfig().scopes,
      DATABASE_URL: databaseUrl,
      PORT: String(options.appPort),
      SHOPIFY_SIMULATOR_URL: sim.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (!options.quiet) process.stdout.write(chunk);
  };
  app.stdout!.on("data", collect);
  app.stderr!.on("data", collect);
  await waitForListening(app, () => output);

  // Orders arrive as signed webhooks, like a live store's.
  placeDemoOrders(sim.state);
  await sim.webhooks.idle();

  return {
    adminUrl: `${sim.url}/admin/apps/backorder-manager?shop=${DEMO_SHOP}`,
    appUrl,
    sim,
    stop: async () => {
      app.kill("SIGTERM");
      await new Promise((resolve) => (app.exitCode !== null ? resolve(null) : app.once("exit", resolve)));
      await sim.close();
    },
  };
}

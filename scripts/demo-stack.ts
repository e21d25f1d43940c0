// The demo: the built app against the Shopify simulator (sim/stack.ts),
// seeded with the demo store, its open orders placed once the app listens,
// the app installed (it reads the store) and given its past weeks' history,
// so the first page a newcomer opens has figures in it.
// `npm run demo` (scripts/demo.ts) and the browser tests use it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDb } from "~/db/client.server";
import { BROWSER_USER_AGENT } from "../sim/app-process";
import { signSessionToken } from "../sim/auth";
import { startStack, type Stack } from "../sim/stack";
import { DEMO_PRODUCT_PATH, DEMO_SEED, DEMO_SHOP, placeDemoOrders, seedDemoHistory, setUpDemoBadges } from "./demo-store";

export { DEMO_PRODUCT_PATH, DEMO_SHOP };

const root = join(import.meta.dirname, "..");

function build() {
  return new Promise<void>((resolve, reject) => {
    // As `npm run build` builds it: under vite-node's NODE_ENV=development, Vite
    // would build a development server, which boots before the start script migrates.
    const child = spawn(process.execPath, [join(root, "node_modules/.bin/remix"), "vite:build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the build exited with ${code}`))));
  });
}

export async function startDemo(options: {
  appPort: number;
  simPort: number;
  databaseFile: string;
  build?: boolean;
  quiet?: boolean;
}): Promise<Stack> {
  if (options.build !== false) await build();
  const apiKey = "demo-api-key";
  // A fresh secret each run: it exists only in these two processes.
  const apiSecret = randomBytes(32).toString("hex");
  const demo = await startStack({
    apiKey,
    apiSecret,
    databaseFile: options.databaseFile,
    appPort: options.appPort,
    simPort: options.simPort,
    seed: { [DEMO_SHOP]: DEMO_SEED },
    echo: !options.quiet,
    // The demo's own writes (its incoming stock) are picked up by the next sweep.
    env: { JOBS_SWEEP_SECONDS: "1" },
  });
  // Orders arrive as signed webhooks, like a live store's.
  placeDemoOrders(demo.sim.state);
  await demo.sim.webhooks.idle();
  await demo.install(DEMO_SHOP);
  // The install's full read of the store writes for a while: the history goes
  // in after it, not beside it, so neither waits on the other's lock.
  await demo.settle(DEMO_SHOP);
  const db = createDb(demo.databaseUrl);
  try {
    // Each incoming stock recorded asks the app for a reconcile, which its
    // next sweep runs; the seeding waits for it, so its later writes do not
    // queue behind that reconcile's lock.
    await seedDemoHistory(db, { notify: (shop) => demo.settle(shop) }, demo.sim.state);
  } finally {
    await db.$disconnect();
  }
  await demo.settle(DEMO_SHOP);
  // As the embedded admin posts the Products page's forms: with a session token.
  const post = async (fields: [string, string][]) => {
    const response = await fetch(`${demo.app.url}/app/products.data`, {
      method: "POST",
      headers: { Authorization: `Bearer ${signSessionToken({ shop: DEMO_SHOP, apiKey, apiSecret })}`, "User-Agent": BROWSER_USER_AGENT },
      body: new URLSearchParams(fields),
    });
    if (!response.ok) throw new Error(`the Products page answered ${response.status}: ${await response.text()}`);
  };
  await setUpDemoBadges(demo.sim.state, post, () => demo.settle(DEMO_SHOP));
  return demo;
}

// `npm run demo`: the app against a simulated store, in one command.
// Builds the app, prepares a fresh SQLite database (data/demo.db), starts the
// Shopify simulator seeded with a demo store and the app pointed at it, and
// prints the URL that opens the app in the (simulated) Shopify admin and
// the URL of a product page on the simulated storefront.
import { join } from "node:path";
import { DEMO_PRODUCT_PATH, DEMO_SHOP, startDemo } from "./demo-stack";

const root = join(import.meta.dirname, "..");

const demo = await startDemo({
  appPort: Number(process.env.PORT ?? 3000),
  simPort: Number(process.env.SIMULATOR_PORT ?? 4100),
  databaseFile: join(root, "data/demo.db"),
});
console.log(`
Backorder Manager is running against a simulated store (${DEMO_SHOP}).

Open the app in the simulated Shopify admin:
  ${demo.adminUrl(DEMO_SHOP)}

See the store's product page, with the app's backorder badge (Chromium and
Firefox resolve *.localhost to this machine):
  ${demo.sim.storefrontUrl(DEMO_SHOP)}${DEMO_PRODUCT_PATH}

Act in the store (place orders, receive stock, ...), in another terminal:
  SIM_URL=${demo.sim.url} npm run sim -- help

Ctrl-C stops everything.`);
const stop = async () => {
  await demo.stop();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());

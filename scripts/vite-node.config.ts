// Vite settings for TypeScript scripts run with vite-node: the app's path
// aliases, without the Remix plugin (which only makes sense for the app build).
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vite";

export default defineConfig({ plugins: [tsconfigPaths()] });

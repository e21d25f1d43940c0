import { availableParallelism } from "node:os";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Tiers: `unit` runs once (pure rules, no I/O); `integration` runs twice, on a
// fresh SQLite file and on a fresh PostgreSQL database; `sim` tests the
// Shopify simulator itself; `e2e` runs the built app against the simulator.
const integration = (provider: "sqlite" | "postgresql") => ({
  extends: true as const,
  test: {
    name: provider,
    // `*.pg.spec.ts` and `*.sqlite.spec.ts` hold what only one database does.
    include: ["tests/integration/**/*.test.ts", `tests/integration/**/*.${provider === "postgresql" ? "pg" : "sqlite"}.spec.ts`],
    env: { TEST_DATABASE_PROVIDER: provider },
    globalSetup: ["tests/support/global-setup.ts"],
  },
});

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    // The app's code run inside the tests logs only what is worth reading (started apps log at info).
    env: { LOG_LEVEL: "warn" },
    // A JSON report too, from which .ci/run prints a plain summary line.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    // Vitest's default of one worker per core less one leaves a 2-core machine
    // with one: the end-to-end files, which mostly wait on the app, the
    // simulator and Chromium in other processes, then run one after another.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      integration("sqlite"),
      integration("postgresql"),
      { extends: true, test: { name: "sim", include: ["tests/sim/**/*.test.ts"] } },
      // The app against the simulator, over real HTTP, and in Chromium.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], globalSetup: ["tests/support/e2e-setup.ts"] } },
      // Web and worker processes apart on PostgreSQL, under load: run last, alone, as it uses every core.
      {
        extends: true,
        test: {
          name: "load",
          include: ["tests/load/**/*.test.ts"],
          env: { TEST_DATABASE_PROVIDER: "postgresql" },
          globalSetup: ["tests/support/global-setup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

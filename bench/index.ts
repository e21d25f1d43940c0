// `npm run bench`: runs every benchmark and prints its figures;
// `npm run bench -- webhook` runs those whose name contains "webhook". To add
// one, export `Benchmark`s from a file in bench/ and list them here.
//
// Each benchmark runs in a process of its own. In a shared one, the heap that
// the build or an earlier benchmark left behind (the plan's 160 MiB) made the
// load generator's collections long enough to show up as the server's
// latency: in a full run, webhook p99 was 168.6 ms shared and 14.4 ms alone.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuild } from "../tests/support/build";
import { root } from "../tests/support/postgres";
import { adminBenchmarks } from "./admin-pages";
import { allocationBenchmarks } from "./allocation";
import { apiBenchmarks } from "./api-per-order";
import { reconcileBenchmarks } from "./reconcile-scale";
import type { Benchmark } from "./harness";
import { storefrontBenchmarks } from "./storefront-size";
import { webhookBenchmarks } from "./webhook-ack";
import { webhookCapacityBenchmarks } from "./webhook-capacity";

const all: Benchmark[] = [
  ...allocationBenchmarks,
  ...reconcileBenchmarks,
  ...webhookBenchmarks,
  ...webhookCapacityBenchmarks,
  ...apiBenchmarks,
  ...adminBenchmarks,
  ...storefrontBenchmarks,
];
const one = process.env.BENCH_ONE;

if (one) {
  const benchmark = all.find((b) => b.name === one);
  if (!benchmark) throw new Error(`no benchmark is named "${one}"`);
  const figures = await benchmark.run();
  console.log(`\n${benchmark.name}`);
  for (const [label, value] of Object.entries(figures)) console.log(`  ${label.padEnd(17)} ${value}`);
} else {
  const filter = process.argv
    .slice(2)
    .find((arg) => arg !== "--")
    ?.toLowerCase();
  const selected = all.filter((benchmark) => !filter || benchmark.name.toLowerCase().includes(filter));
  if (selected.length === 0) throw new Error(`no benchmark's name contains "${filter}"`);
  // The webhook and API benchmarks run the built app, as production does.
  if (selected.some((benchmark) => benchmark.needsBuild !== false)) await ensureBuild();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const benchmark of selected) {
    const code = await runAlone(benchmark.name);
    if (code !== 0) process.exit(code ?? 1);
  }
}

function runAlone(name: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/vite-node/vite-node.mjs"), "--config", "scripts/vite-node.config.ts", "bench/index.ts"],
    {
      cwd: root,
      env: { ...process.env, BENCH_ONE: name },
      stdio: "inherit",
    },
  );
  return new Promise((resolve) => child.once("exit", resolve));
}

// `npm run bench`: runs every benchmark and prints its figures;
// `npm run bench -- webhook` runs those whose name contains "webhook". To add
// one, export `Benchmark`s from a file in bench/ and list them here.
import { ensureBuild } from "../tests/support/build";
import { allocationBenchmarks } from "./allocation";
import { apiBenchmarks } from "./api-per-order";
import type { Benchmark } from "./harness";
import { webhookBenchmarks } from "./webhook-ack";

const filter = process.argv.slice(2).find((arg) => arg !== "--")?.toLowerCase();
const benchmarks: Benchmark[] = [...allocationBenchmarks, ...webhookBenchmarks, ...apiBenchmarks].filter(
  (benchmark) => !filter || benchmark.name.toLowerCase().includes(filter),
);
if (benchmarks.length === 0) throw new Error(`no benchmark's name contains "${filter}"`);
// The webhook and API benchmarks run the built app, as production does.
await ensureBuild();

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const benchmark of benchmarks) {
  const figures = await benchmark.run();
  console.log(`\n${benchmark.name}`);
  for (const [label, value] of Object.entries(figures)) console.log(`  ${label.padEnd(12)} ${value}`);
}

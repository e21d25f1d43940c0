import { apiBenchmarks } from "./api-per-order";
for (const b of apiBenchmarks) { const figures = await b.run(); console.log(b.name); for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(12)} ${v}`); }

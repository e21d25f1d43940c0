// What the backorder badge costs a shopper to download: every asset of the
// theme app extension (the block's script and style), raw and gzipped, and
// their gzipped total against the storefront target of 2 KB. Shopify's CDN
// compresses the assets; gzip at zlib's default level stands in for it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { extensionDir } from "../sim/storefront/liquid";
import type { Benchmark } from "./harness";

const TARGET_GZIP_BYTES = 2048;

const bytes = (n: number) => `${n.toLocaleString("en-US")} B`;

function benchStorefrontSize(): Record<string, string> {
  const assets = join(extensionDir, "assets");
  const figures: Record<string, string> = {};
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(assets).sort()) {
    const content = readFileSync(join(assets, name));
    const gzipped = gzipSync(content).length;
    figures[name] = `${bytes(content.length)} raw, ${bytes(gzipped)} gzip`;
    raw += content.length;
    gzip += gzipped;
  }
  figures.total = `${bytes(raw)} raw, ${bytes(gzip)} gzip`;
  figures.target = `${bytes(TARGET_GZIP_BYTES)} gzip: ${((gzip / TARGET_GZIP_BYTES) * 100).toFixed(1)}% used, ${bytes(TARGET_GZIP_BYTES - gzip)} left`;
  return figures;
}

export const storefrontBenchmarks: Benchmark[] = [
  { name: "storefront size: badge script and style", needsBuild: false, run: benchStorefrontSize },
];

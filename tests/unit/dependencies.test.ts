import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// What a production instance loads: the app (with its generated Prisma
// clients) and the start, worker and migrate scripts. Tools for building,
// testing and the simulator are development dependencies.
const runtimeSources = ["app", "scripts/start.mjs", "scripts/worker.mjs", "scripts/migrate.mjs", "scripts/server-build.mjs"];

function filesUnder(path: string): string[] {
  if (/\.[cm]?[jt]sx?$/.test(path)) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => filesUnder(join(path, entry.name)));
}

const runtimeText = runtimeSources
  .flatMap(filesUnder)
  .map((file) => readFileSync(file, "utf8"))
  .join("\n");
// Needed at run time though nothing imports it by name.
const peers = new Set(["graphql"]); // graphql-request's peer dependency
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };

describe("production dependencies", () => {
  it("lists only packages the running app or its start scripts import", () => {
    const unused = Object.keys(manifest.dependencies).filter(
      (name) => !peers.has(name) && !new RegExp(`["']${name}(/[^"']*)?["']`).test(runtimeText),
    );
    expect(unused).toEqual([]);
  });
});

import { mkdirSync } from "node:fs";
import { ensureBuild } from "./build";
import { testDataDir } from "./postgres";

// End-to-end tests run the built app, as production does, on SQLite files.
export default async function setup() {
  mkdirSync(testDataDir, { recursive: true });
  await ensureBuild();
}

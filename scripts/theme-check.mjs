#!/usr/bin/env node
// Lints the theme app extension with Shopify's theme-check and its theme app
// extension rules (app block tags, asset sizes, remote assets, schema,
// translation keys), and exits 1 on any offence, whatever its severity.
//   npm run theme-check
//
// Offline and deterministic: theme-check normally downloads the newest Liquid
// docs (filters, objects, tags, JSON schemas) from GitHub at every run, and on
// failure silently uses the copy its package ships. SHOPIFY_TLD_ROOT, which
// theme-check reads for a local copy of Shopify/theme-liquid-docs, points it at
// that shipped copy laid out as the repository is, so every run checks against
// the docs of the pinned version, with or without a network.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const EXTENSION_DIR = join(repoRoot, "extensions", "backorder-badge");
const CONFIG = "theme-check:theme-app-extension";
const SEVERITIES = ["error", "warning", "info"];

const require = createRequire(import.meta.url);
// The docs package is theme-check's dependency, not ours: resolve it from there.
const docsPackage = dirname(
  createRequire(require.resolve("@shopify/theme-check-node")).resolve("@shopify/theme-check-docs-updater/package.json"),
);

/**
 * Lays the shipped docs out as theme-liquid-docs is (data/ and schemas/) and
 * returns that directory. One directory per docs revision; built in a temp
 * directory and renamed into place, so concurrent runs never see half of it.
 */
function ensureLiquidDocs() {
  const shipped = join(docsPackage, "data");
  const { revision } = JSON.parse(readFileSync(join(shipped, "latest.json"), "utf8"));
  const cacheDir = join(repoRoot, ".cache", "theme-liquid-docs");
  const target = join(cacheDir, revision);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, "tmp-"));
  try {
    const copy = (from, to) => {
      mkdirSync(dirname(join(work, to)), { recursive: true });
      writeFileSync(join(work, to), readFileSync(join(shipped, from)));
    };
    for (const name of ["latest", "filters", "objects", "tags", "shopify_system_translations"]) {
      copy(`${name}.json`, `data/${name}.json`);
    }
    for (const manifest of ["manifest_theme", "manifest_theme_app_extension"]) {
      copy(`${manifest}.json`, `schemas/${manifest}.json`);
      // The package keeps each schema under its base name.
      for (const { uri } of JSON.parse(readFileSync(join(shipped, `${manifest}.json`), "utf8")).schemas) {
        copy(basename(uri), `schemas/${uri}`);
      }
    }
    try {
      renameSync(work, target);
    } catch (error) {
      // Another run got there first with the same files.
      if (!existsSync(target)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

/**
 * Runs theme-check over a theme app extension and returns its offences,
 * each with the file relative to the extension and a 1-based line.
 * @param {string} [dir]
 * @returns {Promise<import("./theme-check.d.mts").ThemeCheckOffence[]>}
 */
export async function themeCheck(dir = EXTENSION_DIR) {
  process.env.SHOPIFY_TLD_ROOT = ensureLiquidDocs();
  const { themeCheckRun } = require("@shopify/theme-check-node");
  // theme-check globs from the root it is given: a relative one finds no file.
  const root = resolve(dir);
  const { theme, offenses } = await themeCheckRun(root, CONFIG);
  const sources = new Map(theme.map((file) => [file.uri, file.source]));
  return offenses
    .map((offense) => {
      const source = sources.get(offense.uri) ?? "";
      const before = source.slice(0, offense.start.index);
      return {
        file: relative(root, fileURLToPath(offense.uri)),
        line: before.split("\n").length,
        column: offense.start.index - before.lastIndexOf("\n"),
        check: offense.check,
        severity: SEVERITIES[offense.severity] ?? String(offense.severity),
        message: offense.message,
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.check.localeCompare(b.check));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const offences = await themeCheck();
  for (const o of offences) {
    console.error(`${relative(repoRoot, join(EXTENSION_DIR, o.file))}:${o.line}:${o.column} ${o.severity} ${o.check}: ${o.message}`);
  }
  if (offences.length > 0) {
    console.error(`theme-check: ${offences.length} offence(s) in ${relative(repoRoot, EXTENSION_DIR)}`);
    process.exit(1);
  }
  console.log(`theme-check: no offence in ${relative(repoRoot, EXTENSION_DIR)}`);
}

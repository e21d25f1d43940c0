import js from "@eslint/js";
import eslintConfigPrettier from "eslint-config-prettier/flat";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

// Layering (issue 10). Paths are relative to the repository root; folders that
// do not exist yet simply match nothing. import-x resolves each import first
// (`~/…` through tsconfig.json's paths, and relative paths), so a zone catches
// `~/shopify.server` and `../shopify.server` alike.
const FEATURES = ["engine", "inbox", "shops", "compliance", "audit", "notifications"];
const PLATFORM = [
  "./app/shopify",
  "./app/jobs",
  "./app/db",
  "./app/db.server.ts",
  "./app/observability",
  "./app/errors.ts",
  "./app/config.server.ts",
];
const WIRING = ["./app/routes", "./app/server", "./app/shopify.server.ts"];

const layers = [
  {
    target: "./app/backorders",
    from: ".",
    // Packages and Node built-ins are caught by no-restricted-imports below.
    except: ["./app/backorders", "./node_modules"],
    message:
      "backorders/ is pure and imports only from app/backorders/: pass the value in instead (or move the pure helper into backorders/).",
  },
  {
    target: PLATFORM,
    from: [...FEATURES.map((f) => `./app/${f}`), ...WIRING],
    message:
      "Platform code (shopify/, jobs/, db/, db.server.ts, observability/, errors.ts, config.server.ts) must not depend on a feature, routes/, server/ or shopify.server.ts: take a parameter or callback and let app/server/ (or the feature) pass it in. backorders/ is allowed.",
  },
  {
    target: FEATURES.map((f) => `./app/${f}`),
    from: WIRING,
    message:
      "Feature folders must not import routes/, server/ or shopify.server.ts: accept what you need (a gateway, a db, a session) as a parameter and let app/server/ or the route wire it.",
  },
  ...FEATURES.map((feature) => ({
    target: `./app/${feature}`,
    from: FEATURES.filter((other) => other !== feature).map((other) => `./app/${other}/**/handlers.server.ts`),
    message: `Only app/routes/ and app/server/ may import a handlers.server.ts: from ${feature}/, import the other feature's service module (not its handlers), or move the call up into app/server/.`,
  })),
  {
    target: "./app/ui",
    from: [...FEATURES.map((f) => `./app/${f}`), ...PLATFORM, ...WIRING],
    message: "ui/ holds the admin's shared React components: they take their data as props and import no server code.",
  },
  {
    target: "./app",
    from: ["./tests", "./sim", "./scripts", "./bench"],
    message: "App code must not import tests/, sim/, scripts/ or bench/: move the shared code into app/ and import it from there.",
  },
];

export default tseslint.config(
  { ignores: ["build/", "app/generated/", "app/shopify/generated/", ".cache/", "node_modules/", "prisma/postgresql/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        performance: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error", "log"] }],
    },
  },
  {
    plugins: { "import-x": importX },
    settings: {
      // Which files import-x parses to follow imports (ts, tsx, mts, js, …) and with which parser.
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json`, alwaysTryTypes: true })],
      // Prisma's generated client has cycles of its own and never imports app code.
      "import-x/ignore": ["node_modules", "app/generated/"],
    },
    rules: {
      // Type-only imports (`import type`) are erased at build time and do not count.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": ["error", { basePath: root, zones: layers }],
    },
  },
  {
    files: ["app/backorders/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // Anything that is not a relative path or the ~/ alias: npm packages and Node built-ins.
              regex: "^(?!\\.{1,2}/|~/)",
              message: "backorders/ is pure: no packages, no Node built-ins, no I/O. Pass the value in instead.",
            },
          ],
        },
      ],
    },
  },
  {
    // Routes are transport: they hand the one client (`db` from ~/db.server) to
    // a feature function, and neither query it nor make another.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "**/generated/prisma/**", "**/db/client.server"],
              message: "Routes do not use Prisma: call a feature function with `db` from ~/db.server, and let the feature query.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='db'], MemberExpression[object.property.name='db']",
          message: "Routes do not query the database: move the query into a function of the feature and pass it `db`.",
        },
      ],
    },
  },
  {
    // The app logs through app/observability/log.server.ts: JSON lines with the work's context.
    files: ["app/**"],
    rules: { "no-console": ["error", {}] },
  },
  // Last: turns off the stylistic rules that Prettier owns.
  eslintConfigPrettier,
);

import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

// The server's layers (docs/ARCHITECTURE.md, "Layers"): the domain is pure; only the store and db
// speak SQL, apart from the writers named in SQL_ELSEWHERE; nothing below the GraphQL layer
// imports a resolver; no file imports itself through a circle.

const IO_PACKAGES = [
  "drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/pglite", "@electric-sql/pglite/*", "express", "graphql", "type-graphql",
  "graphql-ws", "graphql-ws/*", "ws", "ioredis", "pino", "node:fs", "node:fs/promises", "node:net", "node:http", "node:https",
  "node:child_process", "node:worker_threads",
];
const layer = (name) => [`../${name}/*`, `../../${name}/*`, `../../../${name}/*`];
const OUTER_LAYERS = ["store", "db", "graphql", "http", "realtime", "services", "ingest", "load", "cli", "seed", "simulate"].flatMap(layer);

/**
 * Files outside store/ and db/ that speak SQL, each for a reason ARCHITECTURE gives: the event log
 * and the PostgreSQL bus (realtime: the log is the cursor, NOTIFY is the transport), the bulk and
 * history writers (ingest), the demo seed and simulator, and the composition roots. New SQL goes
 * into store/.
 */
const SQL_ELSEWHERE = [
  "server/src/realtime/bus.ts", "server/src/realtime/event-log.ts",
  "server/src/ingest/bulk-write.ts", "server/src/ingest/history-write.ts", "server/src/ingest/departments.ts",
  "server/src/seed/**", "server/src/services.ts",
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "migrations/**", ".data/**", "test/artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
    },
  },
  {
    files: ["server/src/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "server/tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: ["server/src/domain/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{ name: "@cityops/schema", message: "The domain reads @cityops/schema/vocabulary (and its db-free geometry and caller-key rules), not the package root, which loads the tables." }],
        patterns: [
          { group: IO_PACKAGES, message: "The domain does no I/O and knows no transport: keep it pure (docs/ARCHITECTURE.md, Layers)." },
          { group: OUTER_LAYERS, message: "The domain imports nothing from the layers around it." },
        ],
      }],
    },
  },
  {
    files: ["server/src/**/*.ts"],
    ignores: ["server/src/store/**", "server/src/db/**", "server/src/domain/**", ...SQL_ELSEWHERE],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: ["drizzle-orm", "drizzle-orm/*"], message: "Only the store (and db) speaks SQL: put the query in server/src/store/." },
          { group: ["**/graphql/resolvers/*"], message: "Only the GraphQL schema imports resolvers." },
        ],
      }],
    },
  },
  {
    files: ["server/src/store/**/*.ts", "server/src/db/**/*.ts", ...SQL_ELSEWHERE],
    ignores: ["server/src/domain/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/graphql/resolvers/*"], message: "Only the GraphQL schema imports resolvers." },
        ],
      }],
    },
  },
  {
    files: ["server/src/store/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          {
            group: ["../services/*", "../realtime/*", "../graphql/*", "../http/*", "../ingest/*"],
            allowTypeImports: true,
            message: "The store is below services, realtime and transports: it may name their types, never call them.",
          },
          { group: ["**/graphql/resolvers/*"], message: "Only the GraphQL schema imports resolvers." },
        ],
      }],
    },
  },
);

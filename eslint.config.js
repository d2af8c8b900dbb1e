import js from "@eslint/js";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";
import { wardroomPlugin } from "./tools/eslint/layering.js";

const repoRoot = dirname(fileURLToPath(import.meta.url));

export default tseslint.config(
  { ignores: ["node_modules/", ".wardroom/", "bench/results/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The layering of DESIGN.md: cli / admin-console / bots / infra -> runtime -> core. Each rule
  // is proven to fire by test/unit/lint/layering.test.ts.
  {
    // core/ is pure logic: no I/O frameworks, no Pulumi, no Matrix SDK, no process globals.
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [
          { name: "fs", message: "core/ is pure logic without I/O; put side effects behind an interface and wire them in a process." },
          { name: "fs/promises", message: "core/ is pure logic without I/O; put side effects behind an interface and wire them in a process." },
          { name: "node:sqlite", message: "core/ is pure logic without I/O; the database lives in runtime/." },
        ],
        patterns: [
          { group: ["express", "express-*", "@pulumi/*", "matrix-js-sdk", "matrix-js-sdk/*", "pg", "kysely", "node:child_process", "node:http", "node:https", "node:net", "node:fs", "node:fs/*", "sqlite", "pino"], message: "core/ is pure logic without I/O; put side effects behind an interface and wire them in a process." },
        ],
      }],
      "no-restricted-globals": ["error",
        { name: "fetch", message: "core/ does no I/O: take a capability interface instead of fetch." },
        { name: "process", message: "core/ reads no environment or process state: pass the values in." },
      ],
    },
  },
  {
    // Relative imports across layers and between bots, on resolved paths (tools/eslint/layering.js).
    files: ["**/*.ts"],
    plugins: { wardroom: wardroomPlugin },
    rules: { "wardroom/layering": ["error", { root: repoRoot }] },
  },
);

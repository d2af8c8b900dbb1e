import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
  {
    // core/ is pure logic: no I/O frameworks, no Pulumi, no Matrix SDK (DESIGN.md).
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["express", "express-*", "@pulumi/*", "matrix-js-sdk", "matrix-js-sdk/*", "pg", "kysely", "node:child_process", "node:http", "node:https", "node:net", "node:fs", "node:fs/*", "pino"], message: "core/ is pure logic without I/O; put side effects behind an interface and wire them in a process." },
        ],
      }],
    },
  },
);

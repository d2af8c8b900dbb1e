import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../runtime/paths.ts";

/**
 * Each layering rule of eslint.config.js, proven on a probe source linted as if it were a file
 * at the given path (the file need not exist): the probe must be refused by the named rule, and
 * a clean twin at the same path must pass, so a rule that fires on everything fails too.
 */
const eslint = new ESLint({ cwd: repoRoot });

async function problems(path: string, source: string): Promise<Array<{ ruleId: string | null; message: string }>> {
  const [result] = await eslint.lintText(source, { filePath: join(repoRoot, path) });
  return (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

const PROBES: Array<{ what: string; path: string; bad: string; good: string; rule: string; says: RegExp }> = [
  { what: "core/ using bare fs", path: "core/probe/probe.ts", bad: 'import { readFileSync } from "fs";\nexport const x = readFileSync;\n', good: 'import { createHash } from "node:crypto";\nexport const x = createHash;\n', rule: "no-restricted-imports", says: /pure logic/ },
  { what: "core/ using node:fs", path: "core/probe/probe.ts", bad: 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n', good: "export const x = 1;\n", rule: "no-restricted-imports", says: /pure logic/ },
  { what: "core/ using node:sqlite", path: "core/probe/probe.ts", bad: 'import { DatabaseSync } from "node:sqlite";\nexport const x = DatabaseSync;\n', good: "export const x = 1;\n", rule: "no-restricted-imports", says: /runtime/ },
  { what: "core/ calling the fetch global", path: "core/probe/probe.ts", bad: 'export const x = () => fetch("http://x");\n', good: "export const x = (f: (u: string) => unknown) => f(\"http://x\");\n", rule: "no-restricted-globals", says: /capability/ },
  { what: "core/ reading the process global", path: "core/probe/probe.ts", bad: "export const x = process.env.HOME;\n", good: "export const x = (env: Record<string, string>) => env.HOME;\n", rule: "no-restricted-globals", says: /pass the values in/ },
  { what: "core/ importing runtime/", path: "core/probe/probe.ts", bad: 'import { logger } from "../../runtime/log.ts";\nexport const x = logger;\n', good: 'import { InputError } from "../errors.ts";\nexport const x = InputError;\n', rule: "wardroom/layering", says: /core\/ may not import runtime\// },
  { what: "core/ importing bots/", path: "core/probe/probe.ts", bad: 'export { startBridgeApp } from "../../bots/sms-bridge/BridgeApp.ts";\n', good: 'export { InputError } from "../errors.ts";\n', rule: "wardroom/layering", says: /core\/ may not import bots\// },
  { what: "core/ importing infra/", path: "core/probe/probe.ts", bad: 'import { LOCAL_COMPONENTS } from "../../infra/local/componentTable.ts";\nexport const x = LOCAL_COMPONENTS;\n', good: "export const x = 1;\n", rule: "wardroom/layering", says: /core\/ may not import infra\// },
  { what: "core/ importing cli/", path: "core/probe/probe.ts", bad: 'export * from "../../cli/output.ts";\n', good: "export const x = 1;\n", rule: "wardroom/layering", says: /core\/ may not import cli\// },
  { what: "runtime/ importing bots/", path: "runtime/probe.ts", bad: 'import { startBridgeApp } from "../bots/sms-bridge/BridgeApp.ts";\nexport const x = startBridgeApp;\n', good: 'import { InputError } from "../core/errors.ts";\nexport const x = InputError;\n', rule: "wardroom/layering", says: /runtime\/ may not import bots\// },
  { what: "runtime/ importing infra/", path: "runtime/probe.ts", bad: 'import { LOCAL_COMPONENTS } from "../infra/local/componentTable.ts";\nexport const x = LOCAL_COMPONENTS;\n', good: "export const x = 1;\n", rule: "wardroom/layering", says: /runtime\/ may not import infra\// },
  { what: "runtime/ importing cli/", path: "runtime/probe.ts", bad: 'const m = await import("../cli/output.ts");\nexport const x = m;\n', good: "export const x = 1;\n", rule: "wardroom/layering", says: /runtime\/ may not import cli\// },
  { what: "one bot importing another", path: "bots/compliance/probe.ts", bad: 'import { ConsentFlow } from "../sms-bridge/consent/ConsentFlow.ts";\nexport const x = ConsentFlow;\n', good: 'import { KeyedMutex } from "../../runtime/concurrency/KeyedMutex.ts";\nexport const x = KeyedMutex;\n', rule: "wardroom/layering", says: /bots\/compliance may not import bots\/sms-bridge/ },
  { what: "a future bot importing the bridge", path: "bots/lifecycle/deep/probe.ts", bad: 'import { startBridgeApp } from "../../sms-bridge/BridgeApp.ts";\nexport const x = startBridgeApp;\n', good: 'import { x as y } from "../other.ts";\nexport const x = y;\n', rule: "wardroom/layering", says: /bots\/lifecycle may not import bots\/sms-bridge/ },
  { what: "bench/ importing test/", path: "bench/probe.ts", bad: 'import { eventually } from "../test/helpers/sms.ts";\nexport const x = eventually;\n', good: 'import { formatTable } from "./lib/table.ts";\nexport const x = formatTable;\n', rule: "wardroom/layering", says: /bench\/ may not import test\// },
];

describe("lint enforces the layering", () => {
  for (const p of PROBES) {
    it(`refuses ${p.what}`, async () => {
      const bad = await problems(p.path, p.bad);
      expect(bad.filter((m) => m.ruleId === p.rule).map((m) => m.message)).toEqual([expect.stringMatching(p.says)]);
      const good = await problems(p.path, p.good);
      expect(good.filter((m) => m.ruleId === p.rule || m.ruleId === "wardroom/layering")).toEqual([]);
    });
  }

  it("allows the directions DESIGN.md allows", async () => {
    expect(await problems("bots/sms-bridge/probe.ts", 'import { x } from "./consent/ConsentFlow.ts";\nimport { y } from "../../runtime/log.ts";\nimport { z } from "../../core/errors.ts";\nexport const all = [x, y, z];\n')).toEqual([]);
    expect(await problems("infra/local/probe.ts", 'import { x } from "../../runtime/log.ts";\nexport const all = [x];\n')).toEqual([]);
  });
});

import type { Command } from "commander";
import { formatProblem, summarizePolicy } from "../../core/policy/index.ts";
import { checkPolicyFile, policyPath } from "../../runtime/policy.ts";
import { printJson } from "../output.ts";

export function registerPolicyCommands(program: Command): void {
  const policy = program.command("policy").description("the organisation's policy file");
  policy
    .command("check")
    .description("validate a policy file; reports every problem with its key path and line")
    .argument("[file]", "policy file (default: $WARDROOM_POLICY or policies/hipaa.yaml)")
    .option("--json", "machine-readable output")
    .action((file: string | undefined, opts: { json?: boolean }) => {
      const path = policyPath(file);
      const result = checkPolicyFile(path);
      if (opts.json) {
        printJson(result.ok ? { ok: true, file: path } : { ok: false, file: path, problems: result.problems });
      } else if (result.ok) {
        process.stdout.write(`${path}: valid\n${summarizePolicy(result.policy).map((l) => `  ${l}\n`).join("")}`);
      } else {
        for (const p of result.problems) process.stderr.write(`${formatProblem(path, p)}\n`);
        process.stderr.write(`${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${path}\n`);
      }
      if (!result.ok) process.exitCode = 2;
    });
}

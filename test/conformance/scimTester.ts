import { join } from "node:path";
import { repoRoot } from "../../runtime/paths.ts";
import { ensurePipVenv, runCommand } from "../helpers/pipVenv.ts";

/**
 * The independent SCIM conformance checker: scim2-tester (the python-scim project), installed
 * from PyPI into a venv of its own on first use (like moto's, test/fakes/moto.ts), run by
 * test/conformance/scim_check.py against a running SCIM endpoint.
 */
const requirements = join(repoRoot, "test", "conformance", "scim-requirements.txt");
const script = join(repoRoot, "test", "conformance", "scim_check.py");

export interface ScimCheckResult {
  status: "SUCCESS" | "COMPLIANT" | "ACCEPTABLE" | "SKIPPED" | "ERROR" | "CRITICAL" | string;
  title: string | null;
  resourceType: string | null;
  reason: string | null;
  tags: string[];
}

/** Every check scim2-tester runs against `baseUrl`, with the bearer token read from `tokenFile`. */
export async function runScimConformance(baseUrl: string, tokenFile: string): Promise<ScimCheckResult[]> {
  const venv = await ensurePipVenv("scim-tester-venv", requirements, "scim2-tester");
  const out = await runCommand(join(venv, "bin", "python"), [script, baseUrl, tokenFile]);
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as ScimCheckResult);
}

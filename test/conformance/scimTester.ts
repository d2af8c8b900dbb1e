import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findPython } from "../../infra/local/python.ts";
import { repoRoot, stateDir } from "../../runtime/paths.ts";

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

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} failed (exit ${code}): ${err}`))));
  });
}

async function ensureTesterVenv(): Promise<string> {
  const dir = join(stateDir(), "scim-tester-venv");
  const marker = join(dir, ".wardroom-requirements.sha256");
  const want = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const python = join(dir, "bin", "python");
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === want && existsSync(python)) return python;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`installing scim2-tester into ${dir} (first run only)\n`);
  await run(findPython(), ["-m", "venv", dir]);
  await run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-r", requirements]);
  writeFileSync(marker, `${want}\n`);
  return python;
}

/** Every check scim2-tester runs against `baseUrl`, with the bearer token read from `tokenFile`. */
export async function runScimConformance(baseUrl: string, tokenFile: string): Promise<ScimCheckResult[]> {
  const python = await ensureTesterVenv();
  const out = await run(python, [script, baseUrl, tokenFile]);
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as ScimCheckResult);
}

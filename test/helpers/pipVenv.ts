import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findPython } from "../../infra/local/python.ts";
import { stateDir } from "../../runtime/paths.ts";

/** Runs a command; resolves with its stdout, rejects with the tail of its stderr. */
export function runCommand(cmd: string, args: string[]): Promise<string> {
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

/**
 * A virtualenv of the tests' own under the state folder (`<stateDir>/<name>`), with the pinned
 * requirements installed from PyPI on first use, and again only when the file changes (like
 * Synapse's, infra/local/python.ts). Answers the venv's folder.
 */
export async function ensurePipVenv(name: string, requirementsFile: string, what: string): Promise<string> {
  const dir = join(stateDir(), name);
  const marker = join(dir, ".wardroom-requirements.sha256");
  const want = createHash("sha256").update(readFileSync(requirementsFile)).digest("hex");
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === want && existsSync(join(dir, "bin", "python"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`installing ${what} into ${dir} (first run only)\n`);
  await runCommand(findPython(), ["-m", "venv", dir]);
  await runCommand(join(dir, "bin", "python"), ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-r", requirementsFile]);
  writeFileSync(marker, `${want}\n`);
  return dir;
}

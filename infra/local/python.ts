import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { InputError } from "../../core/errors.ts";
import { repoRoot, stateDir } from "../../runtime/paths.ts";

/** The one place the Synapse version is pinned (with its Python dependencies). */
export const synapseRequirementsFile = join(repoRoot, "infra", "synapse", "requirements.txt");

export function venvDir(): string {
  return process.env.WARDROOM_VENV ?? join(stateDir(), "venv");
}

export function venvPython(dir = venvDir()): string {
  return join(dir, "bin", "python");
}

/** Finds a Python >= 3.10 (Synapse's minimum) with the venv module, or says what to install. */
export function findPython(): string {
  const candidates = process.env.WARDROOM_PYTHON
    ? [process.env.WARDROOM_PYTHON]
    : ["python3.13", "python3.12", "python3.11", "python3.10", "python3"];
  for (const cmd of candidates) {
    const probe = spawnSync(cmd, ["-c", "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])"], {
      encoding: "utf8",
    });
    if (probe.status !== 0) continue;
    const [major, minor] = probe.stdout.trim().split(".").map(Number);
    if (major === 3 && (minor ?? 0) >= 10) return cmd;
  }
  throw new InputError(
    "no usable Python found: Synapse needs Python >= 3.10 with venv and pip " +
      "(Debian/Ubuntu: apt-get install python3 python3-venv), or set WARDROOM_PYTHON to one",
  );
}

function requirementsHash(): string {
  return createHash("sha256").update(readFileSync(synapseRequirementsFile)).digest("hex");
}

function run(cmd: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new InputError(`${cmd} ${args.slice(0, 3).join(" ")} failed (exit ${code}):\n${tail.join("\n")}`));
    });
  });
}

/**
 * Creates the virtualenv and installs the pinned Synapse the first time; afterwards reuses it
 * (a marker records the hash of the requirements it was built from, so a version bump
 * reinstalls). Returns the venv's python.
 */
export async function ensureSynapseVenv(progress: (line: string) => void): Promise<string> {
  const dir = venvDir();
  const marker = join(dir, ".wardroom-requirements.sha256");
  const want = requirementsHash();
  const ready = () => existsSync(marker) && readFileSync(marker, "utf8").trim() === want && existsSync(venvPython(dir));
  if (ready()) return venvPython(dir);
  // Two stacks starting at once (the test projects) must not install into the same venv.
  const release = await acquireLock(`${dir}.lock`, progress);
  try {
    if (ready()) return venvPython(dir);
    await installVenv(dir, progress);
    writeFileSync(marker, `${want}\n`);
    return venvPython(dir);
  } finally {
    release();
  }
}

async function acquireLock(lockDir: string, progress: (line: string) => void): Promise<() => void> {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "pid"), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch {
      const holder = Number(readFileSyncOr(join(lockDir, "pid")));
      if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new InputError(`timed out waiting for ${lockDir} (another install); remove it if no install is running`);
      if (!told) progress("waiting for another Synapse install to finish");
      told = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function readFileSyncOr(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function installVenv(dir: string, progress: (line: string) => void): Promise<void> {
  const python = findPython();
  progress(`installing Synapse into ${dir} (first run only; about a minute)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run(python, ["-m", "venv", dir], progress);
  await run(
    venvPython(dir),
    ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-r", synapseRequirementsFile],
    (line) => {
      // pip is chatty; keep the lines that show progress.
      if (/^(Installing|Successfully|ERROR)/.test(line)) progress(line.length > 160 ? `${line.slice(0, 157)}...` : line);
    },
  );
}

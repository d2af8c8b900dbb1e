import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findPython } from "../../infra/local/python.ts";
import { freePort } from "../../infra/local/networkPorts.ts";
import { repoRoot, stateDir } from "../../runtime/paths.ts";

/**
 * moto's S3 server (a real, well-kept AWS emulator: Object Lock, versioning, conditional
 * writes), installed from PyPI into a venv of its own the first time (like Synapse's, see
 * infra/local/python.ts) and started and stopped by the test that needs it.
 */
const requirements = join(repoRoot, "test", "fakes", "moto-requirements.txt");

export interface Moto {
  url: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (exit ${code}): ${err}`))));
  });
}

async function ensureMotoVenv(): Promise<string> {
  const dir = join(stateDir(), "moto-venv");
  const marker = join(dir, ".wardroom-requirements.sha256");
  const want = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const bin = join(dir, "bin", "moto_server");
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === want && existsSync(bin)) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`installing moto into ${dir} (first run only)\n`);
  await run(findPython(), ["-m", "venv", dir]);
  await run(join(dir, "bin", "python"), ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-r", requirements]);
  writeFileSync(marker, `${want}\n`);
  return bin;
}

export async function startMoto(): Promise<Moto> {
  const bin = await ensureMotoVenv();
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) })).status < 500) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto_server did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../../infra/local/networkPorts.ts";
import { repoRoot } from "../../runtime/paths.ts";
import { ensurePipVenv } from "../helpers/pipVenv.ts";

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

async function ensureMotoVenv(): Promise<string> {
  return join(await ensurePipVenv("moto-venv", requirements, "moto"), "bin", "moto_server");
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

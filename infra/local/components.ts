import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.ts";
import { repoRoot } from "../../runtime/paths.ts";
import { logTail, startRestarting, startSupervised, type Restarting } from "./childProcess.ts";

/**
 * A Wardroom process of the local stack (the bridge, the compliance bot), run with this Node
 * and the TypeScript loader, its output in `<dir>/stdout.log`, its pid in `<dir>/process.pid`,
 * and restarted if it dies.
 */
export function startComponent(name: string, dir: string, args: string[], progress: (line: string) => void): Restarting {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = join(dir, "process.pid");
  return startRestarting(
    () => {
      const proc = startSupervised(name, process.execPath, [join(repoRoot, "bin", "run-ts.mjs"), ...args], {
        cwd: repoRoot,
        logFile: join(dir, "stdout.log"),
      });
      if (proc.child.pid) writeFileSync(pidFile, `${proc.child.pid}\n`);
      void proc.exited.then(() => {
        if (existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() === String(proc.child.pid)) rmSync(pidFile, { force: true });
      });
      return proc;
    },
    (code, n) => progress(`${name} exited (${code}); restarting (restart ${n})`),
  );
}

async function waitUntil(what: string, probe: () => Promise<boolean>, component: Restarting, logFile: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    if (component.restarts() > 0 && component.restarts() >= 3) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new InputError(`${what} did not start; see ${logFile}:\n${logTail(logFile)}`);
}

export function waitForHttp(url: string, what: string, component: Restarting, logFile: string): Promise<void> {
  return waitUntil(
    what,
    async () => {
      try {
        return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
      } catch {
        return false;
      }
    },
    component,
    logFile,
  );
}

export function waitForLogLine(logFile: string, needle: string, what: string, component: Restarting): Promise<void> {
  const startSize = existsSync(logFile) ? readFileSync(logFile).length : 0;
  return waitUntil(what, async () => existsSync(logFile) && readFileSync(logFile).subarray(startSize).includes(needle), component, logFile);
}

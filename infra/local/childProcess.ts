import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";

/** A supervised child process: output to a log file, stopped with SIGTERM then SIGKILL. */
export interface Supervised {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

export function startSupervised(
  name: string,
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string },
): Supervised {
  const log = createWriteStream(opts.logFile, { flags: "a", mode: 0o600 });
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", () => resolve(-1));
    child.once("exit", (code, signal) => {
      log.end();
      resolve(code ?? (signal ? 128 : null));
    });
  });
  return {
    name,
    child,
    logFile: opts.logFile,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a log, for an error message when a process dies at start-up. */
export function logTail(file: string, lines = 15): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/** Kills a process left behind by an earlier run that was killed itself (its pid file). */
export function killStale(pidFile: string, mustMatch: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (cmdline.includes(mustMatch)) process.kill(pid, "SIGKILL");
  } catch {
    // Not running (or not ours): nothing to clean up.
  }
}

/**
 * A component the stack keeps running: restarted after an unexpected exit (with a short,
 * growing delay), stopped for good by stop(). `current()` is the live process, if any.
 */
export interface Restarting {
  current(): Supervised | undefined;
  restarts(): number;
  stop(): Promise<void>;
}

export function startRestarting(start: () => Supervised, onRestart: (exitCode: number | null, n: number) => void): Restarting {
  let proc: Supervised | undefined;
  let stopping = false;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const launch = () => {
    proc = start();
    const mine = proc;
    void mine.exited.then((code) => {
      if (stopping || proc !== mine) return;
      count++;
      onRestart(code, count);
      timer = setTimeout(launch, Math.min(10_000, 250 * 2 ** Math.min(count, 6)));
    });
  };
  launch();
  return {
    current: () => proc,
    restarts: () => count,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await proc?.stop();
    },
  };
}

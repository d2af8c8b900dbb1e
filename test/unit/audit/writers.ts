import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

const FIXTURE = join(import.meta.dirname, "fixtures", "appender.ts");

export interface Writer {
  child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | string>;
}

/** Starts fixtures/appender.ts as its own process with the project's Node and tsx. */
export function startWriter(url: string, writer: string, count: number, batch: number): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, url, writer, String(count), String(batch)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines = createInterface({ input: child.stdout! });
  const seen: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  lines.on("line", (line) => {
    seen.push(line);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.pattern.test(line)) waiters.splice(i, 1)[0]!.resolve(line);
    }
  });
  const exited = once(child, "exit").then(([code, signal]) => (code ?? signal) as number | string);
  return {
    child,
    exited,
    waitFor(pattern) {
      const line = seen.find((l) => pattern.test(l));
      if (line) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`writer ${writer} exited (${code}) before ${pattern}: ${stderr.trim()}`)));
      });
    },
  };
}

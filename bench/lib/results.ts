/** Where benchmarks write their JSON results: bench/results/<name>.json (git-ignored). */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/** Writes `data` as pretty JSON to bench/results/`name`.json and returns the path. */
export function writeResult(name: string, data: unknown, dir: string = resultsDir): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`writeResult: bad result name "${name}"`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}

/** Machine facts every result file carries, so numbers can be compared across runs. */
export function machineInfo(): { date: string; node: string; platform: string } {
  return { date: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}` };
}

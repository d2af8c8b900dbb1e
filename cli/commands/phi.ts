import type { Command } from "commander";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { detectPhi } from "../../core/phi/index.ts";

/** What a scan did: lines read, results written, line numbers that could not be read. */
export interface ScanSummary {
  lines: number;
  scanned: number;
  badLines: number[];
}

/**
 * `wardroom phi scan` (DESIGN.md contract): JSON Lines `{"id", "text"}` in, one
 * `{"id", "containsPhi", "spans"}` line out per input record, in order. A line that is not a
 * JSON object with a string `id` and a string `text` gets a message on `errors` naming its
 * line number (never its content) and no output line; blank lines are skipped. Lines are
 * streamed one at a time, with backpressure on the output.
 */
export async function scanJsonLines(input: Readable, output: Writable, errors: Writable): Promise<ScanSummary> {
  const summary: ScanSummary = { lines: 0, scanned: 0, badLines: [] };
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    summary.lines++;
    if (line.trim() === "") continue;
    const record = parseRecord(line);
    if (typeof record === "string") {
      summary.badLines.push(summary.lines);
      errors.write(`wardroom phi scan: line ${summary.lines}: ${record}\n`);
      continue;
    }
    const { containsPhi, spans } = detectPhi(record.text);
    const out = JSON.stringify({ id: record.id, containsPhi, spans });
    summary.scanned++;
    if (!output.write(`${out}\n`)) await once(output, "drain");
  }
  return summary;
}

/** The record, or the reason it is bad. The reason never quotes the line: it may hold PHI. */
function parseRecord(line: string): { id: string; text: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "invalid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object with \"id\" and \"text\"";
  const { id, text } = value as { id?: unknown; text?: unknown };
  if (typeof id !== "string") return id === undefined ? "\"id\" is missing" : "\"id\" must be a string";
  if (typeof text !== "string") return text === undefined ? "\"text\" is missing" : "\"text\" must be a string";
  return { id, text };
}

export function registerPhiCommands(program: Command): void {
  const phi = program.command("phi").description("the PHI detector");
  phi
    .command("scan")
    .description(
      'scan messages for PHI: JSON Lines {"id","text"} on stdin, one {"id","containsPhi","spans"} line per message on stdout; ' +
        "spans are UTF-16 offsets, end exclusive; a bad line is reported on stderr by number and makes the exit code 2",
    )
    .option("--json", "machine-readable output (the output is always JSON Lines)")
    .action(async () => {
      const summary = await scanJsonLines(process.stdin, process.stdout, process.stderr);
      if (summary.badLines.length > 0) {
        const n = summary.badLines.length;
        process.stderr.write(`wardroom phi scan: ${n} bad line${n === 1 ? "" : "s"} skipped, ${summary.scanned} scanned\n`);
        process.exitCode = 2;
      }
    });
}

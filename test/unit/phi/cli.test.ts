import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { scanJsonLines } from "../../../cli/commands/phi.ts";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function runScan(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/wardroom.mjs", "phi", "scan"], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function lines(stdout: string): Array<{ id: string; containsPhi: boolean; spans: Array<{ start: number; end: number; category: string }> }> {
  return stdout.trim() === "" ? [] : stdout.trim().split("\n").map((l) => JSON.parse(l));
}

describe("wardroom phi scan", () => {
  it("answers one line per input line, in order, with UTF-16 offsets", async () => {
    const texts = ["Hi 👋 Rosa, your A1c is 8.1", "Running 10 min late", "Call 312-555-0199", "Su cita es el 3 de mayo"];
    const input = texts.map((text, i) => JSON.stringify({ id: `m${i}`, text })).join("\n") + "\n";
    const { code, stdout, stderr } = await runScan(input);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const out = lines(stdout);
    expect(out.map((o) => o.id)).toEqual(["m0", "m1", "m2", "m3"]);
    expect(out.map((o) => o.containsPhi)).toEqual([true, false, true, true]);
    const first = out[0];
    const name = first?.spans.find((s) => s.category === "NAME");
    expect(name && texts[0]?.slice(name.start, name.end)).toBe("Rosa");
    expect(Object.keys(first ?? {})).toEqual(["id", "containsPhi", "spans"]);
  });

  it("reports a bad line on stderr by number without its content, goes on, and exits 2", async () => {
    const input = [
      JSON.stringify({ id: "ok1", text: "see you at 5" }),
      "{not json, secret Maria Lopez}",
      JSON.stringify({ id: 7, text: "x" }),
      JSON.stringify({ id: "no-text" }),
      JSON.stringify({ id: "ok2", text: "my MRN is 00123456" }),
    ].join("\n");
    const { code, stdout, stderr } = await runScan(input);
    expect(code).toBe(2);
    expect(lines(stdout).map((o) => o.id)).toEqual(["ok1", "ok2"]);
    expect(stderr).toContain("line 2: invalid JSON");
    expect(stderr).toContain('line 3: "id" must be a string');
    expect(stderr).toContain('line 4: "text" is missing');
    expect(stderr).not.toContain("Maria");
  });

  it("accepts empty input", async () => {
    const { code, stdout } = await runScan("");
    expect(code).toBe(0);
    expect(stdout).toBe("");
  });
});

describe("scanJsonLines", () => {
  it("skips blank lines, counts them in line numbers, and handles CRLF", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let out = "";
    let err = "";
    output.setEncoding("utf8").on("data", (d: string) => (out += d));
    errors.setEncoding("utf8").on("data", (d: string) => (err += d));
    input.end(`${JSON.stringify({ id: "a", text: "hello" })}\r\n\r\n[1,2]\r\n${JSON.stringify({ id: "b", text: "DOB 1/2/1950" })}\r\n`);
    const summary = await scanJsonLines(input, output, errors);
    expect(summary).toEqual({ lines: 4, scanned: 2, badLines: [3] });
    expect(err).toContain("line 3:");
    expect(lines(out).map((o) => [o.id, o.containsPhi])).toEqual([["a", false], ["b", true]]);
  });
});

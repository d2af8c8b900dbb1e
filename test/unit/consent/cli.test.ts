import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultActionRegistry } from "../../../core/audit/index.ts";
import { withConsentAuditActions } from "../../../core/consent/index.ts";
import type { E164 } from "../../../core/sms/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { openConsentStore } from "../../../runtime/consent/index.ts";
import { repoRoot } from "../../../runtime/paths.ts";
import { runCli } from "../../helpers/cli.ts";
import { BOT, optedOut, reply, warningSent } from "./events.ts";

const dir = mkdtempSync(join(tmpdir(), "wardroom-consent-cli-"));
const db = `sqlite:${join(dir, "consent.db")}`;
/** Enough numbers that an export is larger than a pipe's buffer (64 KiB), so `| head` cuts it. */
const NUMBERS = 200;

beforeAll(async () => {
  const audit = await openAuditLedger({ url: `sqlite:${join(dir, "audit.db")}`, actions: withConsentAuditActions(defaultActionRegistry()) });
  const store = await openConsentStore({ url: db, audit });
  try {
    for (let i = 0; i < NUMBERS; i++) {
      const phone = `+1555555${String(1000 + i)}` as E164;
      const sent = warningSent(phone);
      await store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
      await store.record({ event: reply("accepted", sent), actor: BOT });
    }
    await store.record({ event: optedOut("+15555559999" as E164), actor: BOT });
  } finally {
    await store.close();
    await audit.close();
  }
});

/** `wardroom <args> | head -<lines>`: the reader closes the pipe after a few lines. */
function exportThroughHead(args: string[], lines: number): Promise<{ code: number | null; stderr: string; head: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin", "wardroom.mjs"), ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let out = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.split("\n").length > lines) child.stdout.destroy();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, head: out.split("\n").slice(0, lines) }));
  });
}

describe("wardroom consent", () => {
  it("export | head ends quietly with exit 0 (no EPIPE stack trace)", async () => {
    for (const format of ["jsonl", "csv"]) {
      const res = await exportThroughHead(["consent", "export", "--format", format, "--db", db], 1);
      expect(res.stderr).toBe("");
      expect(res.code).toBe(0);
      expect(res.head[0]).not.toBe("");
    }
  });

  it("export --json is JSON Lines; --json with --format csv is refused by name", async () => {
    const res = await runCli(["consent", "export", "--json", "--db", db]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string });
    expect(lines.filter((l) => l.type === "event")).toHaveLength(NUMBERS * 2 + 1);
    const both = await runCli(["consent", "export", "--json", "--format", "csv", "--db", db]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json: cannot be combined with --format csv/);
  });

  it("verify counts in words a person would write", async () => {
    const res = await runCli(["consent", "verify", "--db", db]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`ok: ${NUMBERS + 1} numbers, ${NUMBERS * 2 + 1} events\n`);
    const one = await runCli(["consent", "show", "+15555559999", "--db", db]);
    expect(one.code).toBe(0);
    expect(one.stdout.split("\n")[0]).toMatch(/\(1 event\)$/);
  });

  it("a number with letters is refused naming the problem, not a bare mask", async () => {
    const res = await runCli(["consent", "show", "abc", "--db", db]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("wardroom: number: the value has letters in it; write the number with digits only\n");
  });
});

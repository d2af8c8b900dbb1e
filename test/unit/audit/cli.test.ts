import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashRecord, type AuditRecord } from "../../../core/audit/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { repoRoot } from "../../../runtime/paths.ts";

const BIN = join(repoRoot, "bin", "wardroom.mjs");
const stateDir = mkdtempSync(join(tmpdir(), "wardroom-audit-cli-"));
const dbPath = join(stateDir, "audit", "audit.db");
const db = `sqlite:${dbPath}`;

async function wardroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, WARDROOM_STATE_DIR: stateDir };
  delete env.WARDROOM_AUDIT_URL;
  delete env.WARDROOM_AUDIT_ANCHORS;
  delete env.WARDROOM_AUDIT_ANCHOR_KEY_FILE;
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, "close")) as [number];
  return { code, stdout, stderr };
}

function rawSql(sql: string): void {
  const raw = new DatabaseSync(dbPath);
  try {
    raw.exec(sql);
  } finally {
    raw.close();
  }
}

beforeAll(async () => {
  // The default location under the state dir, written by the library as a process would.
  let now = new Date("2025-02-01T00:00:00.000Z");
  const ledger = await openAuditLedger({ url: db, clock: () => now });
  try {
    for (let i = 0; i < 6; i++) {
      now = new Date(Date.UTC(2025, 1, 1 + i));
      await ledger.append({ actor: "@admin:example.org", action: "device.wiped", target: `@u${i}:example.org`, details: { deviceIds: ["DEV1"], devicesDeleted: 1, locked: true } });
    }
  } finally {
    await ledger.close();
  }
});

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe("wardroom audit (CLI)", () => {
  it("verify exits 0 on an intact chain, with --json output", async () => {
    const human = await wardroom("audit", "verify");
    expect(human).toMatchObject({ code: 0, stdout: "audit chain ok: 6 records (seq 1..6), 0 anchors checked\n" });
    const json = await wardroom("audit", "verify", "--db", db, "--from", "2", "--to", "4", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, checked: 3, firstSeq: 2, lastSeq: 4 });
  });

  it("export streams JSON Lines that verify on their own, and CSV, within a time range", async () => {
    const jsonl = await wardroom("audit", "export", "--format", "jsonl");
    // JSON Lines is JSON: --json is accepted and gives the same output; with CSV it is refused.
    expect(await wardroom("audit", "export", "--json")).toEqual(jsonl);
    expect(await wardroom("audit", "export", "--json", "--format", "csv")).toMatchObject({ code: 2, stderr: expect.stringContaining("--json: cannot be combined with --format csv") });
    expect(jsonl.code).toBe(0);
    const records = jsonl.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as AuditRecord);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of records) expect(hashRecord(r)).toBe(r.hash);

    const csv = await wardroom("audit", "export", "--format", "csv", "--since", "2025-02-02", "--until", "2025-02-04", "--db", db);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trimEnd().split("\r\n");
    expect(rows[0]).toBe("seq,ts,actor,action,target,details,prevHash,hash");
    expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual(["2", "3"]);
    // Matrix ids start with @: neutralised for spreadsheets; details quoted.
    expect(rows[1]).toContain(",'@admin:example.org,device.wiped,'@u1:example.org,\"{\"\"deviceIds\"\":[\"\"DEV1\"\"]");
  });

  it("tail prints the newest records, oldest of them first", async () => {
    const tail = await wardroom("audit", "tail", "-n", "2");
    expect(tail.code).toBe(0);
    expect(tail.stdout.split("\n").filter(Boolean).map((l) => l.split("  ")[0])).toEqual(["5", "6"]);
    const json = await wardroom("audit", "tail", "-n", "1", "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ seq: 6, action: "device.wiped" });
  });

  it("tail --follow prints records appended later, and stops cleanly on SIGTERM", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WARDROOM_STATE_DIR: stateDir };
    const child = spawn(process.execPath, [BIN, "audit", "tail", "-n", "1", "--follow", "--json", "--db", db], { env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: AuditRecord[] = [];
    let buffered = "";
    const waiting: { n: number; resolve: () => void }[] = [];
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      for (const l of parts.filter(Boolean)) lines.push(JSON.parse(l) as AuditRecord);
      for (const w of waiting) if (lines.length >= w.n) w.resolve();
    });
    const seen = (n: number): Promise<void> => new Promise((resolve) => (lines.length >= n ? resolve() : waiting.push({ n, resolve })));
    await seen(1);
    const ledger = await openAuditLedger({ url: db });
    try {
      await ledger.append({ actor: "system:test", action: "stack.started" });
    } finally {
      await ledger.close();
    }
    await seen(2);
    child.kill("SIGTERM");
    const [code] = (await once(child, "close")) as [number];
    expect(code).toBe(0);
    expect(lines.map((r) => [r.seq, r.action])).toEqual([
      [6, "device.wiped"],
      [7, "stack.started"],
    ]);
  });

  it("refuses bad input with exit 2, naming the parameter", async () => {
    expect(await wardroom("audit", "verify", "--from", "0")).toMatchObject({ code: 2, stderr: expect.stringContaining("must be a record seq") });
    expect(await wardroom("audit", "export", "--format", "xml")).toMatchObject({ code: 2 });
    expect(await wardroom("audit", "export", "--since", "last week")).toMatchObject({ code: 2, stderr: expect.stringContaining("since: must be an ISO 8601") });
    expect(await wardroom("audit", "verify", "--db", "mysql://x")).toMatchObject({ code: 2, stderr: expect.stringContaining("db: must be sqlite:") });
    expect(await wardroom("audit", "tail", "--db", `sqlite:${join(stateDir, "nope.db")}`)).toMatchObject({ code: 2, stderr: expect.stringContaining("db: no audit ledger at") });
    expect(await wardroom("audit", "verify", "--anchors", join(stateDir, "missing.jsonl"))).toMatchObject({ code: 2, stderr: expect.stringContaining("--anchors: no such file") });
    expect(existsSync(join(stateDir, "nope.db"))).toBe(false);
  });

  // Last: it alters the ledger.
  it("anchor writes a checkpoint; verify then exits 1 naming the record when the tail is truncated or a record changed", async () => {
    const anchor = await wardroom("audit", "anchor", "--json");
    expect(anchor.code).toBe(0);
    const out = JSON.parse(anchor.stdout) as { file: string; anchor: { seq: number }; recordSeq: number };
    expect(out).toMatchObject({ file: join(stateDir, "audit", "anchors.jsonl"), anchor: { seq: 7 }, recordSeq: 8 });
    expect(readFileSync(out.file, "utf8").trim().split("\n")).toHaveLength(1);
    expect(await wardroom("audit", "verify")).toMatchObject({ code: 0, stdout: "audit chain ok: 8 records (seq 1..8), 1 anchor checked\n" });
    // Asking beyond the end names the ledger's length, not a "missing" record.
    expect(await wardroom("audit", "verify", "--from", "50")).toMatchObject({ code: 2, stderr: "wardroom: from: the ledger has only 8 records; --from must be at most 8\n" });

    // The database refuses the delete; a database administrator drops the trigger first.
    expect(() => rawSql("DELETE FROM audit_records WHERE seq >= 5")).toThrow(/append-only/);
    rawSql("DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq >= 5");
    const truncated = await wardroom("audit", "verify");
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/^wardroom: audit chain broken: the ledger ends at 4, the last checkpoint says 7: 3 records missing/);
    // Past the end of a truncated ledger, the checkpoint still tells.
    expect(await wardroom("audit", "verify", "--from", "7")).toMatchObject({ code: 1, stderr: expect.stringContaining("the ledger ends at 4, the last checkpoint says 7: 3 records missing") });

    rawSql("DROP TRIGGER audit_records_no_update; UPDATE audit_records SET target = '@someone-else:example.org' WHERE seq = 3");
    const changed = await wardroom("audit", "verify", "--json");
    expect(changed.code).toBe(1);
    expect(JSON.parse(changed.stdout)).toMatchObject({ ok: false, problem: { seq: 3, kind: "hash_mismatch" } });
    expect(changed.stderr).toContain("record 3: hash does not match its content");
  });
});

/**
 * Audit ledger benchmark (npm run bench:audit): append throughput with one writer and with
 * four writer processes, bulk append, verify time, p95 filtered query latency and export rate
 * on a ledger of 1,000,000 records, on SQLite and PostgreSQL. Prints a table and writes
 * bench/results/audit.json. Not a test: numbers depend on the machine.
 *
 *   npm run bench:audit -- [--records N] [--only sqlite|postgres]
 * PostgreSQL: $WARDROOM_BENCH_DATABASE_URL, else $WARDROOM_TEST_DATABASE_URL, else the local
 * server; a scratch schema is created and dropped. Unreachable: its rows are skipped.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { toCsvRow, toJsonLine, type AuditEntry, type AuditLedger, type AuditQuery } from "../core/audit/index.ts";
import { openAuditLedger } from "../runtime/audit/index.ts";

const SELF = fileURLToPath(import.meta.url);
const RESULTS = join(dirname(SELF), "results", "audit.json");
const PG_URL = process.env.WARDROOM_BENCH_DATABASE_URL ?? process.env.WARDROOM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface AuditBenchRow {
  backend: string;
  metric: string;
  value: number;
  unit: string;
  /** The issue's target, when it sets one. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface AuditBenchResult {
  date: string;
  node: string;
  cpus: number;
  records: number;
  rows: AuditBenchRow[];
  skipped: { backend: string; reason: string }[];
}

const ACTIONS = ["sms.relayed", "sms.blocked", "consent.acknowledged", "device.wiped", "account.locked", "console.login_failed", "user.created", "policy.loaded"] as const;
const USERS = 500;
const ROOMS = 20_000;
const HASH = "5".repeat(64);

/** A realistic mix of entries; `i` picks actor, target and action deterministically. */
export function entry(i: number): AuditEntry {
  const actor = `@user${(i * 7919) % USERS}:example.org`;
  const room = `!room${(i * 104_729) % ROOMS}:example.org`;
  switch (ACTIONS[i % ACTIONS.length]) {
    case "sms.relayed":
      return { actor, action: "sms.relayed", target: room, details: { direction: "outbound", eventId: `$ev${i}`, providerMessageId: `SM${i}`, phiCategories: ["NAME"], segments: 1 } };
    case "sms.blocked":
      return { actor, action: "sms.blocked", target: room, details: { reason: "no_consent", eventId: `$ev${i}`, phiCategories: ["HEALTH", "DATE"] } };
    case "consent.acknowledged":
      return { actor: "system:compliance", action: "consent.acknowledged", target: room, details: { warningHash: HASH, eventId: `$ev${i}` } };
    case "device.wiped":
      return { actor, action: "device.wiped", target: `@user${i % USERS}:example.org`, details: { deviceIds: ["ABCDEFGH", "IJKLMNOP"], devicesDeleted: 2, locked: true } };
    case "account.locked":
      return { actor, action: "account.locked", target: `@user${i % USERS}:example.org`, details: { reason: "lost_device" } };
    case "console.login_failed":
      return { actor: "system:console", action: "console.login_failed", target: null, details: { reason: "bad_password", userHash: HASH } };
    case "user.created":
      return { actor, action: "user.created", target: `@new${i}:example.org`, details: { role: "clinician" } };
    default:
      return { actor: "system:sms-bridge", action: "policy.loaded", target: null, details: { policyHash: HASH } };
  }
}

/** A clock that advances 30 s per call: a million records span about a year. */
export function syntheticClock(): () => Date {
  let t = Date.UTC(2024, 0, 1);
  return () => new Date((t += 30_000));
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { seconds: (performance.now() - start) / 1000, value };
}

async function singleWriter(url: string, count: number): Promise<number> {
  const ledger = await openAuditLedger({ url });
  try {
    const { seconds } = await timed(async () => {
      for (let i = 0; i < count; i++) await ledger.append(entry(i));
    });
    return count / seconds;
  } finally {
    await ledger.close();
  }
}

/** Four processes append `count` records in total, single appends, all starting together. */
async function fourWriters(url: string, count: number): Promise<number> {
  await (await openAuditLedger({ url })).close(); // create and migrate first: not part of the timing
  const children = Array.from({ length: 4 }, () =>
    spawn(process.execPath, ["--import", "tsx", SELF, "--writer", url, String(count / 4)], { stdio: ["pipe", "pipe", "inherit"] }),
  );
  const ready = children.map((c) => waitLine(c.stdout, "ready"));
  await Promise.all(ready);
  const { seconds } = await timed(async () => {
    for (const c of children) c.stdin.write("go\n");
    const codes = await Promise.all(children.map(async (c) => (await once(c, "exit"))[0] as number));
    if (codes.some((code) => code !== 0)) throw new Error(`a writer failed: exit codes ${codes.join(", ")}`);
  });
  return count / seconds;
}

function waitLine(stream: NodeJS.ReadableStream, text: string): Promise<void> {
  const lines = createInterface({ input: stream });
  return new Promise((resolve) =>
    lines.on("line", (line) => {
      if (line === text) resolve();
    }),
  );
}

/** Child mode: open, say ready, wait for a line on stdin, append, exit. */
async function writerMain(url: string, count: number): Promise<void> {
  const ledger = await openAuditLedger({ url });
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();
  process.stdin.destroy();
  for (let i = 0; i < count; i++) await ledger.append(entry(i));
  await ledger.close();
}

async function fill(ledger: AuditLedger, count: number): Promise<number> {
  const BATCH = 1000;
  const { seconds } = await timed(async () => {
    for (let i = 0; i < count; i += BATCH) {
      await ledger.appendBatch(Array.from({ length: Math.min(BATCH, count - i) }, (_, k) => entry(i + k)));
      if ((i / BATCH) % 100 === 0) process.stderr.write(`\r  filling ${i.toLocaleString("en-US")} / ${count.toLocaleString("en-US")}`);
    }
  });
  process.stderr.write("\r\x1b[K");
  return count / seconds;
}

/** Deterministic pseudo-random numbers, so every run asks the same queries. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

async function queryLatencies(ledger: AuditLedger, count: number): Promise<{ p50: number; p95: number; n: number }> {
  const rand = prng(42);
  const start = Date.UTC(2024, 0, 1);
  const span = count * 30_000;
  const at = (f: number): string => new Date(start + Math.floor(f * span)).toISOString();
  const shapes: (() => AuditQuery)[] = [
    () => ({ actor: `@user${Math.floor(rand() * USERS)}:example.org` }),
    () => ({ target: `!room${Math.floor(rand() * ROOMS)}:example.org` }),
    () => ({ action: ACTIONS[Math.floor(rand() * ACTIONS.length)] }),
    () => {
      const f = rand() * 0.9;
      return { action: "device.wiped", since: at(f), until: at(f + 7 / 365) };
    },
    () => {
      const f = rand() * 0.9;
      return { actor: `@user${Math.floor(rand() * USERS)}:example.org`, since: at(f), until: at(f + 30 / 365) };
    },
  ];
  const times: number[] = [];
  for (let round = 0; round < 60; round++) {
    for (const shape of shapes) {
      const q = shape();
      const t0 = performance.now();
      const page = await ledger.query({ ...q, limit: 50 });
      // Half the time also fetch the next page through the cursor.
      if (round % 2 === 1 && page.nextCursor) await ledger.query({ ...q, limit: 50, cursor: page.nextCursor });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: pct(0.5), p95: pct(0.95), n: times.length };
}

async function exportRate(ledger: AuditLedger, format: "jsonl" | "csv"): Promise<{ rate: number; mb: number }> {
  const fmt = format === "csv" ? toCsvRow : toJsonLine;
  let bytes = 0;
  let n = 0;
  const { seconds } = await timed(async () => {
    for await (const r of ledger.records()) {
      bytes += fmt(r).length;
      n++;
    }
  });
  return { rate: n / seconds, mb: bytes / 1e6 };
}

async function benchBackend(backend: "sqlite" | "postgres", fresh: () => string, records: number, rows: AuditBenchRow[]): Promise<void> {
  const add = (row: Omit<AuditBenchRow, "backend">): void => {
    rows.push({ backend, ...row });
    const target = row.target ? `  (target ${row.target}: ${row.met ? "met" : "NOT met"})` : "";
    process.stderr.write(`  ${backend} ${row.metric}: ${format(row.value)} ${row.unit}${target}\n`);
  };
  const singleCount = backend === "sqlite" ? 20_000 : 5_000;
  const single = await singleWriter(fresh(), singleCount);
  add({ metric: "append, 1 writer", value: single, unit: "records/s", ...(backend === "sqlite" ? { target: ">= 5000", met: single >= 5000 } : {}), note: `${singleCount} single appends, one transaction each` });
  if (backend === "sqlite") {
    const full = await singleWriter(`${fresh()}?synchronous=full`, 3_000);
    add({ metric: "append, 1 writer, synchronous=FULL", value: full, unit: "records/s", note: "fsync per commit (survives power loss)" });
  }
  const four = await fourWriters(fresh(), singleCount);
  add({ metric: "append, 4 writer processes", value: four, unit: "records/s", note: `${singleCount} single appends in total` });

  const ledger = await openAuditLedger({ url: fresh(), clock: syntheticClock() });
  try {
    add({ metric: `bulk append (batches of 1000) to ${format(records)}`, value: await fill(ledger, records), unit: "records/s" });
    const verify = await timed(() => ledger.verify());
    if (!verify.value.ok) throw new Error(`verify failed: ${verify.value.problem?.message}`);
    add({ metric: `verify ${format(records)} records`, value: verify.seconds, unit: "s", target: "< 10", met: verify.seconds < 10 });
    const q = await queryLatencies(ledger, records);
    add({ metric: `filtered query p95 (${format(records)} records)`, value: q.p95, unit: "ms", target: "< 50", met: q.p95 < 50, note: `p50 ${q.p50.toFixed(2)} ms over ${q.n} queries (actor / target / action / action+week / actor+month, 50 per page)` });
    const jsonl = await exportRate(ledger, "jsonl");
    add({ metric: "export jsonl", value: jsonl.rate, unit: "records/s", note: `${jsonl.mb.toFixed(0)} MB formatted` });
    const csv = await exportRate(ledger, "csv");
    add({ metric: "export csv", value: csv.rate, unit: "records/s", note: `${csv.mb.toFixed(0)} MB formatted` });
  } finally {
    await ledger.close();
  }
}

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
}

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function runAuditBench(options: { records?: number; only?: "sqlite" | "postgres" } = {}): Promise<AuditBenchResult> {
  const records = options.records ?? 1_000_000;
  const rows: AuditBenchRow[] = [];
  const skipped: AuditBenchResult["skipped"] = [];

  if (options.only !== "postgres") {
    const dir = mkdtempSync(join(tmpdir(), "wardroom-audit-bench-"));
    let n = 0;
    try {
      await benchBackend("sqlite", () => `sqlite:${join(dir, `bench-${n++}.db`)}`, records, rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (options.only !== "sqlite") {
    const reason = await postgresReachable();
    if (reason) {
      skipped.push({ backend: "postgres", reason });
    } else {
      const schemas: string[] = [];
      const fresh = (): string => {
        const schema = `audit_bench_${process.pid}_${schemas.length}`;
        schemas.push(schema);
        const url = new URL(PG_URL);
        url.searchParams.set("schema", schema);
        return url.toString();
      };
      try {
        await benchBackend("postgres", fresh, records, rows);
      } finally {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
        await client.end();
      }
    }
  }
  return { date: new Date().toISOString(), node: process.version, cpus: cpus().length, records, rows, skipped };
}

function printTable(result: AuditBenchResult): void {
  const header = ["backend", "metric", "value", "unit", "target"];
  const body = result.rows.map((r) => [r.backend, r.metric, format(r.value), r.unit, r.target ? `${r.target} ${r.met ? "ok" : "MISSED"}` : ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  process.stdout.write(`\nAudit ledger (${result.records.toLocaleString("en-US")} records, Node ${result.node}, ${result.cpus} CPUs)\n`);
  process.stdout.write(`${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
  for (const s of result.skipped) process.stdout.write(`${s.backend}: skipped (${s.reason})\n`);
}

async function main(argv: string[]): Promise<void> {
  const writer = argv.indexOf("--writer");
  if (writer >= 0) return writerMain(argv[writer + 1]!, Number(argv[writer + 2]));
  const recordsArg = argv.indexOf("--records");
  const onlyArg = argv.indexOf("--only");
  const only = onlyArg >= 0 ? argv[onlyArg + 1] : undefined;
  if (only !== undefined && only !== "sqlite" && only !== "postgres") throw new Error("--only: sqlite or postgres");
  const result = await runAuditBench({ records: recordsArg >= 0 ? Number(argv[recordsArg + 1]) : undefined, only });
  printTable(result);
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${RESULTS}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) await main(process.argv.slice(2));

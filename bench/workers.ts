import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { availableParallelism } from "node:os";
import { dropDatabase, parsePostgresUrl } from "../infra/local/database.ts";
import type { StackInfo } from "../infra/local/stack.ts";
import { checkWorkerServices, parseRedisUrl, type WorkerModeInput } from "../infra/local/workerMode.ts";
import { repoRoot } from "../runtime/paths.ts";
import { findPortalRoom } from "../runtime/synapse/portalLookup.ts";
import { SynapseClient } from "../runtime/synapse/index.ts";
import { startBenchStack } from "./lib/benchStack.ts";
import { cpuSeconds, pidOf, rssMiB } from "./lib/procStats.ts";
import { machineInfo, writeResult } from "./lib/results.ts";
import { percentiles } from "./lib/stats.ts";
import { formatNumber, formatTable } from "./lib/table.ts";

/**
 * Single process versus worker mode, in one run, on the same PostgreSQL: the same open-loop
 * inbound SMS load (simulator -> bridge -> Synapse) and a /sync latency probe (a clinician's
 * incremental /sync?timeout=0, idle and during the load), with each process's CPU time and
 * memory. Ratios are worker mode / single process. The crossover estimate assumes what the
 * figures show: a Synapse process is bound to one core (Python's GIL), so a layout's ceiling is
 * when its busiest process fills one core or all processes fill the machine's cores.
 *
 * WARDROOM_BENCH_WORKERS_SECONDS (default 30) and WARDROOM_BENCH_WORKERS_RATE (texts/s,
 * default 10) set the load; PostgreSQL from WARDROOM_BENCH_DATABASE_URL (default the local
 * server), Redis from WARDROOM_BENCH_REDIS_URL (default 127.0.0.1:6379).
 */

export interface ProcessFigure {
  process: string;
  cpuSeconds: number;
  rssMiB: number;
}

export interface ModeResult {
  mode: "single" | "workers";
  startSeconds: number;
  sent: number;
  delivered: number;
  /** Delivered texts per second from the start of the load until the last one was in its room. */
  throughput: number;
  drainSeconds: number;
  syncIdle: { p50Ms: number; p99Ms: number; samples: number };
  syncUnderLoad: { p50Ms: number; p99Ms: number; samples: number };
  /** CPU during the load window (texts offered at the fixed rate); RSS at the end. */
  processes: ProcessFigure[];
}

export interface WorkersBenchResult {
  seconds: number;
  rate: number;
  cores: number;
  single: ModeResult;
  workers: ModeResult;
  ratios: Record<string, number>;
  ceilings: Array<{ cores: number; singleTextsPerSecond: number; workersTextsPerSecond: number }>;
}

const NUMBERS = Array.from({ length: 20 }, (_, i) => `+1555${String(500 + i).padStart(3, "0")}${String(3000 + i)}`);

async function login(info: StackInfo, account: { userId: string; passwordFile: string }): Promise<{ client: SynapseClient; token: string }> {
  const anonymous = new SynapseClient({ baseUrl: info.homeserver.url, timeoutMs: 30_000 });
  const { accessToken } = await anonymous.loginWithPassword(account.userId, readFileSync(resolve(repoRoot, account.passwordFile), "utf8").trim(), "wardroom-bench");
  return { client: anonymous.withToken(accessToken), token: accessToken };
}

async function text(info: StackInfo, from: string, body: string): Promise<boolean> {
  const res = await fetch(`${info.sms.simulatorUrl}/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from, body }) });
  return res.status === 202;
}

async function countIn(admin: SynapseClient, prefix: string): Promise<number> {
  let n = 0;
  for (const phone of NUMBERS) {
    const room = await findPortalRoom(admin, phone).catch(() => undefined);
    if (!room) continue;
    n += (await admin.roomMessages(room).catch(() => [])).filter((m) => m.type === "m.room.message" && String(m.content.body).startsWith(prefix)).length;
  }
  return n;
}

/** One incremental /sync?timeout=0 of the clinician, timed; returns the next batch token. */
async function timedSync(info: StackInfo, token: string, since: string | undefined, times: number[]): Promise<string | undefined> {
  const t0 = performance.now();
  const res = await fetch(`${info.homeserver.url}/_matrix/client/v3/sync?timeout=0${since ? `&since=${encodeURIComponent(since)}` : ""}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { next_batch?: string };
  if (res.ok) times.push(performance.now() - t0);
  return body.next_batch ?? since;
}

function processesOf(info: StackInfo): Array<{ process: string; pid: () => number | undefined }> {
  const main = info.internal.components.find((c) => c.name === "synapse")!.pidFile!;
  return [
    { process: "synapse main", pid: () => pidOf(main) },
    ...(info.internal.synapseWorkers ?? []).map((w) => ({ process: `synapse ${w.name}`, pid: () => pidOf(w.pidFile) })),
    { process: "sms bridge", pid: () => pidOf(info.internal.bridge.pidFile) },
  ];
}

async function runMode(mode: ModeResult["mode"], seconds: number, rate: number, databaseUrl: string, workers: WorkerModeInput | undefined): Promise<ModeResult> {
  const started = Date.now();
  const bench = await startBenchStack(`workers-${mode}`, {
    databaseUrl,
    ...(workers ? { workers } : {}),
    tune: (doc) => {
      doc.setIn(["sms", "quietHours", "enabled"], false);
      doc.setIn(["sms", "maxMessagesPerNumberPerHour"], 100);
      doc.setIn(["identity", "sso", "enabled"], false);
      // Synapse names its Redis channels after the server name: a name of its own keeps this stack apart from any other on the same Redis.
      if (workers) doc.setIn(["homeserver", "serverName"], `bench${process.pid}.wardroom.localhost`);
    },
  });
  const startSeconds = (Date.now() - started) / 1000;
  try {
    const info = bench.stack.info;
    const admin = (await login(info, info.admin)).client;
    const { token } = await login(info, info.demoUsers.find((u) => u.role === "clinician")!);
    // Portals first, so that the load is only posting texts.
    for (const phone of NUMBERS) await text(info, phone, "warm-up");
    for (let deadline = Date.now() + 300_000; Date.now() < deadline && (await countIn(admin, "warm-up")) < NUMBERS.length; ) await new Promise((r) => setTimeout(r, 1000));

    const idle: number[] = [];
    let since = await timedSync(info, token, undefined, []);
    for (let i = 0; i < 30; i++) since = await timedSync(info, token, since, idle);

    const procs = processesOf(info);
    const cpuBefore = procs.map((p) => cpuSeconds(p.pid() ?? 0) ?? 0);
    const loaded: number[] = [];
    let loading = true;
    const prober = (async () => {
      while (loading) {
        since = await timedSync(info, token, since, loaded).catch(() => since);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    let sent = 0;
    const total = Math.round(seconds * rate);
    const loadStart = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = loadStart + (i * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      inFlight.push(text(info, NUMBERS[i % NUMBERS.length]!, `bench ${i}`).then((ok) => void (ok && sent++)));
    }
    await Promise.all(inFlight);
    const sendEnd = Date.now();
    // CPU over the load window only: the drain below polls every room through the admin API, which would count the probe, not the load.
    const cpuAtLoadEnd = procs.map((p) => cpuSeconds(p.pid() ?? 0) ?? 0);
    let delivered = 0;
    for (let deadline = Date.now() + 600_000; Date.now() < deadline; ) {
      delivered = await countIn(admin, "bench ");
      if (delivered >= sent) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const end = Date.now();
    loading = false;
    await prober;
    const processes = procs.map((p, i) => {
      const pid = p.pid() ?? 0;
      return { process: p.process, cpuSeconds: Math.max(0, cpuAtLoadEnd[i]! - cpuBefore[i]!), rssMiB: rssMiB(pid) ?? 0 };
    });
    const [ip50, ip99] = percentiles(idle, [50, 99]);
    const [lp50, lp99] = percentiles(loaded, [50, 99]);
    return {
      mode,
      startSeconds,
      sent,
      delivered,
      throughput: delivered / ((end - loadStart) / 1000),
      drainSeconds: (end - sendEnd) / 1000,
      syncIdle: { p50Ms: ip50!, p99Ms: ip99!, samples: idle.length },
      syncUnderLoad: { p50Ms: lp50!, p99Ms: lp99!, samples: loaded.length },
      processes,
    };
  } finally {
    await bench.close();
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Texts/s at which a layout runs out: its busiest process fills one core, or all of it fills `cores`. */
function ceiling(r: ModeResult, cores: number): number {
  const cpus = r.processes.map((p) => p.cpuSeconds / Math.max(1, r.sent));
  return Math.min(1 / Math.max(...cpus), cores / sum(cpus));
}

export async function runWorkersBench(options: { seconds?: number; rate?: number } = {}): Promise<WorkersBenchResult> {
  const seconds = options.seconds ?? Number(process.env.WARDROOM_BENCH_WORKERS_SECONDS ?? 30);
  const rate = options.rate ?? Number(process.env.WARDROOM_BENCH_WORKERS_RATE ?? 10);
  const server = process.env.WARDROOM_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const redis = parseRedisUrl(process.env.WARDROOM_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379", "WARDROOM_BENCH_REDIS_URL");
  const dbUrl = (name: string) => {
    const u = new URL(server);
    u.pathname = `/wardroom_bench_${name}_${process.pid}`;
    return u.toString();
  };
  const singleDb = dbUrl("single");
  const workersDb = dbUrl("workers");
  await checkWorkerServices({ databaseUrl: workersDb, redis }, `bench${process.pid}.wardroom.localhost`);
  let single: ModeResult;
  let workers: ModeResult;
  try {
    single = await runMode("single", seconds, rate, singleDb, undefined);
    workers = await runMode("workers", seconds, rate, workersDb, { databaseUrl: workersDb, redis });
  } finally {
    for (const db of [singleDb, workersDb]) await dropDatabase(parsePostgresUrl(db)).catch(() => undefined);
  }
  const cores = availableParallelism();
  const totalCpu = (r: ModeResult) => sum(r.processes.map((p) => p.cpuSeconds));
  const totalRss = (r: ModeResult) => sum(r.processes.map((p) => p.rssMiB));
  const ratios = {
    throughput: workers.throughput / single.throughput,
    drainSeconds: workers.drainSeconds / Math.max(0.001, single.drainSeconds),
    syncIdleP50: workers.syncIdle.p50Ms / single.syncIdle.p50Ms,
    syncUnderLoadP50: workers.syncUnderLoad.p50Ms / single.syncUnderLoad.p50Ms,
    syncUnderLoadP99: workers.syncUnderLoad.p99Ms / single.syncUnderLoad.p99Ms,
    cpuPerText: totalCpu(workers) / workers.sent / (totalCpu(single) / single.sent),
    rss: totalRss(workers) / totalRss(single),
  };
  const ceilings = [2, 4, 8, 16].map((c) => ({ cores: c, singleTextsPerSecond: ceiling(single, c), workersTextsPerSecond: ceiling(workers, c) }));
  const result: WorkersBenchResult = { seconds, rate, cores, single, workers, ratios, ceilings };

  const row = (label: string, a: number, b: number, ratio: number, digits = 1): string[] => [label, formatNumber(a, digits), formatNumber(b, digits), formatNumber(ratio, 2)];
  process.stdout.write(
    `\nSynapse: one process vs worker mode (${seconds} s at ${rate} texts/s, ${cores} cores)\n${formatTable(
      ["measure", "single", "workers", "workers/single"],
      [
        ["sent / delivered", `${single.sent} / ${single.delivered}`, `${workers.sent} / ${workers.delivered}`, ""],
        row("inbound texts/s (load + drain)", single.throughput, workers.throughput, ratios.throughput),
        row("backlog drained after the load (s)", single.drainSeconds, workers.drainSeconds, ratios.drainSeconds),
        row("/sync idle p50 (ms)", single.syncIdle.p50Ms, workers.syncIdle.p50Ms, ratios.syncIdleP50),
        row("/sync under load p50 (ms)", single.syncUnderLoad.p50Ms, workers.syncUnderLoad.p50Ms, ratios.syncUnderLoadP50),
        row("/sync under load p99 (ms)", single.syncUnderLoad.p99Ms, workers.syncUnderLoad.p99Ms, ratios.syncUnderLoadP99),
        row("CPU s per 1000 texts (Synapse + bridge)", (1000 * totalCpu(single)) / single.sent, (1000 * totalCpu(workers)) / workers.sent, ratios.cpuPerText),
        row("memory (RSS MiB, Synapse + bridge)", totalRss(single), totalRss(workers), ratios.rss, 0),
        row("stack start (s)", single.startSeconds, workers.startSeconds, workers.startSeconds / single.startSeconds),
      ],
      ["left", "right", "right", "right"],
    )}\n\nPer process during the load window\n${formatTable(
      ["mode", "process", "CPU s", "CPU s / 1000 texts", "RSS MiB"],
      [single, workers].flatMap((r) => r.processes.map((p) => [r.mode, p.process, formatNumber(p.cpuSeconds, 1), formatNumber((1000 * p.cpuSeconds) / Math.max(1, r.sent), 1), formatNumber(p.rssMiB, 0)])),
      ["left", "left", "right", "right", "right"],
    )}\n\nCeiling (texts/s) from these figures: busiest process at one core, or all processes filling the cores\n${formatTable(
      ["cores", "single", "workers"],
      ceilings.map((c) => [String(c.cores), formatNumber(c.singleTextsPerSecond, 1), formatNumber(c.workersTextsPerSecond, 1)]),
      ["right", "right", "right"],
    )}\n`,
  );
  writeResult("workers", { ...machineInfo(), ...result });
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await runWorkersBench();
  process.exit(r.single.delivered === r.single.sent && r.workers.delivered === r.workers.sent ? 0 : 1);
}

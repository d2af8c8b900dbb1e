import { startBenchStack } from "./lib/benchStack.ts";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { openAuditLedger } from "../runtime/audit/index.ts";
import { repoRoot } from "../runtime/paths.ts";
import { formatNumber, formatTable } from "./lib/table.ts";
import { machineInfo, writeResult } from "./lib/results.ts";
import { percentiles } from "./lib/stats.ts";

/**
 * Audit records from Synapse events under a login storm, against a real stack (Synapse with
 * Wardroom's module, the audit drain, the ledger): password logins offered open-loop at
 * WARDROOM_BENCH_LOGIN_RATE per second (default 100) for WARDROOM_BENCH_LOGIN_SECONDS
 * (default 60). Every successful login must appear once in the ledger as session.logged_in
 * (lost = 0); the lag is from the spool write (details.occurredAt) to the ledger's ts.
 * The stack's accounts are hashed at bcrypt cost 4 (Synapse's default, 12, would make
 * password hashing the whole measurement); Synapse itself still bounds the logins completed
 * on a small machine (reported as such).
 */
export interface AuditLoginBenchResult {
  seconds: number;
  offeredRate: number;
  offered: number;
  succeeded: number;
  failedRequests: number;
  recorded: number;
  lost: number;
  duplicated: number;
  loginsPerSecond: number;
  recordsPerSecond: number;
  lagMs: { p50: number; p99: number; max: number };
}

export async function runAuditLoginBench(options: { seconds?: number; rate?: number } = {}): Promise<AuditLoginBenchResult> {
  const seconds = options.seconds ?? Number(process.env.WARDROOM_BENCH_LOGIN_SECONDS ?? 60);
  const rate = options.rate ?? Number(process.env.WARDROOM_BENCH_LOGIN_RATE ?? 100);
  // Each login checks a bcrypt hash; at Synapse's default cost (12) that alone holds this
  // machine to about 2 logins/s. Cost 4 makes the audit path the thing measured.
  const { stack, close } = await startBenchStack("audit-logins", { bcryptRounds: 4 });
  const ledger = await openAuditLedger({ url: stack.info.internal.auditUrl });
  try {
    const users = stack.info.demoUsers.map((u) => ({ userId: u.userId, password: readFileSync(resolve(repoRoot, u.passwordFile), "utf8").trim() }));
    const startSeq = (await ledger.head())?.seq ?? 0;
    const devices = new Set<string>();
    let offered = 0;
    let failedRequests = 0;
    const inFlight = new Set<Promise<void>>();
    const started = Date.now();
    const total = Math.round(rate * seconds);
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const user = users[i % users.length]!;
      offered++;
      const p = fetch(`${stack.info.homeserver.url}/_matrix/client/v3/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: user.userId }, password: user.password }),
        signal: AbortSignal.timeout(300_000),
      })
        .then(async (res) => {
          const body = (await res.json()) as { device_id?: string };
          if (res.ok && body.device_id) devices.add(body.device_id);
          else failedRequests++;
        })
        .catch(() => {
          failedRequests++;
        });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    const loginSeconds = (Date.now() - started) / 1000;

    // Wait until every successful login is in the ledger (or 120 s pass: then some were lost).
    const seen = new Map<string, number>();
    const lags: number[] = [];
    let next = startSeq + 1;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      for await (const r of ledger.records({ fromSeq: next })) {
        next = r.seq + 1;
        const device = r.details.deviceId as string | undefined;
        if (r.action !== "session.logged_in" || !device || !devices.has(device)) continue;
        seen.set(device, (seen.get(device) ?? 0) + 1);
        lags.push(Date.parse(r.ts) - Date.parse(r.details.occurredAt as string));
      }
      if ([...devices].every((d) => seen.has(d))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const elapsed = (Date.now() - started) / 1000;
    const [p50, p99] = percentiles(lags.length > 0 ? lags : [0], [50, 99]);
    const recorded = seen.size;
    return {
      seconds,
      offeredRate: rate,
      offered,
      succeeded: devices.size,
      failedRequests,
      recorded,
      lost: devices.size - recorded,
      duplicated: [...seen.values()].filter((n) => n > 1).length,
      loginsPerSecond: devices.size / loginSeconds,
      recordsPerSecond: recorded / elapsed,
      lagMs: { p50: p50!, p99: p99!, max: Math.max(0, ...lags) },
    };
  } finally {
    await ledger.close();
    await close();
  }
}

export async function runAuditLoginBenchAndReport(): Promise<AuditLoginBenchResult> {
  const r = await runAuditLoginBench();
  process.stdout.write(
    `\nAudit records under a login storm\n${formatTable(
      ["measure", "value", "target"],
      [
        [`logins offered for ${r.seconds} s (per s)`, formatNumber(r.offeredRate, 1), "100"],
        ["logins completed by Synapse (per s)", formatNumber(r.loginsPerSecond, 1), ""],
        ["logins ok / refused or timed out", `${r.succeeded} / ${r.failedRequests}`, ""],
        ["audit records (per s, incl. drain)", formatNumber(r.recordsPerSecond, 1), ""],
        ["records lost / duplicated", `${r.lost} / ${r.duplicated}`, "0 / 0"],
        ["lag event -> ledger p50 (ms)", formatNumber(r.lagMs.p50, 0), ""],
        ["lag event -> ledger p99 (ms)", formatNumber(r.lagMs.p99, 0), ""],
      ],
      ["left", "right", "left"],
    )}\n`,
  );
  writeResult("audit-logins", { ...machineInfo(), ...r });
  return r;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await runAuditLoginBenchAndReport();
  process.exit(r.lost === 0 && r.duplicated === 0 ? 0 : 1);
}

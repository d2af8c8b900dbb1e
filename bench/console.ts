/**
 * Admin console benchmark (npm run bench:console): p50/p95 page time of the users list and of
 * the audit search, the console app in-process over HTTP (a real listening server, a signed-in
 * session, CSRF and all middleware), with 10,000 accounts and 1,000,000 audit records.
 *
 * The audit ledger is real (SQLite, seeded directly with appendBatch). The accounts come from
 * a simulated Synapse admin API answering /_synapse/admin/v2/users in Synapse's wire format
 * from 10,000 generated accounts: creating 10,000 real Synapse accounts here would take far
 * longer than the benchmark, so the users numbers measure the console's own cost (session,
 * roles, render) over an instant directory, not Synapse's query time.
 *
 *   npm run bench:console -- [--records N] [--users N] [--requests N]
 * Prints a table and writes bench/results/console.json. Not a test: numbers depend on the machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "otplib";
import { createConsoleApp } from "../admin-console/app.ts";
import { SqlSessionStore } from "../admin-console/SqlSessionStore.ts";
import { newTotpSecret } from "../admin-console/totp.ts";
import type { ConsoleDeps } from "../admin-console/deps.ts";
import { MemoryRoleDirectory } from "../core/roles/index.ts";
import { openAuditLedger } from "../runtime/audit/index.ts";
import { SqlBreakGlassStore } from "../runtime/breakglass/SqlBreakGlassStore.ts";
import { openConsentStore } from "../runtime/consent/index.ts";
import { checkPolicyFile, loadPolicyFile, policyPath } from "../runtime/policy.ts";
import { SqlTokenStore } from "../runtime/tokens/index.ts";
import { entry, syntheticClock } from "./audit.ts";
import { machineInfo, writeResult } from "./lib/results.ts";
import { percentiles } from "./lib/stats.ts";
import { formatTable } from "./lib/table.ts";
import { MemoryWipeJobStore } from "../admin-console/wipes.ts";

const SELF = fileURLToPath(import.meta.url);
const ADMIN = "@admin:example.org";
const PASSWORD = "bench password";
const BATCH = 5000;

export interface ConsoleBenchRow {
  page: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface ConsoleBenchResult {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  users: number;
  auditRecords: number;
  seedSeconds: number;
  usersSource: string;
  rows: ConsoleBenchRow[];
}

/** Synapse's admin user list over generated accounts: ordered by name, `from` offset, `name` substring search. */
function simulatedDirectory(count: number): ConsoleDeps["synapse"] {
  const users = Array.from({ length: count }, (_, i) => ({
    name: `@staff${String(i).padStart(5, "0")}:example.org`,
    displayname: `Staff member ${i}`,
    admin: false,
    deactivated: i % 97 === 0,
    locked: i % 89 === 0,
    last_seen_ts: Date.UTC(2025, 0, 1) + i * 60_000,
  }));
  return {
    request: async <T,>(_method: string, path: string): Promise<T> => {
      const url = new URL(path, "http://synapse.invalid");
      if (url.pathname !== "/_synapse/admin/v2/users") throw new Error(`simulated directory: no ${url.pathname}`);
      const from = Number(url.searchParams.get("from") ?? "0");
      const limit = Number(url.searchParams.get("limit") ?? "100");
      const name = url.searchParams.get("name");
      const matching = name ? users.filter((u) => u.name.includes(name) || u.displayname.includes(name)) : users;
      const page = matching.slice(from, from + limit);
      return { users: page, total: matching.length, ...(from + limit < matching.length ? { next_token: String(from + limit) } : {}) } as T;
    },
  };
}

async function seedLedger(url: string, records: number): Promise<number> {
  const ledger = await openAuditLedger({ url, clock: syntheticClock() });
  const start = performance.now();
  try {
    for (let i = 0; i < records; i += BATCH) {
      await ledger.appendBatch(Array.from({ length: Math.min(BATCH, records - i) }, (_, k) => entry(i + k)));
      if (i % 100_000 === 0 && i > 0) process.stdout.write(`  seeded ${i.toLocaleString("en-US")} records\n`);
    }
  } finally {
    await ledger.close();
  }
  return (performance.now() - start) / 1000;
}

export async function runConsoleBench(options: { records?: number; users?: number; requests?: number } = {}): Promise<ConsoleBenchResult> {
  const records = options.records ?? 1_000_000;
  const userCount = options.users ?? 10_000;
  const requests = options.requests ?? 200;
  const dir = mkdtempSync(join(tmpdir(), "wardroom-console-bench-"));
  try {
    const auditUrl = `sqlite:${join(dir, "audit.db")}`;
    process.stdout.write(`seeding ${records.toLocaleString("en-US")} audit records...\n`);
    const seedSeconds = await seedLedger(auditUrl, records);
    const audit = await openAuditLedger({ url: auditUrl });
    const sessions = await SqlSessionStore.open(`sqlite:${join(dir, "sessions.db")}`);
    const consents = await openConsentStore({ url: `sqlite:${join(dir, "consent.db")}` });
    const breakGlass = await SqlBreakGlassStore.open(`sqlite:${join(dir, "breakglass.db")}`);
    const tokens = await SqlTokenStore.open(`sqlite:${join(dir, "tokens.db")}`);
    const roles = new MemoryRoleDirectory();
    // Both pages for one person: an admin reads users, an auditor the audit log.
    await roles.setRoles(ADMIN, ["admin", "auditor"], "local");
    const totpSecret = newTotpSecret();
    const probe = await listen(createConsoleApp(depsFor("http://127.0.0.1:1")));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const origin = `http://127.0.0.1:${port}`;
    const server = await listen(createConsoleApp(depsFor(origin)), port);
    try {
      const cookie = await signIn(origin);
      const rows: ConsoleBenchRow[] = [];
      const head = Math.floor(records / 2);
      const cases: Array<{ page: string; path: (i: number) => string }> = [
        { page: "users: first page", path: () => "/users" },
        { page: "users: page n (from=offset)", path: (i) => `/users?from=${(i * 50 * 37) % userCount}` },
        { page: "users: search", path: (i) => `/users?q=staff0${i % 10}` },
        { page: "audit: newest, no filter", path: () => "/audit" },
        { page: "audit: by actor", path: (i) => `/audit?actor=${encodeURIComponent(`@user${(i * 7) % 500}:example.org`)}` },
        { page: "audit: by action", path: (i) => `/audit?action=${["device.wiped", "sms.blocked", "account.locked", "user.created"][i % 4]}` },
        { page: "audit: by target", path: (i) => `/audit?target=${encodeURIComponent(`!room${(i * 13) % 20_000}:example.org`)}` },
        { page: "audit: time range", path: (i) => `/audit?since=2024-0${1 + (i % 9)}-01&until=2024-0${1 + (i % 9)}-08` },
        { page: "audit: deep page (cursor)", path: (i) => `/audit?cursor=${head - i * 1000}` },
        { page: "audit: actor + action", path: (i) => `/audit?actor=${encodeURIComponent(`@user${i % 500}:example.org`)}&action=device.wiped` },
        { page: "audit: target + action", path: (i) => `/audit?target=${encodeURIComponent(`!room${(i * 13) % 20_000}:example.org`)}&action=sms.relayed` },
      ];
      for (const c of cases) {
        const times: number[] = [];
        // Two warm-up requests: the first compiles templates and warms the page cache.
        for (let i = -2; i < requests; i++) {
          const start = performance.now();
          const res = await fetch(`${origin}${c.path(Math.max(0, i))}`, { headers: { cookie } });
          const body = await res.text();
          if (res.status !== 200) throw new Error(`${c.page}: ${res.status} ${body.slice(0, 200)}`);
          if (i >= 0) times.push(performance.now() - start);
        }
        const [p50, p95, max] = percentiles(times, [50, 95, 100]) as [number, number, number];
        rows.push({ page: c.page, requests, p50Ms: round(p50), p95Ms: round(p95), maxMs: round(max) });
      }
      return { ...machineInfo(), cpus: cpus().length, users: userCount, auditRecords: records, seedSeconds: round(seedSeconds), usersSource: "simulated Synapse admin API (10,000 generated accounts)", rows };
    } finally {
      await new Promise((r) => server.close(r));
      await Promise.all([audit.close(), sessions.close(), consents.close(), breakGlass.close(), tokens.close()]);
    }

    function depsFor(publicUrl: string): ConsoleDeps {
      return {
        settings: { publicUrl, sessionSecret: "b".repeat(40), serverName: "example.org", loginRateLimit: { windowMs: 60_000, limit: 1000 } },
        policy: loadPolicyFile(),
        synapse: simulatedDirectory(userCount),
        roles,
        audit,
        sessionStore: sessions,
        clock: () => new Date(),
        breakGlass: { userId: ADMIN, totpSecret, verifyPassword: async (u, p) => u === ADMIN && p === PASSWORD },
        wipeJournalDir: join(dir, "wipes"),
        wipeJobs: new MemoryWipeJobStore(),
        records: { ledger: audit, consents, breakGlass, tokens, checkPolicy: () => checkPolicyFile(policyPath()) },
      };
    }

    async function signIn(base: string): Promise<string> {
      const login = await fetch(`${base}/login`);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? "";
      const code = await generate({ secret: totpSecret });
      const res = await fetch(`${base}/login/breakglass`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, userId: ADMIN, password: PASSWORD, code }).toString(),
      });
      if (res.status !== 303) throw new Error(`bench sign-in: ${res.status}`);
      return (res.headers.get("set-cookie") ?? cookie).split(";")[0]!;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(app: ReturnType<typeof createConsoleApp>, port = 0): Promise<import("node:http").Server> {
  return new Promise((resolveListen) => {
    const server = app.listen(port, "127.0.0.1", () => resolveListen(server));
  });
}

const round = (v: number) => Math.round(v * 10) / 10;

export function printConsoleTable(result: ConsoleBenchResult): void {
  process.stdout.write(
    `\nAdmin console (${result.users.toLocaleString("en-US")} users from a ${result.usersSource.split(" (")[0]}, ${result.auditRecords.toLocaleString("en-US")} audit records on SQLite, seeded in ${result.seedSeconds} s; Node ${result.node}, ${result.cpus} CPUs)\n`,
  );
  process.stdout.write(`${formatTable(["page", "requests", "p50 ms", "p95 ms", "max ms"], result.rows.map((r) => [r.page, String(r.requests), String(r.p50Ms), String(r.p95Ms), String(r.maxMs)]))}\n`);
}

export async function runConsoleBenchAndReport(options: Parameters<typeof runConsoleBench>[0] = {}): Promise<ConsoleBenchResult> {
  const result = await runConsoleBench(options);
  printConsoleTable(result);
  process.stdout.write(`\nwritten to ${writeResult("console", result)}\n`);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const argv = process.argv.slice(2);
  const num = (name: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 1) {
      process.stderr.write(`bench:console: ${name} must be a positive integer\n`);
      process.exit(2);
    }
    return v;
  };
  await runConsoleBenchAndReport({ records: num("--records"), users: num("--users"), requests: num("--requests") });
}

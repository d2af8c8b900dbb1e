import { startBenchStack } from "./lib/benchStack.ts";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { runWipe, sweepIdleDevices, noJournal, type WipeStepName } from "../core/lifecycle/index.ts";
import { SynapseClient } from "../runtime/synapse/index.ts";
import { SynapseAccountActions } from "../runtime/lifecycle/SynapseAccountActions.ts";
import { repoRoot } from "../runtime/paths.ts";
import { machineInfo, writeResult } from "./lib/results.ts";
import { formatNumber, formatTable } from "./lib/table.ts";

/**
 * Devices and accounts against a real Synapse (SQLite):
 * - the idle sweep over WARDROOM_BENCH_USERS (default 10,000) users with 3 devices each, one
 *   device in ten idle past the limit: a first sweep that logs them off, then a steady-state
 *   sweep that finds nothing to do. The accounts and devices are written straight into
 *   Synapse's tables (registering 10,000 users through the API would take most of an hour of
 *   password hashing); the sweep itself goes through Wardroom's module and the admin API;
 * - a remote wipe of a user with 10 devices and 1,000 messages across 20 rooms, with media,
 *   total and per step.
 */

export interface LifecycleBenchResult {
  idle: { users: number; devices: number; idleDevices: number; firstSweepSeconds: number; loggedOff: number; steadySweepSeconds: number; scanned: number };
  wipe: { devices: number; rooms: number; messages: number; totalSeconds: number; steps: Record<string, number> };
}

const MIN = 60_000;

function seedDevices(dbFile: string, serverName: string, users: number, now: number): number {
  const db = new DatabaseSync(dbFile);
  try {
    db.exec("PRAGMA busy_timeout = 10000");
    const addUser = db.prepare("INSERT INTO users (name, password_hash, creation_ts, admin, is_guest, deactivated) VALUES (?, NULL, ?, 0, 0, 0)");
    const addDevice = db.prepare("INSERT INTO devices (user_id, device_id, display_name, last_seen, ip, user_agent, hidden) VALUES (?, ?, 'bench', ?, '127.0.0.1', 'bench', 0)");
    let idle = 0;
    db.exec("BEGIN");
    for (let u = 0; u < users; u++) {
      const userId = `@bench${String(u).padStart(5, "0")}:${serverName}`;
      addUser.run(userId, Math.floor(now / 1000));
      for (let d = 0; d < 3; d++) {
        // One device in ten idle for an hour: the first device of three users in ten.
        const isIdle = d === 0 && u % 10 < 3;
        if (isIdle) idle++;
        addDevice.run(userId, `DEV${d}`, isIdle ? now - 60 * MIN : now - MIN);
      }
    }
    db.exec("COMMIT");
    return idle;
  } finally {
    db.close();
  }
}

export async function runLifecycleBench(): Promise<LifecycleBenchResult> {
  const users = Number(process.env.WARDROOM_BENCH_USERS ?? 10_000);
  const { stack, stackDir, close } = await startBenchStack("lifecycle");
  try {
    const hs = stack.info.homeserver.url;
    const anon = new SynapseClient({ baseUrl: hs });
    const adminPassword = readFileSync(join(repoRoot, stack.info.admin.passwordFile), "utf8").trim();
    const admin = anon.withToken((await anon.loginWithPassword(stack.info.admin.userId, adminPassword, "bench")).accessToken);
    const actions = new SynapseAccountActions(admin);

    // Idle sweep.
    const now = Date.now();
    const idleDevices = seedDevices(join(stackDir, "synapse", "homeserver.db"), stack.info.homeserver.serverName, users, now);
    const settings = { idleLimitMs: stack.policy.sessions.idleLogoffMinutes * MIN, isExempt: (u: string) => !u.startsWith("@bench"), pageSize: 1000 };
    let t = performance.now();
    const first = await sweepIdleDevices(actions, settings, Date.now(), new Map());
    const firstSweepSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const steady = await sweepIdleDevices(actions, settings, Date.now(), new Map());
    const steadySweepSeconds = (performance.now() - t) / 1000;
    const loggedOff = first.loggedOff.reduce((n, l) => n + l.deviceIds.length, 0);
    if (first.failures.length > 0) throw new Error(`idle sweep: ${first.failures.length} users failed`);

    // Wipe of a busy user.
    const localpart = `wipe.bench.${randomUUID().slice(0, 6)}`;
    const password = randomUUID();
    const sharedSecret = readFileSync(join(stackDir, "synapse", "secrets", "registration_shared_secret"), "utf8").trim();
    await anon.registerWithSharedSecret({ sharedSecret, username: localpart, password, admin: false });
    const userId = `@${localpart}:${stack.info.homeserver.serverName}`;
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) tokens.push((await anon.loginWithPassword(userId, password, `device ${i}`)).accessToken);
    const user = anon.withToken(tokens[0]!);
    const rooms: string[] = [];
    for (let r = 0; r < 20; r++) rooms.push((await user.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", { body: { name: `bench ${r}` } })).room_id);
    let messages = 0;
    for (let m = 0; m < 1000; m++) {
      const room = rooms[m % rooms.length]!;
      await user.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/b${m}`, { body: { msgtype: "m.text", body: `bench message ${m}` } });
      messages++;
    }
    const stepStart = new Map<WipeStepName, number>();
    const steps: Record<string, number> = {};
    t = performance.now();
    const report = await runWipe({ userId, lock: true, redact: "all", media: true }, actions, noJournal, {
      progress: (line) => {
        const cut = line.indexOf(": ");
        const step = line.slice(0, cut) as WipeStepName;
        const rest = line.slice(cut + 2);
        if (rest?.endsWith("...")) stepStart.set(step, performance.now());
        else if (stepStart.has(step) && (rest?.startsWith("done") || rest?.startsWith("failed"))) steps[step] = (performance.now() - stepStart.get(step)!) / 1000;
      },
      now: () => new Date(),
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 200))),
      newId: () => randomUUID(),
    });
    const totalSeconds = (performance.now() - t) / 1000;
    if (!report.ok) throw new Error(`wipe bench: the wipe did not complete: ${JSON.stringify(report.steps)}`);

    const result: LifecycleBenchResult = {
      idle: { users, devices: users * 3, idleDevices, firstSweepSeconds, loggedOff, steadySweepSeconds, scanned: steady.scanned },
      wipe: { devices: report.devicesDeleted.length, rooms: rooms.length, messages, totalSeconds, steps },
    };
    process.stdout.write(
      `${formatTable(
        ["idle sweep (real Synapse, SQLite)", "users", "devices", "logged off", "seconds"],
        [
          ["first sweep (10% idle)", formatNumber(users), formatNumber(users * 3), formatNumber(loggedOff), formatNumber(firstSweepSeconds, 2)],
          ["steady state (none idle)", formatNumber(users), formatNumber(users * 3 - loggedOff), "0", formatNumber(steadySweepSeconds, 2)],
        ],
      )}\n\n${formatTable(
        ["wipe (10 devices, 1,000 messages, 20 rooms)", "seconds"],
        [...Object.entries(steps).map(([s, v]) => [s, formatNumber(v, 2)]), ["total", formatNumber(totalSeconds, 2)]],
      )}\n`,
    );
    writeResult("lifecycle", { ...machineInfo(), ...result });
    return result;
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await runLifecycleBench();

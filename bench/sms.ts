import { startBenchStack } from "./lib/benchStack.ts";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { defaultActionRegistry } from "../core/audit/actions/index.ts";
import { withConsentAuditActions } from "../core/consent/index.ts";
import { decideOutbound } from "../core/gate/outboundGate.ts";
import { detectPhi } from "../core/phi/index.ts";
import type { E164 } from "../core/sms/phone.ts";
import { type StackInfo } from "../infra/local/stack.ts";
import { openAuditLedger } from "../runtime/audit/index.ts";
import { openConsentStore } from "../runtime/consent/index.ts";
import { defaultPolicyPath, repoRoot, stateDir } from "../runtime/paths.ts";
import { loadPolicyFile } from "../runtime/policy.ts";
import { findPortalRoom } from "../runtime/synapse/portalLookup.ts";
import { SynapseClient } from "../runtime/synapse/index.ts";
import { loadCorpus } from "./lib/phiCorpus.ts";
import { formatNumber, formatTable } from "./lib/table.ts";
import { machineInfo, writeResult } from "./lib/results.ts";
import { percentiles } from "./lib/stats.ts";

/**
 * The SMS bridge under load, against a real stack (Synapse, simulator, bridge):
 * - inbound: texts from many numbers through the simulator's webhook into Synapse for
 *   WARDROOM_BENCH_SMS_SECONDS (default 60) s, then every one counted in its room (zero loss);
 * - the same load with Synapse SIGKILLed a third of the way in: sent, posted, lost, duplicated,
 *   out of order, and the time to drain once Synapse is back;
 * - a flood of 1,000 unsigned webhooks: the audit records it adds, the requests refused early;
 * - the gate's added latency per outbound message: consent lookup in the real ledger plus the
 *   PHI detector, p50/p99 over the PHI corpus.
 */

export interface SmsBenchResult {
  inbound: { seconds: number; rate: number; sent: number; delivered: number; lost: number; perSecond: number; drainSeconds: number; numbers: number };
  /** The same load with Synapse SIGKILLed a third of the way in (the stack restarts it). */
  synapseKilled: { seconds: number; rate: number; sent: number; posted: number; lost: number; duplicated: number; outOfOrder: number; drainAfterBackSeconds: number };
  /** 1,000 unsigned webhooks: how many audit records they add, and how many were refused early (429). */
  flood: { requests: number; auditRecordsAdded: number; rateLimited: number };
  gate: { messages: number; p50Us: number; p99Us: number; maxUs: number };
}

async function inboundBench(seconds: number, rate: number): Promise<Omit<SmsBenchResult, "gate">> {
  const { stack, close } = await startBenchStack("sms", {
    tune: (doc) => {
      doc.setIn(["sms", "quietHours", "enabled"], false);
      doc.setIn(["sms", "maxMessagesPerNumberPerHour"], 100);
    },
  });
  try {
    const numbers = Array.from({ length: 40 }, (_, i) => `+1555${String(300 + i).padStart(3, "0")}${String(1000 + i)}`);
    const sim = stack.info.sms.simulatorUrl;
    // An open-loop load at a fixed rate (WARDROOM_BENCH_SMS_RATE texts/s, default 20): the rate
    // is sustained if every text reaches its room and the backlog drains.
    let sent = 0;
    const total = Math.round(rate * seconds);
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const from = numbers[i % numbers.length]!;
      const p = fetch(`${sim}/sms/inbound`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from, body: `bench ${i}` }),
      }).then((res) => {
        if (res.status === 202) sent++;
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    const sendSeconds = (Date.now() - started) / 1000;
    // Every accepted text must end up in its room.
    const anonymous = new SynapseClient({ baseUrl: stack.info.homeserver.url });
    const login = await anonymous.loginWithPassword(stack.info.admin.userId, readFileSync(resolve(repoRoot, stack.info.admin.passwordFile), "utf8").trim(), "wardroom-bench");
    const admin = anonymous.withToken(login.accessToken);
    const count = async () => {
      let n = 0;
      for (const phone of numbers) {
        const room = await findPortalRoom(admin, phone);
        if (!room) continue;
        n += (await admin.roomMessages(room)).filter((m) => m.type === "m.room.message" && String(m.content.body).startsWith("bench ")).length;
      }
      return n;
    };
    let delivered = 0;
    const drainDeadline = Date.now() + 300_000;
    while (Date.now() < drainDeadline) {
      delivered = await count();
      if (delivered >= sent) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const elapsed = (Date.now() - started) / 1000;
    // Sustained: everything arrived within a few seconds of the end of the load.
    const inbound = { seconds, rate, sent, delivered, lost: sent - delivered, perSecond: delivered / elapsed, drainSeconds: elapsed - sendSeconds, numbers: numbers.length };
    const synapseKilled = await killedSynapseScenario(stack.info, admin, rate);
    const flood = await floodScenario(stack.info);
    return { inbound, synapseKilled, flood };
  } finally {
    await close();
  }
}

/** 15 s of load at `rate`, Synapse SIGKILLed after 5 s; then every text looked for in its room. */
async function killedSynapseScenario(info: StackInfo, admin: SynapseClient, rate: number): Promise<SmsBenchResult["synapseKilled"]> {
  const seconds = 15;
  const numbers = Array.from({ length: 10 }, (_, i) => `+1555${String(600 + i).padStart(3, "0")}${String(2000 + i)}`);
  const synapse = info.internal.components.find((c) => c.name === "synapse")!;
  const sentBy = new Map<string, string[]>(numbers.map((n) => [n, []]));
  const total = seconds * rate;
  const started = Date.now();
  const pid = Number(readFileSync(synapse.pidFile!, "utf8"));
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (i === Math.round(total / 3)) process.kill(pid, "SIGKILL");
    const from = numbers[i % numbers.length]!;
    const body = `killed ${i}`;
    const res = await fetch(`${info.sms.simulatorUrl}/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from, body }) });
    if (res.status === 202) sentBy.get(from)!.push(body);
  }
  const probe = new SynapseClient({ baseUrl: info.homeserver.url, timeoutMs: 2000 });
  while (!(Number(readFileSync(synapse.pidFile!, "utf8")) !== pid && (await probe.isHealthy()))) await new Promise((r) => setTimeout(r, 500));
  const back = Date.now();
  const sent = [...sentBy.values()].reduce((n, l) => n + l.length, 0);
  let posted = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    posted = duplicated = outOfOrder = 0;
    for (const [phone, bodies] of sentBy) {
      const room = await findPortalRoom(admin, phone).catch(() => undefined);
      if (!room) continue;
      const got = (await admin.roomMessages(room).catch(() => [])).map((m) => String(m.content.body)).filter((b) => b.startsWith("killed "));
      const unique = [...new Set(got)];
      posted += unique.length;
      duplicated += got.length - unique.length;
      if (unique.join("|") !== bodies.slice(0, unique.length).join("|")) outOfOrder++;
    }
    if (posted >= sent) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { seconds, rate, sent, posted, lost: sent - posted, duplicated, outOfOrder, drainAfterBackSeconds: (Date.now() - back) / 1000 };
}

/** 1,000 unsigned webhook POSTs from one source; the audit records they add, counted after the stack stops (the aggregates are flushed then). */
async function floodScenario(info: StackInfo): Promise<SmsBenchResult["flood"]> {
  const countRecords = async () => {
    const ledger = await openAuditLedger({ url: info.internal.auditUrl });
    try {
      return (await ledger.query({ action: "sms.webhook_rejected", limit: 100_000 })).records.length;
    } finally {
      await ledger.store.close();
    }
  };
  const before = await countRecords();
  let rateLimited = 0;
  for (let batch = 0; batch < 100; batch++) {
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${info.internal.bridge.url}/webhooks/sms`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => r.status)),
    );
    rateLimited += statuses.filter((s) => s === 429).length;
  }
  const after = await countRecords();
  return { requests: 1000, auditRecordsAdded: after - before, rateLimited };
}

async function gateBench(): Promise<SmsBenchResult["gate"]> {
  const dir = join(stateDir(), "bench", `gate-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const policy = loadPolicyFile(defaultPolicyPath);
  const audit = await openAuditLedger({ url: `sqlite:${join(dir, "audit.db")}`, actions: withConsentAuditActions(defaultActionRegistry()) });
  const ledger = await openConsentStore({ url: `sqlite:${join(dir, "consent.db")}`, audit });
  try {
    const messages = loadCorpus().map((m) => m.text);
    const phones = Array.from({ length: 100 }, (_, i) => `+1555400${String(1000 + i)}` as E164);
    const times: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      for (let i = 0; i < messages.length; i++) {
        const t0 = process.hrtime.bigint();
        await decideOutbound({
          kind: "clinician",
          text: messages[i]!,
          blockWithoutConsent: policy.phi.blockWithoutConsent,
          consentState: async () => (await ledger.currentState(phones[i % phones.length]!)).state,
          detectPhi,
        });
        if (pass > 0) times.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
    }
    const [p50, p99] = percentiles(times, [50, 99]);
    return { messages: times.length, p50Us: p50!, p99Us: p99!, maxUs: Math.max(...times) };
  } finally {
    await ledger.close();
    await audit.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runSmsBench(options: { seconds?: number; rate?: number } = {}): Promise<SmsBenchResult> {
  const seconds = options.seconds ?? Number(process.env.WARDROOM_BENCH_SMS_SECONDS ?? 60);
  const gate = await gateBench();
  const inbound = await inboundBench(seconds, options.rate ?? Number(process.env.WARDROOM_BENCH_SMS_RATE ?? 20));
  const result = { ...inbound, gate };
  process.stdout.write(
    `\nSMS bridge\n${formatTable(
      ["measure", "value", "target"],
      [
        [`inbound offered for ${inbound.inbound.seconds} s (texts/s)`, formatNumber(inbound.inbound.rate, 1), ""],
        ["inbound into Synapse (texts/s, incl. drain)", formatNumber(inbound.inbound.perSecond, 1), ""],
        ["inbound sent / delivered / lost", `${inbound.inbound.sent} / ${inbound.inbound.delivered} / ${inbound.inbound.lost}`, "lost = 0"],
        ["backlog drained after the load (s)", formatNumber(inbound.inbound.drainSeconds, 1), "a few s"],
        [`Synapse SIGKILLed during ${inbound.synapseKilled.seconds} s at ${inbound.synapseKilled.rate}/s: sent / posted / lost / duplicated`, `${inbound.synapseKilled.sent} / ${inbound.synapseKilled.posted} / ${inbound.synapseKilled.lost} / ${inbound.synapseKilled.duplicated}`, "lost = dup = 0"],
        ["  patients whose texts came out of order", String(inbound.synapseKilled.outOfOrder), "0"],
        ["  drained after Synapse was back (s)", formatNumber(inbound.synapseKilled.drainAfterBackSeconds, 1), ""],
        [`audit records added by ${inbound.flood.requests} unsigned webhooks (before the minute's aggregate)`, String(inbound.flood.auditRecordsAdded), "a few"],
        ["  of them refused early (429)", String(inbound.flood.rateLimited), ""],
        ["gate added latency p50 (µs)", formatNumber(gate.p50Us, 1), ""],
        ["gate added latency p99 (µs)", formatNumber(gate.p99Us, 1), ""],
      ],
      ["left", "right", "left"],
    )}\n`,
  );
  writeResult("sms", { ...machineInfo(), ...result });
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await runSmsBench();
  process.exit(r.inbound.lost === 0 && r.synapseKilled.lost === 0 && r.synapseKilled.duplicated === 0 ? 0 : 1);
}

import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { defaultActionRegistry } from "../../../core/audit/index.ts";
import { withConsentAuditActions, type ConsentEvent } from "../../../core/consent/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { openConsentStore } from "../../../runtime/consent/index.ts";
import { backends } from "./backends.ts";
import { BOT, optedOut, PHONE, reply, warningSent } from "./events.ts";

const RACER = join(import.meta.dirname, "fixtures", "racer.ts");

interface Racer {
  ready: Promise<void>;
  go(): void;
  /** The racer's last line: "won" or the class name of the error it got. */
  result: Promise<string>;
}

/** Starts fixtures/racer.ts as its own process with the project's Node and tsx. */
function startRacer(consentUrl: string, auditUrl: string, mode: "expect" | "latest", event: ConsentEvent): Racer {
  const child = spawn(process.execPath, ["--import", "tsx", RACER, consentUrl, auditUrl, mode, JSON.stringify(event)], { stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    if (line === "ready") readyResolve();
  });
  const result = once(child, "exit").then(([code]) => {
    if (code !== 0) throw new Error(`racer exited with ${String(code)}: ${stderr.trim()}`);
    return lines[lines.length - 1] ?? "";
  });
  return { ready: Promise.race([ready, result.then(() => {})]), go: () => child.stdin.write("go\n"), result };
}

describe.each(backends)("two processes racing on one number on $name", (backend) => {
  afterAll(() => backend.cleanup());

  /** A number in warned, and two events that each move it from there. */
  async function warnedNumber(): Promise<{ consentUrl: string; auditUrl: string; accept: ConsentEvent; stop: ConsentEvent }> {
    const consentUrl = backend.freshUrl("consent");
    const auditUrl = backend.freshUrl("audit");
    const audit = await openAuditLedger({ url: auditUrl, actions: withConsentAuditActions(defaultActionRegistry()) });
    const store = await openConsentStore({ url: consentUrl, audit });
    const sent = warningSent();
    await store.record({ event: sent.event, actor: BOT, warningText: sent.warning.text });
    await store.close();
    await audit.close();
    return { consentUrl, auditUrl, accept: reply("accepted", sent), stop: optedOut() };
  }

  async function race(consentUrl: string, auditUrl: string, mode: "expect" | "latest", events: ConsentEvent[]): Promise<string[]> {
    const racers = events.map((e) => startRacer(consentUrl, auditUrl, mode, e));
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.go();
    return Promise.all(racers.map((r) => r.result));
  }

  it.skipIf(backend.skipReason)(
    "deciding from the same revision: one records, the other gets ConsentConflictError",
    async () => {
      const { consentUrl, auditUrl, accept, stop } = await warnedNumber();
      const results = await race(consentUrl, auditUrl, "expect", [accept, stop]);
      expect([...results].sort()).toEqual(["ConsentConflictError", "won"]);

      const audit = await openAuditLedger({ url: auditUrl, actions: withConsentAuditActions(defaultActionRegistry()) });
      const store = await openConsentStore({ url: consentUrl, audit });
      try {
        const history = await store.history(PHONE);
        expect(history.events.map((e) => e.revision)).toEqual([1, 2]);
        expect(history.status.state).toBe(results[0] === "won" ? "accepted" : "opted_out");
        expect(await store.verify()).toMatchObject({ ok: true, events: 2 });
        expect(await audit.verify()).toMatchObject({ ok: true, checked: 2 });
      } finally {
        await store.close();
        await audit.close();
      }
    },
    60_000,
  );

  it.skipIf(backend.skipReason)(
    "the same acceptance from two processes: the second sees it and is refused as a transition",
    async () => {
      const { consentUrl, auditUrl, accept } = await warnedNumber();
      const results = await race(consentUrl, auditUrl, "latest", [accept, accept]);
      expect([...results].sort()).toEqual(["ConsentTransitionError", "won"]);
      const store = await openConsentStore({ url: consentUrl });
      try {
        expect(await store.currentState(PHONE)).toMatchObject({ state: "accepted", revision: 2 });
      } finally {
        await store.close();
      }
    },
    60_000,
  );
});

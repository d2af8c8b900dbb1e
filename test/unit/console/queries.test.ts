import { afterAll, describe, expect, it } from "vitest";
import { defaultActionRegistry, type AuditEntry } from "../../../core/audit/index.ts";
import { parseAuditFilters } from "../../../core/console/index.ts";
import { renderWarning, withConsentAuditActions } from "../../../core/consent/index.ts";
import { InputError } from "../../../core/errors.ts";
import type { E164 } from "../../../core/sms/index.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { exportAudit } from "../../../runtime/audit/auditExport.ts";
import { dailyActionCounts, ledgerHealth } from "../../../runtime/audit/auditStats.ts";
import { SqlBreakGlassStore } from "../../../runtime/breakglass/SqlBreakGlassStore.ts";
import { consentCountsByState, consentTrailLines, searchConsents } from "../../../runtime/consent/consentSearch.ts";
import { openConsentStore } from "../../../runtime/consent/index.ts";
import { backends } from "../../helpers/databases.ts";
import { policy, warningSent } from "../consent/events.ts";

describe("audit filters", () => {
  it("parses the query string, records which filters were used, and names a bad parameter", () => {
    const f = parseAuditFilters({ actor: " @a:x ", action: "device.wiped", since: "2025-01-01", until: "", limit: "20" });
    expect(f.query).toMatchObject({ actor: "@a:x", action: "device.wiped", since: "2025-01-01", limit: 20, cursor: null });
    expect(f.used).toEqual(["actor", "action", "since"]);
    expect(() => parseAuditFilters({ since: "yesterday" })).toThrow(/^since:/);
    expect(() => parseAuditFilters({ action: "DROP TABLE" })).toThrow(/^action:/);
    expect(() => parseAuditFilters({ cursor: "0" })).toThrow(/^cursor:/);
    expect(() => parseAuditFilters({ limit: "5000" })).toThrow(/^limit:/);
    expect(() => parseAuditFilters({ actor: ["a", "b"] })).toThrow(/^actor: give it once/);
    expect(() => parseAuditFilters({ target: "a\u202eb" })).toThrow(InputError);
    expect(() => parseAuditFilters({ target: "x".repeat(300) })).toThrow(/^target:/);
  });
});

function clockAt(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe.each(backends)("console queries on $name", (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skipReason)("exports filtered records newest first as JSONL and as CSV with formula cells defused", async () => {
    const clock = clockAt("2025-03-01T00:00:00.000Z");
    const ledger = await openAuditLedger({ url: backend.freshUrl("audit"), clock: clock.now });
    try {
      const entries: AuditEntry[] = [];
      const details = { deviceIds: ["DEV"], devicesDeleted: 1, locked: true };
      for (let i = 0; i < 2500; i++) entries.push({ actor: i % 2 ? "@alice:x" : "=1+2", action: "device.wiped", target: `DEV${i}`, details });
      await ledger.appendBatch(entries);
      const progress = { records: 0, complete: false };
      let jsonl = "";
      for await (const chunk of exportAudit(ledger, { actor: "@alice:x" }, "jsonl", progress)) jsonl += chunk;
      const lines = jsonl.trim().split("\n").map((l) => JSON.parse(l) as { seq: number; actor: string });
      expect(lines).toHaveLength(1250);
      expect(progress).toEqual({ records: 1250, complete: true });
      expect(lines[0]!.seq).toBeGreaterThan(lines[1]!.seq);
      expect(new Set(lines.map((l) => l.actor))).toEqual(new Set(["@alice:x"]));

      let csv = "";
      for await (const chunk of exportAudit(ledger, { target: "DEV0" }, "csv")) csv += chunk;
      const rows = csv.split("\r\n");
      expect(rows[0]).toBe("seq,ts,actor,action,target,details,prevHash,hash");
      // Cells a spreadsheet would run as formulas start with a quote (Matrix ids start with @).
      expect(rows[1]).toContain(",'=1+2,device.wiped,DEV0,");
      expect(rows[1]).not.toMatch(/,[=+@-]/);
      // The JSON details cell has quotes and commas: it is one quoted field.
      expect(rows[1]).toContain('"{""deviceIds"":[""DEV""],""devicesDeleted"":1,""locked"":true}"');
      expect(rows).toHaveLength(3);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("counts an action per day and reports the ledger's checkpoint and verification", async () => {
    const clock = clockAt("2025-03-01T10:00:00.000Z");
    const ledger = await openAuditLedger({ url: backend.freshUrl("audit"), clock: clock.now });
    try {
      const blocked = { actor: "system:sms-bridge", action: "sms.blocked", target: "!r:x", details: { reason: "phi_detected" } };
      await ledger.append(blocked);
      await ledger.append(blocked);
      clock.advance(86_400_000);
      await ledger.append(blocked);
      await ledger.append({ actor: "system:cli", action: "stack.started" });
      expect(await dailyActionCounts(ledger, "sms.blocked", new Date("2025-02-01T00:00:00Z"))).toEqual([
        { day: "2025-03-01", count: 2 },
        { day: "2025-03-02", count: 1 },
      ]);
      expect(await dailyActionCounts(ledger, "sms.blocked", new Date("2025-03-02T00:00:00Z"))).toEqual([{ day: "2025-03-02", count: 1 }]);
      expect(await dailyActionCounts(ledger, "sms.blocked", new Date("2026-01-01T00:00:00Z"))).toEqual([]);
      expect(await ledgerHealth(ledger)).toMatchObject({ headSeq: 4, lastCheckpoint: null, lastVerification: null });
      await ledger.append({ actor: "@a:x", action: "audit.verified", details: { ok: true, checked: 4 } });
      expect((await ledgerHealth(ledger)).lastVerification).toEqual({ ts: clock.now().toISOString(), ok: true, checked: 4 });
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("finds numbers by prefix and state page by page, counts states, and gives one number's trail", async () => {
    const audit = await openAuditLedger({ url: backend.freshUrl("audit"), actions: withConsentAuditActions(defaultActionRegistry()) });
    const store = await openConsentStore({ url: backend.freshUrl("consent"), audit });
    try {
      const warning = renderWarning(policy, "en");
      const phones = Array.from({ length: 7 }, (_, i) => `+1555555010${i}` as E164);
      for (const p of phones) await store.record({ event: warningSent(p, warning).event, actor: "system:compliance", warningText: warning.text });
      const first = await searchConsents(store, { phonePrefix: "1 (555) 555-01", state: "warned", limit: 3 });
      expect(first.rows.map((r) => r.phone)).toEqual(phones.slice(0, 3));
      expect(first.rows[0]!.phoneRef).toMatch(/^phone:/);
      const second = await searchConsents(store, { state: "warned", limit: 3, after: first.nextCursor! });
      expect(second.rows.map((r) => r.phone)).toEqual(phones.slice(3, 6));
      const last = await searchConsents(store, { state: "warned", limit: 3, after: second.nextCursor! });
      expect(last).toEqual({ rows: [expect.objectContaining({ phone: phones[6] })], nextCursor: null });
      expect((await searchConsents(store, { state: "accepted" })).rows).toEqual([]);
      expect((await searchConsents(store, { phonePrefix: "+1555555010" })).rows).toHaveLength(7);
      expect((await searchConsents(store, { phonePrefix: "+15555550103" })).rows).toHaveLength(1);
      await expect(searchConsents(store, { state: "happy" })).rejects.toThrow(/^state:/);
      await expect(searchConsents(store, { phonePrefix: "555' OR 1=1" })).rejects.toThrow(/^phone:/);
      expect(await consentCountsByState(store)).toEqual({ unknown: 0, warned: 7, accepted: 0, declined: 0, opted_out: 0 });
      const lines = [...consentTrailLines(await store.history(phones[0]!))].map((l) => JSON.parse(l) as { type: string });
      expect(lines.map((l) => l.type)).toEqual(["status", "event", "warning"]);
    } finally {
      await store.close();
      await audit.close();
    }
  });

  it.skipIf(backend.skipReason)("pages through past break-glass grants newest first without skipping same-time grants", async () => {
    const store = await SqlBreakGlassStore.open(backend.freshUrl("breakglass"));
    try {
      const at = (m: number) => new Date(Date.UTC(2025, 2, 1, 10, m)).toISOString();
      for (let i = 0; i < 5; i++) {
        await store.insert({ id: `g${i}`, requester: "@e:x", roomId: "!r:x", reason: "code blue", minutes: 30, grantedAt: at(i < 2 ? 0 : i), expiresAt: at(40), notified: ["@so:x"], endedAt: at(45), endReason: "expired" });
      }
      await store.insert({ id: "open", requester: "@e:x", roomId: "!r:x", reason: "r", minutes: 30, grantedAt: at(50), expiresAt: at(80), notified: [], endedAt: null, endReason: null });
      const p1 = await store.past({ limit: 2 });
      const p2 = await store.past({ limit: 2, before: p1.nextCursor });
      const p3 = await store.past({ limit: 2, before: p2.nextCursor });
      expect([...p1.grants, ...p2.grants, ...p3.grants].map((g) => g.id)).toEqual(["g4", "g3", "g2", "g1", "g0"]);
      expect(p3.nextCursor).toBeNull();
      expect(p1.grants[0]).toMatchObject({ notified: ["@so:x"], endReason: "expired", reason: "code blue" });
      await expect(store.past({ before: "nonsense" })).rejects.toThrow(/^before:/);
    } finally {
      await store.close();
    }
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { openAuditLedger, SpoolDrain, SYNAPSE_SPOOL_SOURCE, type SpoolSource } from "../../../runtime/audit/index.ts";
import { backends } from "./backends.ts";

interface Spooled {
  seq: number;
  ts: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/**
 * The spool's contract as the module serves it (records after a seq, acknowledge deletes),
 * held in memory, with faults on demand: the Synapse side is exercised against the real
 * module in test/integration/auditTrail.test.ts.
 */
class MemorySpool implements SpoolSource {
  rows: Spooled[] = [];
  failAck = 0;
  failRead = 0;
  reads = 0;
  add(n: number, make: (i: number) => Partial<Spooled> = () => ({})): void {
    for (let i = 0; i < n; i++) {
      const seq = (this.rows.at(-1)?.seq ?? this.lastSeq) + 1;
      this.lastSeq = seq;
      this.rows.push({ seq, ts: Date.UTC(2026, 0, 1, 0, 0, 0, seq), actor: "@u:x", action: "session.logged_in", target: "@u:x", details: { method: "password", deviceId: `DEV${seq}` }, ...make(i) });
    }
  }
  lastSeq = 0;
  async read(after: number, limit: number) {
    this.reads++;
    if (this.failRead > 0 && this.failRead--) throw new Error("homeserver down");
    return { records: this.rows.filter((r) => r.seq > after).slice(0, limit), pending: this.rows.length };
  }
  async acknowledge(through: number) {
    if (this.failAck > 0 && this.failAck--) throw new Error("lost answer");
    this.rows = this.rows.filter((r) => r.seq > through);
  }
}

describe.each(backends)("the spool drain on $name", (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skipReason)("moves records in spool order, once, even when an acknowledgement is lost", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    const spool = new MemorySpool();
    const drain = new SpoolDrain(ledger, spool, { batchSize: 4 });
    try {
      spool.add(10);
      spool.failAck = 1; // the ledger has the first batch, the spool does not know it
      await expect(drain.drainOnce()).rejects.toThrow("lost answer");
      expect(spool.rows).toHaveLength(10);
      expect(await drain.drainOnce()).toBe(6); // the first four are skipped, not duplicated
      expect(spool.rows).toEqual([]);
      const devices: unknown[] = [];
      for await (const r of ledger.records()) devices.push(r.details.deviceId);
      expect(devices).toEqual(Array.from({ length: 10 }, (_, i) => `DEV${i + 1}`));
      expect(await ledger.sourceCursor(SYNAPSE_SPOOL_SOURCE)).toBe(10);
      const [first] = (await ledger.query({ limit: 1000 })).records.reverse();
      expect(first!.details.occurredAt).toBe("2026-01-01T00:00:00.001Z");
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("applies a batch handed over twice (two drains, a retry) once", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    try {
      const entries = [1, 2, 3].map((seq) => ({ sourceSeq: seq, actor: "@u:x", action: "session.logged_out", target: "@u:x", details: { occurredAt: "2026-01-01T00:00:00.000Z" } }));
      const [a, b] = await Promise.all([ledger.appendFromSource("synapse_spool", entries), ledger.appendFromSource("synapse_spool", entries)]);
      expect(a!.length + b!.length).toBe(3);
      expect(await ledger.appendFromSource("synapse_spool", entries.slice(1))).toEqual([]);
      expect((await ledger.head())!.seq).toBe(3);
      await expect(ledger.appendFromSource("synapse_spool", [entries[1]!, entries[0]!])).rejects.toThrow(/sourceSeq must increase/);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("keeps a record the registry refuses as audit.source_record_refused, never its content", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    const spool = new MemorySpool();
    try {
      spool.add(3, (i) => (i === 1 ? { action: "session.logged_in", details: { method: "password", note: "Jane Doe +15555550123" } } : {}));
      await new SpoolDrain(ledger, spool).drainOnce();
      const records = (await ledger.query({ limit: 10 })).records.reverse();
      expect(records.map((r) => r.action)).toEqual(["session.logged_in", "audit.source_record_refused", "session.logged_in"]);
      expect(records[1]).toMatchObject({ actor: "system:synapse_spool", details: { source: "synapse_spool", sourceSeq: 2, problem: "invalid_record" } });
      expect(JSON.stringify(records)).not.toContain("Jane");
      expect(spool.rows).toEqual([]);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("keeps retrying while the homeserver is down, and loses nothing", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    const spool = new MemorySpool();
    const drain = new SpoolDrain(ledger, spool, { idleMs: 5, retryMs: 5 });
    try {
      spool.add(5);
      spool.failRead = 3;
      drain.start();
      for (let i = 0; i < 400 && spool.rows.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
      await drain.stop();
      expect(spool.reads).toBeGreaterThan(3);
      expect((await ledger.head())!.seq).toBe(5);
    } finally {
      await ledger.close();
    }
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { hashRecord, type AuditEntry } from "../../../core/audit/index.ts";
import { InputError } from "../../../core/errors.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends } from "./backends.ts";

/** A clock the test moves by hand: records get known timestamps. */
function manualClock(start: string): { now: () => Date; set: (iso: string) => void } {
  let t = new Date(start);
  return { now: () => t, set: (iso) => (t = new Date(iso)) };
}

const relayed = (actor: string, target: string): AuditEntry => ({
  actor,
  action: "sms.relayed",
  target,
  details: { direction: "outbound", phiCategories: ["NAME"] },
});

describe.each(backends)("audit ledger on $name", (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skipReason)("appends records chained by hash, seq from 1 without gaps", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    try {
      const a = await ledger.append(relayed("@alice:example.org", "!room1:example.org"));
      const [b, c] = await ledger.appendBatch([
        { actor: "system:compliance", action: "consent.warning_sent", target: "!room1:example.org", details: { warningHash: "0".repeat(64) } },
        { actor: "system:cli", action: "stack.started" },
      ]);
      expect([a.seq, b!.seq, c!.seq]).toEqual([1, 2, 3]);
      expect(b!.prevHash).toBe(a.hash);
      expect(c!.prevHash).toBe(b!.hash);
      expect(c).toMatchObject({ target: null, details: {} });
      for (const r of [a, b!, c!]) expect(hashRecord(r)).toBe(r.hash);
      expect(await ledger.head()).toEqual({ seq: 3, ts: c!.ts, hash: c!.hash });
      const report = await ledger.verify();
      expect(report).toMatchObject({ ok: true, checked: 3, firstSeq: 1, lastSeq: 3, lastHash: c!.hash, problem: null });
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("stores what it returns: a reopened ledger reads the same records", async () => {
    const url = backend.freshUrl();
    const first = await openAuditLedger({ url });
    const written = await first.appendBatch([relayed("@a:x", "!r:x"), relayed("@b:x", "!r:x")]);
    await first.close();
    const second = await openAuditLedger({ url });
    try {
      const read = [];
      for await (const r of second.records()) read.push(r);
      expect(read).toEqual(written);
    } finally {
      await second.close();
    }
  });

  it.skipIf(backend.skipReason)("refuses an invalid entry and stores nothing of its batch", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    try {
      await expect(
        ledger.appendBatch([relayed("@a:x", "!r:x"), { actor: "@a:x", action: "sms.blocked", target: "!r:x", details: { reason: "no_consent", text: "hello" } }]),
      ).rejects.toThrow(InputError);
      await expect(ledger.append({ actor: "Dr Alice Smith", action: "stack.started" })).rejects.toThrow(/actor: must be/);
      await expect(ledger.append({ actor: "@a:x", action: "stack.started", target: "+15551234567" })).rejects.toThrow(/target: must be/);
      expect(await ledger.head()).toBeNull();
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("never lets ts go backwards, even when the clock does", async () => {
    const clock = manualClock("2025-03-01T10:00:00.000Z");
    const ledger = await openAuditLedger({ url: backend.freshUrl(), clock: clock.now });
    try {
      await ledger.append(relayed("@a:x", "!r:x"));
      clock.set("2025-03-01T09:59:00.000Z");
      const second = await ledger.append(relayed("@a:x", "!r:x"));
      expect(second.ts).toBe("2025-03-01T10:00:00.000Z");
      expect((await ledger.verify()).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("queries by actor, target, action and time range, newest first, with cursor pagination", async () => {
    const clock = manualClock("2025-01-01T00:00:00.000Z");
    const ledger = await openAuditLedger({ url: backend.freshUrl(), clock: clock.now });
    try {
      // 30 records, one per day: actors alternate a/b/c, targets r0..r4.
      for (let i = 0; i < 30; i++) {
        clock.set(new Date(Date.UTC(2025, 0, 1 + i)).toISOString());
        const actor = ["@a:x", "@b:x", "@c:x"][i % 3]!;
        await ledger.append(i % 10 === 9 ? { actor, action: "account.locked", target: `@u${i}:x`, details: { reason: "lost_device" } } : relayed(actor, `!r${i % 5}:x`));
      }
      const byActor = await ledger.query({ actor: "@b:x", limit: 4 });
      expect(byActor.records.map((r) => r.seq)).toEqual([29, 26, 23, 20]);
      const next = await ledger.query({ actor: "@b:x", limit: 4, cursor: byActor.nextCursor });
      expect(next.records.map((r) => r.seq)).toEqual([17, 14, 11, 8]);
      const last = await ledger.query({ actor: "@b:x", limit: 4, cursor: next.nextCursor });
      expect(last.records.map((r) => r.seq)).toEqual([5, 2]);
      expect(last.nextCursor).toBeNull();

      expect((await ledger.query({ target: "!r2:x" })).records.map((r) => r.seq)).toEqual([28, 23, 18, 13, 8, 3]);
      expect((await ledger.query({ action: "account.locked" })).records.map((r) => r.target)).toEqual(["@u29:x", "@u19:x", "@u9:x"]);

      // since inclusive, until exclusive: Jan 10 (seq 10) .. before Jan 20 (seq 19).
      const range = await ledger.query({ since: "2025-01-10", until: "2025-01-20T00:00:00Z" });
      expect(range.records.map((r) => r.seq)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
      const combined = await ledger.query({ actor: "@a:x", action: "sms.relayed", since: new Date("2025-01-10"), until: "2025-01-25" });
      expect(combined.records.map((r) => r.seq)).toEqual([22, 19, 16, 13]);
      expect((await ledger.query({ since: "2026-01-01" })).records).toEqual([]);
      expect((await ledger.query({ actor: "@nobody:x" })).records).toEqual([]);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("refuses bad query parameters, naming them", async () => {
    const ledger = await openAuditLedger({ url: backend.freshUrl() });
    try {
      await expect(ledger.query({ limit: 0 })).rejects.toThrow("limit: must be an integer from 1 to 1000");
      await expect(ledger.query({ cursor: "abc" })).rejects.toThrow(/^cursor: /);
      await expect(ledger.query({ since: "yesterday" })).rejects.toThrow(/^since: must be an ISO 8601/);
      await expect(ledger.verify({ from: 5, to: 2 })).rejects.toThrow("from: must not be greater than to");
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("exports oldest first in pages, across page boundaries, within a time range", async () => {
    const clock = manualClock("2025-01-01T00:00:00.000Z");
    const ledger = await openAuditLedger({ url: backend.freshUrl(), clock: clock.now });
    try {
      for (let i = 0; i < 25; i++) {
        clock.set(new Date(Date.UTC(2025, 0, 1, i)).toISOString());
        await ledger.append(relayed("@a:x", "!r:x"));
      }
      const all = [];
      for await (const r of ledger.records({ pageSize: 7 })) all.push(r.seq);
      expect(all).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      const some = [];
      for await (const r of ledger.records({ since: "2025-01-01T05:00:00Z", until: "2025-01-01T09:00:00Z", pageSize: 2 })) some.push(r.seq);
      expect(some).toEqual([6, 7, 8, 9]);
    } finally {
      await ledger.close();
    }
  });
});

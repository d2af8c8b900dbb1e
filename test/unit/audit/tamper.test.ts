import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { hashRecord, type AuditLedger, type Details } from "../../../core/audit/index.ts";
import { FileAnchorSink, openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends, dropAuditGuards, type Backend } from "./backends.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function anchorsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "wardroom-anchors-"));
  dirs.push(dir);
  return join(dir, "anchors.jsonl");
}

async function filled(url: string, count: number): Promise<AuditLedger> {
  const ledger = await openAuditLedger({ url });
  await ledger.appendBatch(
    Array.from({ length: count }, (_, i) => ({
      actor: `@user${i % 3}:example.org`,
      action: "account.locked",
      target: `@patient${i}:example.org`,
      details: { reason: "lost_device" },
    })),
  );
  return ledger;
}

/** What an attacker with database access does first: the append-only trigger is no obstacle. */
async function dropGuard(backend: Backend, url: string): Promise<void> {
  await dropAuditGuards(backend, url);
}

describe.each(backends)("tampering on $name", (backend) => {
  afterAll(() => backend.cleanup());
  let url: string;
  let ledger: AuditLedger;
  beforeEach(async (ctx) => {
    if (backend.skipReason) ctx.skip();
    url = backend.freshUrl();
    ledger = await filled(url, 10);
    return () => ledger.close();
  });

  it.skipIf(backend.skipReason)("the database refuses an UPDATE of a record", async () => {
    await expect(backend.raw(url, "UPDATE audit_records SET actor = '@mallory:x' WHERE seq = 4")).rejects.toThrow(/append-only/);
    expect((await ledger.verify()).ok).toBe(true);
  });

  it.skipIf(backend.skipReason)("the database refuses a DELETE of records (and a TRUNCATE on PostgreSQL)", async () => {
    await expect(backend.raw(url, "DELETE FROM audit_records WHERE seq >= 8")).rejects.toThrow(/append-only/);
    await expect(backend.raw(url, "DELETE FROM audit_records")).rejects.toThrow(/append-only/);
    if (backend.name === "postgres") await expect(backend.raw(url, "TRUNCATE audit_records")).rejects.toThrow(/append-only/);
    // The purge's own permission does not linger after it.
    expect(await backend.raw(url, "SELECT key FROM audit_meta WHERE key = 'purge_through'")).toEqual([]);
    expect(await ledger.verify()).toMatchObject({ ok: true, lastSeq: 10 });
  });

  it.skipIf(backend.skipReason)("detects a changed field, naming the record", async () => {
    await dropGuard(backend, url);
    await backend.raw(url, "UPDATE audit_records SET actor = '@mallory:example.org' WHERE seq = 4");
    const report = await ledger.verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: 4, kind: "hash_mismatch" });
    expect(report.problem!.message).toBe("record 4: hash does not match its content (a field was changed)");
    expect(report.checked).toBe(3);
  });

  it.skipIf(backend.skipReason)("detects details re-encoded without a change of meaning, or made unreadable", async () => {
    await dropGuard(backend, url);
    await backend.raw(url, `UPDATE audit_records SET details = '{ "reason": "lost_device" }' WHERE seq = 2`);
    expect((await ledger.verify()).problem).toMatchObject({ seq: 2, kind: "hash_mismatch" });
    await backend.raw(url, `UPDATE audit_records SET details = '{"reason":' WHERE seq = 2`);
    expect((await ledger.verify()).problem).toMatchObject({ seq: 2, kind: "hash_mismatch" });
  });

  it.skipIf(backend.skipReason)("detects changed details, even with the record's own hash recomputed", async () => {
    await dropGuard(backend, url);
    const [row] = await backend.raw(url, "SELECT * FROM audit_records WHERE seq = 6");
    const details: Details = { reason: "left_practice" };
    const forged = hashRecord({
      seq: 6,
      ts: row!.ts as string,
      actor: row!.actor as string,
      action: row!.action as string,
      target: row!.target as string,
      details,
      prevHash: row!.prev_hash as string,
    });
    await backend.raw(url, `UPDATE audit_records SET details = '{"reason":"left_practice"}', hash = '${forged}' WHERE seq = 6`);
    expect((await ledger.verify()).problem).toMatchObject({ seq: 7, kind: "link_broken" });
  });

  it.skipIf(backend.skipReason)("detects a deleted record", async () => {
    await dropGuard(backend, url);
    await backend.raw(url, "DELETE FROM audit_records WHERE seq = 5");
    const report = await ledger.verify();
    expect(report.problem).toMatchObject({ seq: 5, kind: "missing" });
    expect(report.problem!.message).toBe("record 5: missing (record 5 absent; the ledger jumps to 6)");
  });

  it.skipIf(backend.skipReason)("detects deleted first records", async () => {
    await dropGuard(backend, url);
    await backend.raw(url, "DELETE FROM audit_records WHERE seq <= 2");
    expect((await ledger.verify()).problem).toMatchObject({ seq: 1, kind: "missing" });
  });

  it.skipIf(backend.skipReason)("detects two swapped records", async () => {
    await dropGuard(backend, url);
    await backend.raw(url, "UPDATE audit_records SET seq = -1 WHERE seq = 5");
    await backend.raw(url, "UPDATE audit_records SET seq = 5 WHERE seq = 6");
    await backend.raw(url, "UPDATE audit_records SET seq = 6 WHERE seq = -1");
    const report = await ledger.verify();
    expect(report.problem).toMatchObject({ seq: 5, kind: "link_broken" });
  });

  it.skipIf(backend.skipReason)("detects a changed ledger id (the genesis link breaks)", async () => {
    await backend.raw(url, "UPDATE audit_meta SET value = 'another-ledger' WHERE key = 'ledger_id'");
    const reopened = await openAuditLedger({ url });
    try {
      expect((await reopened.verify()).problem).toMatchObject({ seq: 1, kind: "link_broken" });
    } finally {
      await reopened.close();
    }
  });

  it.skipIf(backend.skipReason)("does not notice a truncated tail without anchors, and does with one", async () => {
    const sink = new FileAnchorSink(anchorsFile());
    const anchored = await ledger.anchor(sink, { actor: "system:test" });
    expect(anchored!.anchor.seq).toBe(10);
    expect(anchored!.record).toMatchObject({ seq: 11, action: "audit.anchored", details: { seq: 10, sink: "file" } });
    await ledger.appendBatch([{ actor: "system:test", action: "stack.started" }]);
    const anchors = await sink.readAll();
    expect((await ledger.verify({ anchors })).anchorsChecked).toBe(1);

    await dropGuard(backend, url);
    await backend.raw(url, "DELETE FROM audit_records WHERE seq > 7");
    expect((await ledger.verify()).ok).toBe(true);
    const report = await ledger.verify({ anchors });
    expect(report.problem).toMatchObject({ seq: 8, kind: "truncated" });
    expect(report.problem!.message).toMatch(/^the ledger ends at 7, the last checkpoint says 10: 3 records missing \(record 8 onwards; checkpoint of .*: the tail was truncated\)$/);
  });

  it.skipIf(backend.skipReason)("detects a chain rewritten consistently up to an anchor", async () => {
    const sink = new FileAnchorSink(anchorsFile());
    await ledger.anchor(sink, { actor: "system:test" });
    // Rewrite record 10 and re-hash it: a consistent chain, but not the anchored one.
    await dropGuard(backend, url);
    const [row] = await backend.raw(url, "SELECT * FROM audit_records WHERE seq = 10");
    await backend.raw(url, "DELETE FROM audit_records WHERE seq >= 10");
    const forged = { seq: 10, ts: row!.ts as string, actor: "@mallory:x", action: "account.locked", target: null, details: { reason: "x" }, prevHash: row!.prev_hash as string };
    await backend.raw(url, `INSERT INTO audit_records (seq, ts, actor, action, target, details, prev_hash, hash) VALUES (10, '${forged.ts}', '@mallory:x', 'account.locked', NULL, '{"reason":"x"}', '${forged.prevHash}', '${hashRecord(forged)}')`);
    expect((await ledger.verify()).ok).toBe(true);
    expect((await ledger.verify({ anchors: await sink.readAll() })).problem).toMatchObject({ seq: 10, kind: "anchor_mismatch" });
  });

  it.skipIf(backend.skipReason)("detects an altered anchor, and checks HMAC seals with the key", async () => {
    const file = anchorsFile();
    const sink = new FileAnchorSink(file);
    const key = Buffer.alloc(32, 7);
    await ledger.anchor(sink, { actor: "system:test", key });
    expect(await ledger.verify({ anchors: await sink.readAll(), anchorKey: key })).toMatchObject({ ok: true, anchorsChecked: 1, anchorsUnauthenticated: 0 });
    expect(await ledger.verify({ anchors: await sink.readAll() })).toMatchObject({ ok: true, anchorsUnauthenticated: 1 });
    expect((await ledger.verify({ anchors: await sink.readAll(), anchorKey: Buffer.alloc(32, 8) })).problem).toMatchObject({ seq: 10, kind: "anchor_invalid" });

    // Lowering the anchored seq to hide a truncation breaks the seal.
    writeFileSync(file, readFileSync(file, "utf8").replace('"seq":10', '"seq":9'));
    expect((await ledger.verify({ anchors: await sink.readAll(), anchorKey: key })).problem).toMatchObject({ seq: 9, kind: "anchor_invalid" });
  });

  it.skipIf(backend.skipReason)("ignores anchors of another ledger", async () => {
    const sink = new FileAnchorSink(anchorsFile());
    const other = await filled(backend.freshUrl(), 3);
    try {
      await other.anchor(sink, { actor: "system:test" });
    } finally {
      await other.close();
    }
    expect(await ledger.verify({ anchors: await sink.readAll() })).toMatchObject({ ok: true, anchorsChecked: 0, anchorsIgnored: 1 });
  });

  it.skipIf(backend.skipReason)("verifies a range and its link to the record before it", async () => {
    expect(await ledger.verify({ from: 3, to: 6 })).toMatchObject({ ok: true, checked: 4, firstSeq: 3, lastSeq: 6 });
    await dropGuard(backend, url);
    await backend.raw(url, "UPDATE audit_records SET action = 'device.wiped' WHERE seq = 8");
    expect((await ledger.verify({ from: 3, to: 6 })).ok).toBe(true);
    expect((await ledger.verify({ from: 7 })).problem).toMatchObject({ seq: 8, kind: "hash_mismatch" });
    await backend.raw(url, "DELETE FROM audit_records WHERE seq = 2");
    expect((await ledger.verify({ from: 3, to: 6 })).problem).toMatchObject({ seq: 2, kind: "missing" });
  });
});

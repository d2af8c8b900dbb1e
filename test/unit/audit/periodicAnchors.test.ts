import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { FileAnchorSink, openAuditLedger, startPeriodicAnchors } from "../../../runtime/audit/index.ts";

const dir = mkdtempSync(join(tmpdir(), "wardroom-periodic-anchors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not reached within 10 s");
}

it("checkpoints new records within the lag, not its own anchor records, and once more at stop", async () => {
  const ledger = await openAuditLedger({ url: `sqlite:${join(dir, "audit.db")}` });
  const sink = new FileAnchorSink(join(dir, "anchors.jsonl"));
  try {
    await ledger.append({ actor: "@a:x", action: "policy.loaded", details: { policyHash: "0".repeat(64) } });
    const anchors = startPeriodicAnchors(ledger, sink, { intervalMinutes: 60, lagSeconds: 0.05, actor: "system:test" });
    await until(async () => (await sink.readAll()).length === 1);
    expect((await sink.readAll())[0]).toMatchObject({ seq: 1 });
    // The anchor's own audit.anchored record (seq 2) is not news: the next record is.
    await ledger.append({ actor: "@a:x", action: "policy.loaded", details: { policyHash: "1".repeat(64) } });
    await until(async () => (await sink.readAll()).length === 2);
    expect((await sink.readAll())[1]).toMatchObject({ seq: 3 });
    await ledger.append({ actor: "@a:x", action: "policy.loaded", details: { policyHash: "2".repeat(64) } });
    await anchors.stop();
    // stop() waited for the anchor of seq 5 (records 4: anchored, 5: the new one).
    const all = await sink.readAll();
    expect(all.map((a) => a.seq)).toEqual([1, 3, 5]);

    // Started and stopped with nothing new since the last checkpoint: no anchor is written.
    const again = startPeriodicAnchors(ledger, sink, { intervalMinutes: 60, lagSeconds: 3600, actor: "system:test" });
    await again.stop();
    expect((await sink.readAll()).at(-1)).toMatchObject({ seq: 5 });
    expect((await ledger.head())!.seq).toBe(6);
    expect(await ledger.verify({ anchors: await sink.readAll() })).toMatchObject({ ok: true, anchorsChecked: all.length });
  } finally {
    await ledger.close();
  }
});

import { describe, expect, it } from "vitest";
import { canonicalJson, chainRecord, genesisHash, hashRecord, verifyChain, type AuditRecord, type StoredRecord } from "../../../core/audit/index.ts";

const GENESIS = genesisHash("ledger-x");

function chain(n: number): StoredRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(chainRecord(out[i - 1] ?? null, GENESIS, { actor: "@a:x", action: "user.created", target: `@u${i}:x`, details: { role: "clinician" } }, new Date(Date.UTC(2025, 0, 1, i))));
  }
  return out.map((r) => ({ ...r, details: canonicalJson(r.details) }));
}

async function* oneByOne(records: StoredRecord[]): AsyncGenerator<StoredRecord> {
  yield* records;
}

describe("verifyChain (streaming, no store)", () => {
  it("verifies records one by one or in pages, stopping at `to`", async () => {
    const records = chain(7);
    const start = { seq: 1, prevHash: GENESIS };
    expect(await verifyChain(oneByOne(records), { start })).toMatchObject({ ok: true, checked: 7, lastSeq: 7, lastHash: records[6]!.hash });
    const pages = (async function* () {
      yield records.slice(0, 3);
      yield records.slice(3);
    })();
    expect(await verifyChain(pages, { start, to: 5 })).toMatchObject({ ok: true, checked: 5, lastSeq: 5 });
  });

  it("names the first bad record", async () => {
    const records = chain(5);
    records[2] = { ...records[2]!, actor: "@b:x" };
    expect((await verifyChain(oneByOne(records), { start: { seq: 1, prevHash: GENESIS } })).problem).toMatchObject({ seq: 3, kind: "hash_mismatch" });
    expect((await verifyChain(oneByOne(chain(3)), { start: { seq: 1, prevHash: genesisHash("other") } })).problem).toMatchObject({ seq: 1, kind: "link_broken" });
    const reversed = chain(4);
    reversed[3] = { ...reversed[3]!, ts: "2024-12-31T00:00:00.000Z" };
    // A changed ts breaks the hash first; time is checked on records whose hash holds.
    expect((await verifyChain(oneByOne(reversed), { start: { seq: 1, prevHash: GENESIS } })).problem).toMatchObject({ seq: 4, kind: "hash_mismatch" });
    const back = { ...reversed[3]!, details: { role: "clinician" } };
    reversed[3] = { ...reversed[3]!, hash: hashRecord(back) };
    expect((await verifyChain(oneByOne(reversed), { start: { seq: 1, prevHash: GENESIS } })).problem).toMatchObject({ seq: 4, kind: "time_reversed" });
  });

  it("reports an empty chain as truncated when an anchor says records existed", async () => {
    const anchor = { v: 1 as const, ledgerId: "ledger-x", seq: 2, hash: "a".repeat(64), recordTs: "2025-01-01T00:00:00.000Z", anchoredAt: "2025-01-01T00:00:00.000Z", seal: `sha256:${"b".repeat(64)}` };
    const report = await verifyChain(oneByOne([]), { start: { seq: 1, prevHash: GENESIS }, anchors: [anchor] });
    expect(report).toMatchObject({ ok: false, checked: 0, problem: { seq: 1, kind: "truncated" } });
  });
});

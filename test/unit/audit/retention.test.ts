import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../core/errors.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends, dropAuditGuards } from "./backends.ts";

const SIX_YEARS = 2190;

describe.each(backends)("audit retention on $name", (backend) => {
  afterAll(() => backend.cleanup());

  /** 10 records, one a year from 2015; the clock then stands at 2025-06-01. */
  async function decade(url: string) {
    let now = new Date("2015-01-01T00:00:00.000Z");
    const ledger = await openAuditLedger({ url, clock: () => now });
    for (let year = 2015; year < 2025; year++) {
      now = new Date(`${year}-01-01T00:00:00.000Z`);
      await ledger.append({ actor: "@a:x", action: "user.created", target: `@u${year}:x`, details: { role: "clinician" } });
    }
    now = new Date("2025-06-01T00:00:00.000Z");
    return ledger;
  }

  it.skipIf(backend.skipReason)("refuses a retention shorter than six years", async () => {
    const ledger = await decade(backend.freshUrl());
    try {
      await expect(ledger.purge({ retentionDays: 365, actor: "system:retention" })).rejects.toThrow(InputError);
      await expect(ledger.purge({ retentionDays: 2189, actor: "system:retention" })).rejects.toThrow(/^audit.retentionDays: must be an integer of at least 2190/);
      expect((await ledger.head())!.seq).toBe(10);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("refuses to delete anything younger than the retention", async () => {
    const ledger = await decade(backend.freshUrl());
    try {
      await expect(ledger.purge({ retentionDays: SIX_YEARS, actor: "system:retention", before: "2024-01-01" })).rejects.toThrow(/^before: .* is within the audit retention of 2190 days/);
      expect((await ledger.head())!.seq).toBe(10);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("deletes only records older than the retention, and the chain still verifies", async () => {
    const ledger = await decade(backend.freshUrl());
    try {
      // now 2025-06-01 minus 2190 days = 2019-06-03: records of 2015..2019 go.
      const result = await ledger.purge({ retentionDays: SIX_YEARS, actor: "system:retention" });
      expect(result).toMatchObject({ deleted: 5, throughSeq: 5 });
      expect(result.record).toMatchObject({ seq: 11, action: "audit.purged", details: { throughSeq: 5, deleted: 5, retentionDays: SIX_YEARS } });
      const left = [];
      for await (const r of ledger.records()) left.push(r.target ?? r.action);
      expect(left).toEqual(["@u2020:x", "@u2021:x", "@u2022:x", "@u2023:x", "@u2024:x", "audit.purged"]);
      expect(await ledger.verify()).toMatchObject({ ok: true, firstSeq: 6, lastSeq: 11 });
      // Nothing more is old enough.
      expect(await ledger.purge({ retentionDays: SIX_YEARS, actor: "system:retention" })).toMatchObject({ deleted: 0 });
      expect((await ledger.head())!.seq).toBe(11);
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("detects records deleted outside a purge, and a forged purge boundary", async () => {
    const url = backend.freshUrl();
    const ledger = await decade(url);
    try {
      await ledger.purge({ retentionDays: SIX_YEARS, actor: "system:retention" });
      const [r6] = await backend.raw(url, "SELECT hash, ts FROM audit_records WHERE seq = 6");
      // Deleting more of the start (the triggers dropped, as a DBA could) is not hidden by the boundary...
      await dropAuditGuards(backend, url);
      await backend.raw(url, "DELETE FROM audit_records WHERE seq = 6");
      expect((await ledger.verify()).problem).toMatchObject({ seq: 6, kind: "missing" });
      // ...and moving the boundary to match needs an audit.purged record that says so.
      await backend.raw(url, `UPDATE audit_meta SET value = '6' WHERE key = 'purged_seq'`);
      await backend.raw(url, `UPDATE audit_meta SET value = '${r6!.hash}' WHERE key = 'purged_hash'`);
      await backend.raw(url, `UPDATE audit_meta SET value = '${r6!.ts}' WHERE key = 'purged_ts'`);
      expect((await ledger.verify()).problem).toMatchObject({ seq: 6, kind: "purge_unattested" });
    } finally {
      await ledger.close();
    }
  });

  it.skipIf(backend.skipReason)("refuses a purge boundary that no audit.purged record attests", async () => {
    const url = backend.freshUrl();
    const ledger = await decade(url);
    try {
      const [r3] = await backend.raw(url, "SELECT hash, ts FROM audit_records WHERE seq = 3");
      await dropAuditGuards(backend, url);
      await backend.raw(url, "DELETE FROM audit_records WHERE seq <= 3");
      for (const [key, value] of [["purged_seq", "3"], ["purged_hash", r3!.hash], ["purged_ts", r3!.ts]]) {
        await backend.raw(url, `INSERT INTO audit_meta (key, value) VALUES ('${String(key)}', '${String(value)}')`);
      }
      const report = await ledger.verify();
      expect(report.problem).toMatchObject({ seq: 3, kind: "purge_unattested" });
      expect(report.problem!.message).toBe("record 3: missing (the ledger starts at 4 but no audit.purged record attests a purge through 3)");
    } finally {
      await ledger.close();
    }
  });
});

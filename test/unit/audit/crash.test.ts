import { DatabaseSync } from "node:sqlite";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { backends, type Backend } from "./backends.ts";
import { startWriter } from "./writers.ts";

const BATCH = 3000;

/** True while another process holds the ledger's append lock, i.e. is inside an append. */
async function appendInProgress(backend: Backend, url: string): Promise<boolean> {
  if (backend.name === "sqlite") {
    const db = new DatabaseSync(url.slice("sqlite:".length), { timeout: 0 });
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
      return false;
    } catch (err) {
      if (/database is locked/.test(String(err))) return true;
      throw err;
    } finally {
      db.close();
    }
  }
  const schema = new URL(url).searchParams.get("schema");
  const rows = await backend.raw(
    url,
    `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = 'audit_records' AND n.nspname = $1 AND l.mode = 'ExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()`,
    [schema],
  );
  return rows.length > 0;
}

describe.each(backends)("a writer killed mid-append on $name", (backend) => {
  afterAll(() => backend.cleanup());

  it.skipIf(backend.skipReason)(
    "leaves a valid chain without any record of the interrupted batch",
    async () => {
      const url = backend.freshUrl();
      const writer = startWriter(url, "doomed", 0, BATCH);
      await writer.waitFor(/^ready$/);
      writer.child.stdin!.write("go\n");
      await writer.waitFor(/^committed /);
      // Kill it while it holds the lock, between BEGIN and COMMIT of a batch.
      while (!(await appendInProgress(backend, url))) await sleep(2);
      writer.child.kill("SIGKILL");
      expect(await writer.exited).toBe("SIGKILL");

      const ledger = await openAuditLedger({ url });
      try {
        const report = await ledger.verify();
        expect(report.ok).toBe(true);
        // Whole batches only: the half-written one is absent.
        expect(report.checked).toBeGreaterThanOrEqual(BATCH);
        expect(report.checked % BATCH).toBe(0);
        // The next writer continues the chain where the last complete batch ended.
        const next = await ledger.append({ actor: "system:after-crash", action: "stack.started" });
        expect(next.seq).toBe(report.checked + 1);
        expect(next.prevHash).toBe(report.lastHash);
        expect((await ledger.verify()).ok).toBe(true);
      } finally {
        await ledger.close();
      }
    },
    60_000,
  );
});

import { sql } from "kysely";
import type { AuditLedger } from "../../core/audit/index.ts";
import type { DailyCount, LedgerHealth } from "../../core/console/dashboardStats.ts";
import { SqlAuditStore } from "./SqlAuditStore.ts";

/**
 * Counts of one action per UTC day since `since` (days without records are absent; the
 * chart fills them). Walks the (action, seq) index from the first seq at `since`, so it
 * reads only that action's recent records, not the ledger.
 */
export async function dailyActionCounts(ledger: AuditLedger, action: string, since: Date): Promise<DailyCount[]> {
  const store = ledger.store;
  if (!(store instanceof SqlAuditStore)) throw new TypeError("dailyActionCounts needs a SQL audit store");
  const minSeq = await store.firstSeqAtOrAfter(since.toISOString());
  if (minSeq === null) return [];
  const day = sql<string>`substr(ts, 1, 10)`;
  const rows = await store.db
    .selectFrom("audit_records")
    .select([day.as("day"), (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("action", "=", action)
    .where("seq", ">=", minSeq)
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
}

/** The chain's head, its last checkpoint and its last verification from the console. */
export async function ledgerHealth(ledger: AuditLedger): Promise<LedgerHealth> {
  const [head, anchored, verified] = await Promise.all([
    ledger.head(),
    ledger.query({ action: "audit.anchored", limit: 1 }),
    ledger.query({ action: "audit.verified", limit: 1 }),
  ]);
  const a = anchored.records[0];
  const v = verified.records[0];
  return {
    headSeq: head?.seq ?? null,
    headTs: head?.ts ?? null,
    lastCheckpoint: a ? { ts: a.ts, seq: Number(a.details.seq) } : null,
    lastVerification: v ? { ts: v.ts, ok: v.details.ok === true, checked: Number(v.details.checked) } : null,
  };
}

/**
 * Rooms created per kind, from the `room.created` records the homeserver module writes (the
 * ledger is the one place that knows every room's kind without reading each room's state).
 * Details are canonical JSON, so `"kind":"sms"` is matched exactly.
 */
export async function roomsCreatedByKind(ledger: AuditLedger, kinds: readonly string[] = ["clinical", "sms", "admin"]): Promise<Record<string, number>> {
  const store = ledger.store;
  if (!(store instanceof SqlAuditStore)) throw new TypeError("roomsCreatedByKind needs a SQL audit store");
  const out: Record<string, number> = {};
  for (const kind of kinds) {
    if (!/^[a-z]+$/.test(kind)) throw new TypeError(`room kind "${kind}": lowercase letters only`);
    const row = await store.db
      .selectFrom("audit_records")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("action", "=", "room.created")
      .where("details", "like", `%"kind":"${kind}"%`)
      .executeTakeFirst();
    out[kind] = Number(row?.n ?? 0);
  }
  return out;
}

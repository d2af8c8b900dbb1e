import type { ColumnType } from "kysely";

/** Tables of the audit ledger (the same on SQLite and PostgreSQL). */
export interface AuditDatabase {
  audit_records: AuditRecordsTable;
  audit_meta: AuditMetaTable;
}

export interface AuditRecordsTable {
  // PostgreSQL returns bigint columns as strings.
  seq: ColumnType<number | string, number, never>;
  ts: string;
  actor: string;
  action: string;
  target: string | null;
  /** Canonical JSON text of the record's details. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** ledger_id; purged_seq / purged_hash / purged_ts after a retention purge. */
export interface AuditMetaTable {
  key: string;
  value: string;
}

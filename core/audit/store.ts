import type { AuditRecord, ChainHead } from "./record.ts";

/** A record as the store holds it: `details` is the exact stored JSON text. */
export type StoredRecord = Omit<AuditRecord, "details"> & { details: string };

/** Where the chain starts after a retention purge: the last deleted record. */
export interface PurgeBoundary {
  seq: number;
  hash: string;
  ts: string;
}

/** Filters with time already turned into seq bounds (ts never goes backwards along seq). */
export interface AuditStoreQuery {
  actor?: string;
  target?: string;
  action?: string;
  /** Inclusive. */
  minSeq?: number;
  /** Inclusive. */
  maxSeq?: number;
  limit: number;
  /** Newest first (the default) or oldest first. */
  order?: "desc" | "asc";
}

/**
 * Storage of the ledger, implemented per database in runtime/audit. The ledger (AuditLedger)
 * does validation, hashing and verification; the store only keeps rows and serializes
 * writers. Rules for implementations:
 * - `append` and `purge` hold one lock that every process writing this ledger respects, for
 *   the whole read-head / insert transaction, so two writers can never fork the chain.
 * - Either all records returned by `build` are stored or none (a writer killed mid-append
 *   leaves no trace).
 * - `build` is synchronous and does no I/O; it may throw to abort the append.
 * - Reads page with seq bounds (keyset), so that no call holds more than `limit` rows.
 */
export interface AuditStore {
  /** What backs this store, for reports: "sqlite" or "postgres". */
  readonly kind: string;
  /** The ledger's id, created with the store; it seeds the genesis hash. */
  ledgerId(): Promise<string>;
  append(build: (head: ChainHead | null) => AuditRecord[]): Promise<AuditRecord[]>;
  /**
   * Like `append`, for records copied from a numbered source (the Synapse audit spool): under
   * the same lock and in the same transaction, reads the source's cursor (the last source seq
   * applied, 0 at first), lets `build` skip what it covers, and stores the new cursor. So a
   * source record handed over twice is stored once.
   */
  appendWithCursor(
    source: string,
    build: (head: ChainHead | null, cursor: number) => { records: AuditRecord[]; cursor: number },
  ): Promise<AuditRecord[]>;
  /** The last source seq applied by appendWithCursor (0 when none). */
  cursor(source: string): Promise<number>;
  /** The last record, or the purge boundary when every record was purged; null if empty. */
  head(): Promise<ChainHead | null>;
  /** Records with fromSeq <= seq <= toSeq (no upper bound when null), oldest first. */
  readRange(fromSeq: number, toSeq: number | null, limit: number): Promise<StoredRecord[]>;
  /** Filtered records, newest first. */
  query(query: AuditStoreQuery): Promise<StoredRecord[]>;
  /** The smallest seq whose ts >= `ts`, or null. */
  firstSeqAtOrAfter(ts: string): Promise<number | null>;
  /** The largest seq whose ts < `ts`, or null. */
  lastSeqBefore(ts: string): Promise<number | null>;
  purgeBoundary(): Promise<PurgeBoundary | null>;
  /**
   * Under the append lock, in one transaction: deletes the records with seq <= throughSeq,
   * records the last of them as the purge boundary, and appends what `build` returns (the
   * `audit.purged` record). Returns null, deleting nothing, when no record is that old.
   */
  purge(
    throughSeq: number,
    build: (head: ChainHead, boundary: PurgeBoundary, deleted: number) => AuditRecord[],
  ): Promise<AuditRecord[] | null>;
  close(): Promise<void>;
}

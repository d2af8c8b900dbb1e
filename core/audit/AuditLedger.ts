import { CheckFailedError, InputError } from "../errors.ts";
import { MIN_AUDIT_RETENTION_DAYS } from "../policy/schema.ts";
import { MAX_DETAILS_CHARS, type AuditActionRegistry } from "./actionRegistry.ts";
import { defaultActionRegistry } from "./actions/index.ts";
import { anchorDigest, checkAnchorSeal, sealAnchor, type Anchor, type AnchorSink } from "./anchor.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { isIdToken } from "./detailFields.ts";
import { chainRecord, genesisHash, type AuditEntry, type AuditRecord, type ChainHead, type Details } from "./record.ts";
import type { AuditStore, StoredRecord } from "./store.ts";
import { verifyChain, type VerifyReport } from "./verify.ts";

export interface AuditQuery {
  actor?: string;
  target?: string;
  action?: string;
  /** Inclusive; an ISO 8601 date or time. */
  since?: string | Date;
  /** Exclusive; an ISO 8601 date or time. */
  until?: string | Date;
  /** 1..1000, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

/** An entry copied from a numbered source (the Synapse audit spool), with its seq there. */
export interface SourcedEntry extends AuditEntry {
  sourceSeq: number;
}

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface RecordRange {
  fromSeq?: number;
  toSeq?: number;
  since?: string | Date;
  until?: string | Date;
  pageSize?: number;
}

export interface LedgerVerifyOptions {
  from?: number;
  to?: number;
  /** Checkpoints read from an AnchorSink; those of other ledgers are ignored. */
  anchors?: readonly Anchor[];
  /** HMAC key the anchors were sealed with. */
  anchorKey?: Uint8Array;
}

export interface LedgerVerifyReport extends VerifyReport {
  /** Anchors that belong to another ledger. */
  anchorsIgnored: number;
  /** HMAC-sealed anchors used without checking the seal (no key given). */
  anchorsUnauthenticated: number;
}

export interface PurgeOptions {
  /** The policy's `audit.retentionDays`; at least 2190 (six years). */
  retentionDays: number;
  /** Who purges (recorded in `audit.purged`). */
  actor: string;
  /** Delete records older than this; defaults to, and may not be later than, now - retention. */
  before?: string | Date;
}

const DAY_MS = 86_400_000;
const PAGE = 5000;

/**
 * The audit ledger: validates entries against the action registry, chains and hashes them,
 * and reads, verifies, anchors and purges through an AuditStore. Every Wardroom process holds
 * one (runtime/audit opens it on SQLite or PostgreSQL).
 */
export class AuditLedger {
  readonly store: AuditStore;
  readonly actions: AuditActionRegistry;
  readonly #clock: () => Date;
  #genesis: string | undefined;

  constructor(store: AuditStore, options: { actions?: AuditActionRegistry; clock?: () => Date } = {}) {
    this.store = store;
    this.actions = options.actions ?? defaultActionRegistry();
    this.#clock = options.clock ?? (() => new Date());
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const [record] = await this.appendBatch([entry]);
    return record!;
  }

  /** Appends several entries atomically, in order, as consecutive records. */
  async appendBatch(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    const checked = entries.map((entry) => this.#validate(entry));
    const genesis = await this.#genesisHash();
    return this.store.append((head) => {
      const now = this.#clock();
      const out: AuditRecord[] = [];
      let prev: ChainHead | null = head;
      for (const entry of checked) {
        const record = chainRecord(prev, genesis, entry, now);
        out.push(record);
        prev = record;
      }
      return out;
    });
  }

  /**
   * Appends entries copied from `source`, in their source order, exactly once: entries at or
   * below the source's cursor are skipped in the same transaction that stores the new cursor,
   * so a source that hands an entry over twice (a retry after a lost answer, two drains) does
   * not duplicate it. An entry this ledger refuses (unknown action, a field outside its
   * schema) is not dropped silently: it becomes an `audit.source_record_refused` record that
   * names its source seq (never its content, which may be what was kept out).
   */
  async appendFromSource(source: string, entries: readonly SourcedEntry[]): Promise<AuditRecord[]> {
    let previous = 0;
    const checked = entries.map((entry) => {
      if (!Number.isSafeInteger(entry.sourceSeq) || entry.sourceSeq <= previous) {
        throw new InputError(`audit source ${source}: sourceSeq must increase (got ${entry.sourceSeq} after ${previous})`);
      }
      previous = entry.sourceSeq;
      try {
        return { seq: entry.sourceSeq, entry: this.#validate(entry) };
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const refused = { actor: `system:${source}`, action: "audit.source_record_refused", target: null, details: { source, sourceSeq: entry.sourceSeq, problem: "invalid_record" } };
        return { seq: entry.sourceSeq, entry: this.#validate(refused) };
      }
    });
    if (checked.length === 0) return [];
    const genesis = await this.#genesisHash();
    return this.store.appendWithCursor(source, (head, cursor) => {
      const now = this.#clock();
      const records: AuditRecord[] = [];
      let prev: ChainHead | null = head;
      for (const { seq, entry } of checked) {
        if (seq <= cursor) continue;
        const record = chainRecord(prev, genesis, entry, now);
        records.push(record);
        prev = record;
      }
      return { records, cursor: Math.max(cursor, checked[checked.length - 1]!.seq) };
    });
  }

  /** The last source seq appended by appendFromSource (0 when none). */
  sourceCursor(source: string): Promise<number> {
    return this.store.cursor(source);
  }

  head(): Promise<ChainHead | null> {
    return this.store.head();
  }

  /** Filtered records, newest first, one page at a time. */
  async query(query: AuditQuery = {}): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InputError("limit: must be an integer from 1 to 1000");
    const bounds = await this.#seqBounds(query.since, query.until);
    if (!bounds) return { records: [], nextCursor: null };
    let maxSeq = bounds.maxSeq;
    if (query.cursor != null) {
      if (!/^[1-9][0-9]{0,15}$/.test(query.cursor)) throw new InputError("cursor: must be a nextCursor returned by a previous query");
      const before = Number(query.cursor) - 1;
      maxSeq = maxSeq === undefined ? before : Math.min(maxSeq, before);
    }
    const rows = await this.store.query({
      actor: query.actor,
      target: query.target,
      action: query.action,
      minSeq: bounds.minSeq,
      maxSeq,
      limit: limit + 1,
    });
    const records = rows.slice(0, limit).map(decode);
    const last = records[records.length - 1];
    return { records, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /**
   * Up to `limit` records of one action after `afterSeq`, oldest first: a consumer that keeps
   * its position pages forward through the ledger (a flood is read in bounded pages, nothing
   * skipped) rather than reading only the newest records.
   */
  async after(query: { action: string; afterSeq: number; limit?: number }): Promise<AuditRecord[]> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InputError("limit: must be an integer from 1 to 1000");
    if (!Number.isSafeInteger(query.afterSeq) || query.afterSeq < 0) throw new InputError("afterSeq: must be a record seq (an integer >= 0)");
    const rows = await this.store.query({ action: query.action, minSeq: query.afterSeq + 1, limit, order: "asc" });
    return rows.map(decode);
  }

  /** Records oldest first, read page by page (constant memory), for exports and tails. */
  async *records(range: RecordRange = {}): AsyncGenerator<AuditRecord> {
    const bounds = await this.#seqBounds(range.since, range.until);
    if (!bounds) return;
    const from = Math.max(range.fromSeq ?? 1, bounds.minSeq ?? 1);
    const to = minDefined(range.toSeq, bounds.maxSeq);
    for await (const page of this.#pages(from, to ?? null, range.pageSize ?? PAGE)) {
      for (const stored of page) yield decode(stored);
    }
  }

  /**
   * Verifies the chain (or records from..to and their link to from-1) against its hashes and
   * the given anchors. Never throws for a broken chain: the report names the first problem.
   */
  async verify(options: LedgerVerifyOptions = {}): Promise<LedgerVerifyReport> {
    const { from, to } = options;
    for (const [name, value] of [["from", from], ["to", to]] as const) {
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw new InputError(`${name}: must be a record seq (an integer >= 1)`);
    }
    if (from !== undefined && to !== undefined && from > to) throw new InputError("from: must not be greater than to");

    const ledgerId = await this.store.ledgerId();
    const mine = (options.anchors ?? []).filter((a) => a.ledgerId === ledgerId);
    const extra = { anchorsIgnored: (options.anchors?.length ?? 0) - mine.length, anchorsUnauthenticated: 0 };
    for (const anchor of mine) {
      const seal = checkAnchorSeal(anchor, options.anchorKey);
      if (seal === "unauthenticated") extra.anchorsUnauthenticated++;
      if (seal === "bad") {
        const problem = { seq: anchor.seq, kind: "anchor_invalid" as const, message: `anchor for record ${anchor.seq} (${anchor.anchoredAt}): seal does not match (the anchor was altered or the key is wrong)` };
        return { ...emptyReport(problem), ...extra };
      }
    }

    const boundary = await this.store.purgeBoundary();
    const chainStart = boundary ? boundary.seq + 1 : 1;
    let start = { seq: chainStart, prevHash: boundary ? boundary.hash : await this.#genesisHash(), prevTs: boundary?.ts };
    let purgeBoundary = boundary ?? undefined;
    if (from !== undefined && from > chainStart) {
      const [prev] = await this.store.readRange(from - 1, from - 1, 1);
      const head = await this.store.head();
      const end = head ? head.seq : 0;
      if (!prev && from - 1 > end) {
        // Asking beyond the end: either the tail was cut (a checkpoint says more existed), or
        // the question is bad input; it is not "record 49: missing" on a 40-record ledger.
        const newest = mine.reduce<Anchor | null>((a, b) => (a && a.seq >= b.seq ? a : b), null);
        if (newest && newest.seq > end) {
          const missing = newest.seq - end;
          const message = `the ledger ends at ${end}, the last checkpoint says ${newest.seq}: ${missing} record${missing === 1 ? "" : "s"} missing (checkpoint of ${newest.anchoredAt}: the tail was truncated)`;
          return { ...emptyReport({ seq: end + 1, kind: "truncated", message }), ...extra };
        }
        throw new InputError(`from: the ledger has only ${end} record${end === 1 ? "" : "s"}; --from must be at most ${end}`);
      }
      if (!prev) {
        const problem = { seq: from - 1, kind: "missing" as const, message: `record ${from - 1}: missing (the record before the range)` };
        return { ...emptyReport(problem), ...extra };
      }
      start = { seq: from, prevHash: prev.hash, prevTs: prev.ts };
      purgeBoundary = undefined;
    }
    const report = await verifyChain(this.#pages(start.seq, to ?? null, PAGE), { start, to, anchors: mine, purgeBoundary });
    return { ...report, ...extra };
  }

  /**
   * Writes a checkpoint of the current head to `sink`, then records `audit.anchored`.
   * Returns null for an empty ledger (nothing to anchor).
   */
  async anchor(sink: AnchorSink, options: { actor: string; key?: Uint8Array }): Promise<{ anchor: Anchor; record: AuditRecord } | null> {
    const head = await this.store.head();
    if (!head) return null;
    const anchor = sealAnchor(
      { ledgerId: await this.store.ledgerId(), seq: head.seq, hash: head.hash, recordTs: head.ts, anchoredAt: this.#clock().toISOString() },
      options.key,
    );
    await sink.write(anchor);
    const record = await this.append({
      actor: options.actor,
      action: "audit.anchored",
      target: null,
      details: { seq: anchor.seq, hash: anchor.hash, sink: sink.kind, anchorDigest: anchorDigest(anchor) },
    });
    return { anchor, record };
  }

  /**
   * Deletes records older than the audit retention, never younger: refuses a retention under
   * six years and a cut-off later than now - retention. The chain stays verifiable: the last
   * deleted record becomes the purge boundary and an `audit.purged` record attests it.
   */
  async purge(options: PurgeOptions): Promise<{ deleted: number; throughSeq: number | null; record: AuditRecord | null }> {
    const { retentionDays } = options;
    if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS) {
      throw new InputError(`audit.retentionDays: must be an integer of at least ${MIN_AUDIT_RETENTION_DAYS} (six years, 45 CFR 164.316(b)(2))`);
    }
    const cutoff = new Date(this.#clock().getTime() - retentionDays * DAY_MS);
    const before = options.before === undefined ? cutoff : toDate(options.before, "before");
    if (before.getTime() > cutoff.getTime()) {
      throw new InputError(`before: ${before.toISOString()} is within the audit retention of ${retentionDays} days (nothing after ${cutoff.toISOString()} may be deleted)`);
    }
    const actor = this.#validate({ actor: options.actor, action: "audit.purged", details: undefined }, false).actor;
    const throughSeq = await this.store.lastSeqBefore(before.toISOString());
    if (throughSeq === null) return { deleted: 0, throughSeq: null, record: null };
    const genesis = await this.#genesisHash();
    const records = await this.store.purge(throughSeq, (head, boundary, deleted) => {
      const details = this.actions.validateDetails("audit.purged", {
        throughSeq: boundary.seq,
        lastHash: boundary.hash,
        deleted,
        before: before.toISOString(),
        retentionDays,
      });
      return [chainRecord(head, genesis, { actor, action: "audit.purged", target: null, details }, this.#clock())];
    });
    if (!records) return { deleted: 0, throughSeq: null, record: null };
    const record = records[0]!;
    return { deleted: record.details.deleted as number, throughSeq, record };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  #validate(entry: AuditEntry, withDetails = true): { actor: string; action: string; target: string | null; details: Details } {
    if (typeof entry.actor !== "string" || !isIdToken(entry.actor)) {
      throw new InputError("audit entry: actor: must be a Matrix user id or a process id such as system:sms-bridge (no spaces, no phone numbers)");
    }
    const target = entry.target ?? null;
    if (target !== null && (typeof target !== "string" || !isIdToken(target))) {
      throw new InputError("audit entry: target: must be an id (no spaces, no phone numbers) or null");
    }
    const details = withDetails ? this.actions.validateDetails(entry.action, entry.details) : {};
    if (withDetails && canonicalJson(details).length > MAX_DETAILS_CHARS) {
      throw new InputError(`audit details for ${entry.action}: larger than ${MAX_DETAILS_CHARS} characters`);
    }
    return { actor: entry.actor, action: entry.action, target, details };
  }

  async #genesisHash(): Promise<string> {
    this.#genesis ??= genesisHash(await this.store.ledgerId());
    return this.#genesis;
  }

  /** Time bounds as seq bounds (ts never decreases along seq); null when the range is empty. */
  async #seqBounds(since?: string | Date, until?: string | Date): Promise<{ minSeq?: number; maxSeq?: number } | null> {
    const out: { minSeq?: number; maxSeq?: number } = {};
    if (since !== undefined) {
      const seq = await this.store.firstSeqAtOrAfter(toDate(since, "since").toISOString());
      if (seq === null) return null;
      out.minSeq = seq;
    }
    if (until !== undefined) {
      const seq = await this.store.lastSeqBefore(toDate(until, "until").toISOString());
      if (seq === null) return null;
      out.maxSeq = seq;
    }
    if (out.minSeq !== undefined && out.maxSeq !== undefined && out.minSeq > out.maxSeq) return null;
    return out;
  }

  /** Keyset pages of stored records, oldest first: memory stays at one page. */
  async *#pages(from: number, to: number | null, pageSize: number): AsyncGenerator<StoredRecord[]> {
    let next = from;
    for (;;) {
      if (to !== null && next > to) return;
      const page = await this.store.readRange(next, to, pageSize);
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      next = page[page.length - 1]!.seq + 1;
    }
  }
}

function decode(stored: StoredRecord): AuditRecord {
  let details: Details;
  try {
    details = JSON.parse(stored.details) as Details;
  } catch {
    throw new CheckFailedError(`record ${stored.seq}: details is not valid JSON (run wardroom audit verify)`);
  }
  return { ...stored, details };
}

function toDate(value: string | Date, name: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()) || (typeof value === "string" && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw new InputError(`${name}: must be an ISO 8601 date or time, e.g. 2025-01-31 or 2025-01-31T12:00:00Z`);
  }
  return date;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function emptyReport(problem: VerifyReport["problem"]): VerifyReport {
  return { ok: false, checked: 0, firstSeq: null, lastSeq: null, lastHash: null, anchorsChecked: 0, problem };
}

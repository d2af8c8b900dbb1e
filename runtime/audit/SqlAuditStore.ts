import { sql, type CompiledQuery, type Kysely, type Selectable, type Transaction } from "kysely";
import type {
  AuditRecord,
  AuditStore,
  AuditStoreQuery,
  ChainHead,
  PurgeBoundary,
  StoredRecord,
} from "../../core/audit/index.ts";
import { canonicalJson } from "../../core/audit/index.ts";
import type { AuditDialectKind } from "./migrations.ts";
import type { AuditDatabase, AuditRecordsTable } from "./schema.ts";

type Db = Kysely<AuditDatabase> | Transaction<AuditDatabase>;

// 8 columns per row: 500 rows stay far below SQLite's and PostgreSQL's parameter limits.
const INSERT_CHUNK = 500;

/**
 * The ledger's storage on SQLite or PostgreSQL through kysely. Appends are serialized across
 * processes by the database: SQLite transactions start with BEGIN IMMEDIATE (the write lock,
 * see NodeSqliteDialect), PostgreSQL ones take an EXCLUSIVE lock on audit_records, which
 * still lets plain reads through. The head is read inside that lock, so two writers can never
 * both extend the same record; seq being the primary key backs this up.
 */
export class SqlAuditStore implements AuditStore {
  readonly kind: AuditDialectKind;
  readonly db: Kysely<AuditDatabase>;
  #ledgerId: string | undefined;
  // The two statements of every append, compiled once: building and compiling them each time
  // costs as much as running them on SQLite.
  readonly #headQuery: CompiledQuery<HeadRow>;
  readonly #insertOne: CompiledQuery;

  constructor(db: Kysely<AuditDatabase>, kind: AuditDialectKind) {
    this.db = db;
    this.kind = kind;
    this.#headQuery = db.selectFrom("audit_records").select(["seq", "ts", "hash"]).orderBy("seq", "desc").limit(1).compile();
    this.#insertOne = db.insertInto("audit_records").values(toRow(PLACEHOLDER)).compile();
  }

  async ledgerId(): Promise<string> {
    if (this.#ledgerId === undefined) {
      const row = await this.db.selectFrom("audit_meta").select("value").where("key", "=", "ledger_id").executeTakeFirst();
      if (!row) throw new Error("audit ledger has no ledger_id (audit_meta was altered)");
      this.#ledgerId = row.value;
    }
    return this.#ledgerId;
  }

  append(build: (head: ChainHead | null) => AuditRecord[]): Promise<AuditRecord[]> {
    return this.db.transaction().execute(async (trx) => {
      await this.#lock(trx);
      const head = await this.#head(trx);
      const records = build(head);
      checkFollows(head, records);
      if (records.length === 1) await trx.executeQuery({ ...this.#insertOne, parameters: Object.values(toRow(records[0]!)) });
      else await insertRecords(trx, records);
      return records;
    });
  }

  appendWithCursor(
    source: string,
    build: (head: ChainHead | null, cursor: number) => { records: AuditRecord[]; cursor: number },
  ): Promise<AuditRecord[]> {
    const key = cursorKey(source);
    return this.db.transaction().execute(async (trx) => {
      await this.#lock(trx);
      const head = await this.#head(trx);
      const before = await readCursor(trx, key);
      const { records, cursor } = build(head, before);
      checkFollows(head, records);
      if (records.length > 0) await insertRecords(trx, records);
      if (cursor !== before) {
        if (cursor < before) throw new Error(`audit append: cursor of ${source} would go back from ${before} to ${cursor}`);
        const value = String(cursor);
        await trx
          .insertInto("audit_meta")
          .values({ key, value })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
          .execute();
      }
      return records;
    });
  }

  cursor(source: string): Promise<number> {
    return readCursor(this.db, cursorKey(source));
  }

  head(): Promise<ChainHead | null> {
    return this.#head(this.db);
  }

  async readRange(fromSeq: number, toSeq: number | null, limit: number): Promise<StoredRecord[]> {
    let q = this.db.selectFrom("audit_records").select(STORED_COLUMNS).where("seq", ">=", fromSeq);
    if (toSeq !== null) q = q.where("seq", "<=", toSeq);
    const rows = await q.orderBy("seq", "asc").limit(limit).execute();
    // Rows already have the record's shape; only PostgreSQL's bigint seq needs converting.
    if (this.kind === "postgres") for (const row of rows) row.seq = Number(row.seq);
    return rows as StoredRecord[];
  }

  async query(query: AuditStoreQuery): Promise<StoredRecord[]> {
    let q = this.db.selectFrom("audit_records").selectAll();
    if (query.actor !== undefined) q = q.where("actor", "=", query.actor);
    if (query.target !== undefined) q = q.where("target", "=", query.target);
    if (query.action !== undefined) q = q.where("action", "=", query.action);
    if (query.minSeq !== undefined) q = q.where("seq", ">=", query.minSeq);
    if (query.maxSeq !== undefined) q = q.where("seq", "<=", query.maxSeq);
    const rows = await q.orderBy("seq", query.order ?? "desc").limit(query.limit).execute();
    return rows.map(toStored);
  }

  async firstSeqAtOrAfter(ts: string): Promise<number | null> {
    const row = await this.db
      .selectFrom("audit_records")
      .select("seq")
      .where("ts", ">=", ts)
      .orderBy("ts", "asc")
      .orderBy("seq", "asc")
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.seq) : null;
  }

  async lastSeqBefore(ts: string): Promise<number | null> {
    const row = await this.db
      .selectFrom("audit_records")
      .select("seq")
      .where("ts", "<", ts)
      .orderBy("ts", "desc")
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.seq) : null;
  }

  purgeBoundary(): Promise<PurgeBoundary | null> {
    return readBoundary(this.db);
  }

  purge(
    throughSeq: number,
    build: (head: ChainHead, boundary: PurgeBoundary, deleted: number) => AuditRecord[],
  ): Promise<AuditRecord[] | null> {
    return this.db.transaction().execute(async (trx) => {
      await this.#lock(trx);
      const last = await trx
        .selectFrom("audit_records")
        .select(["seq", "ts", "hash"])
        .where("seq", "<=", throughSeq)
        .orderBy("seq", "desc")
        .limit(1)
        .executeTakeFirst();
      if (!last) return null;
      const boundary = { seq: Number(last.seq), ts: last.ts, hash: last.hash };
      // The append-only trigger lets a delete through only up to purge_through, set for the
      // length of this transaction (migrations.ts).
      await trx.insertInto("audit_meta").values({ key: "purge_through", value: String(boundary.seq) }).execute();
      const result = await trx.deleteFrom("audit_records").where("seq", "<=", boundary.seq).executeTakeFirst();
      await trx.deleteFrom("audit_meta").where("key", "=", "purge_through").execute();
      for (const [key, value] of [
        ["purged_seq", String(boundary.seq)],
        ["purged_hash", boundary.hash],
        ["purged_ts", boundary.ts],
      ] as const) {
        await trx
          .insertInto("audit_meta")
          .values({ key, value })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
          .execute();
      }
      const head = (await this.#head(trx))!;
      const records = build(head, boundary, Number(result.numDeletedRows));
      checkFollows(head, records);
      await insertRecords(trx, records);
      return records;
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async #lock(trx: Transaction<AuditDatabase>): Promise<void> {
    if (this.kind === "postgres") await sql`LOCK TABLE audit_records IN EXCLUSIVE MODE`.execute(trx);
  }

  async #head(db: Db): Promise<ChainHead | null> {
    const [row] = (await db.executeQuery(this.#headQuery)).rows;
    if (row) return { seq: Number(row.seq), ts: row.ts, hash: row.hash };
    return readBoundary(db);
  }
}

function cursorKey(source: string): string {
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(source)) throw new Error(`audit cursor: bad source name ${JSON.stringify(source)}`);
  return `cursor:${source}`;
}

async function readCursor(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom("audit_meta").select("value").where("key", "=", key).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

async function readBoundary(db: Db): Promise<PurgeBoundary | null> {
  const rows = await db.selectFrom("audit_meta").select(["key", "value"]).where("key", "in", ["purged_seq", "purged_hash", "purged_ts"]).execute();
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const seq = meta.get("purged_seq");
  const hash = meta.get("purged_hash");
  const ts = meta.get("purged_ts");
  return seq && hash && ts ? { seq: Number(seq), hash, ts } : null;
}

/** The ledger builds records from `head`; a mismatch is a bug that must not fork the chain. */
function checkFollows(head: ChainHead | null, records: AuditRecord[]): void {
  let expected = head ? head.seq + 1 : 1;
  let prevHash = head?.hash;
  for (const r of records) {
    if (r.seq !== expected || (prevHash !== undefined && r.prevHash !== prevHash)) {
      throw new Error(`audit append: record ${r.seq} does not follow the head (expected ${expected})`);
    }
    expected++;
    prevHash = r.hash;
  }
}

async function insertRecords(trx: Transaction<AuditDatabase>, records: AuditRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    await trx.insertInto("audit_records").values(records.slice(i, i + INSERT_CHUNK).map(toRow)).execute();
  }
}

const STORED_COLUMNS = ["seq", "ts", "actor", "action", "target", "details", "prev_hash as prevHash", "hash"] as const;

interface HeadRow {
  seq: number | string;
  ts: string;
  hash: string;
}

const PLACEHOLDER: AuditRecord = { seq: 0, ts: "", actor: "", action: "", target: null, details: {}, prevHash: "", hash: "" };

/** The row of a record; its key order is the compiled insert's parameter order. */
function toRow(r: AuditRecord) {
  return {
    seq: r.seq,
    ts: r.ts,
    actor: r.actor,
    action: r.action,
    target: r.target,
    details: canonicalJson(r.details),
    prev_hash: r.prevHash,
    hash: r.hash,
  };
}

function toStored(row: Selectable<AuditRecordsTable>): StoredRecord {
  return {
    seq: Number(row.seq),
    ts: row.ts,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

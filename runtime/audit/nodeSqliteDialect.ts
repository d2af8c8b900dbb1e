import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from "kysely";

export interface NodeSqliteDialectConfig {
  /** Database file, or ":memory:". */
  path: string;
  /** How long a writer waits for another process's write lock (SQLITE_BUSY), in ms. */
  busyTimeoutMs?: number;
  /** PRAGMA synchronous in WAL mode: NORMAL survives process crashes, FULL also power loss. */
  synchronous?: "NORMAL" | "FULL";
}

/**
 * A kysely dialect over Node's built-in `node:sqlite` (DatabaseSync), so that SQLite needs no
 * native build. Query compilation and introspection are kysely's SQLite ones; this supplies
 * the driver. Every transaction starts with BEGIN IMMEDIATE: it takes the database's write
 * lock up front (waiting up to the busy timeout), which is what serializes appends from
 * several processes. A deferred BEGIN that later writes can fail with SQLITE_BUSY at once.
 */
export class NodeSqliteDialect implements Dialect {
  readonly #config: NodeSqliteDialectConfig;

  constructor(config: NodeSqliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new NodeSqliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new NodeSqliteAdapter();
  }

  // kysely's interface takes Kysely<any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** SQLite does run DDL inside transactions; saying so lets the migrator hold the write lock. */
class NodeSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class NodeSqliteDriver implements Driver {
  readonly #config: NodeSqliteDialectConfig;
  #connection: NodeSqliteConnection | undefined;

  constructor(config: NodeSqliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const busy = this.#config.busyTimeoutMs ?? 10_000;
    const db = new DatabaseSync(this.#config.path, { timeout: busy });
    db.exec(`PRAGMA busy_timeout = ${busy}`);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${this.#config.synchronous ?? "NORMAL"}`);
    // Checkpoint (copy the WAL into the database, with an fsync) every ~40 MB rather than the
    // default ~4 MB: a third more appends per second, at the cost of a larger WAL file.
    db.exec("PRAGMA wal_autocheckpoint = 10000");
    this.#connection = new NodeSqliteConnection(db);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection: kysely serializes its use because the adapter reports no support for
    // multiple connections.
    if (!this.#connection) throw new Error("node:sqlite driver used before init");
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("BEGIN IMMEDIATE"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("COMMIT"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    this.#connection?.close();
    this.#connection = undefined;
  }
}

const STATEMENT_CACHE = 64;

class NodeSqliteConnection implements DatabaseConnection {
  readonly #db: DatabaseSync;
  // Compiling SQL costs more than running a small insert: keep the recent statements.
  readonly #statements = new Map<string, { stmt: StatementSync; reader: boolean }>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { stmt, reader } = this.#prepare(query.sql);
    const params = toParams(query.parameters);
    if (reader) return { rows: stmt.all(...params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(...params);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { stmt } = this.#prepare(query.sql);
    for (const row of stmt.iterate(...toParams(query.parameters))) yield { rows: [row as R] };
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }

  #prepare(sql: string): { stmt: StatementSync; reader: boolean } {
    let entry = this.#statements.get(sql);
    if (!entry) {
      const stmt = this.#db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      if (this.#statements.size >= STATEMENT_CACHE) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, entry);
    }
    return entry;
  }
}

function toParams(parameters: readonly unknown[]): SQLInputValue[] {
  return parameters.map((p) => {
    if (p === undefined || p === null) return null;
    if (typeof p === "boolean") return p ? 1 : 0;
    return p as SQLInputValue;
  });
}

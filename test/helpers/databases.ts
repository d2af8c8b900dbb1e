import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { parseDatabaseUrl } from "../../runtime/db.ts";

/**
 * The two databases Wardroom's ledgers run on, for tests that must pass on both. PostgreSQL is the local server
 * (WARDROOM_TEST_DATABASE_URL overrides); each URL gets a fresh schema. When it is unreachable
 * its tests are skipped with the reason, except under CI, where that is a failure.
 */
export interface Backend {
  name: "sqlite" | "postgres";
  skipReason: string | null;
  /** A URL for a new, empty database (`what` names the file or schema). */
  freshUrl(what?: string): string;
  /** SQL straight to the database, as someone with database access would run it. */
  raw(url: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

export const PG_URL = process.env.WARDROOM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let counter = 0;
const unique = (): string => `${process.pid}_${Date.now().toString(36)}_${counter++}`;

function sqliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: "sqlite",
    skipReason: null,
    freshUrl(what = "db") {
      const dir = mkdtempSync(join(tmpdir(), `wardroom-${what}-`));
      dirs.push(dir);
      return `sqlite:${join(dir, `${what}.db`)}`;
    },
    async raw(url, sql, params = []) {
      const db = new DatabaseSync(url.slice("sqlite:".length), { timeout: 10_000 });
      try {
        const stmt = db.prepare(sql);
        if (stmt.columns().length > 0) return stmt.all(...(params as never[])) as Record<string, unknown>[];
        stmt.run(...(params as never[]));
        return [];
      } finally {
        db.close();
      }
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresReason(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    const reason = `PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, "//")} is unreachable (${err instanceof Error ? err.message : String(err)})`;
    if (process.env.CI) throw new Error(`${reason}; CI requires it (set WARDROOM_TEST_DATABASE_URL)`, { cause: err });
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

async function postgresBackend(): Promise<Backend> {
  const skipReason = await postgresReason();
  if (skipReason) console.warn(`skipping PostgreSQL tests: ${skipReason}`);
  const schemas: string[] = [];
  const withClient = async <T>(schema: string | null, run: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: PG_URL, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgres",
    skipReason,
    freshUrl(what = "db") {
      const schema = `${what}_test_${unique()}`;
      schemas.push(schema);
      const url = new URL(PG_URL);
      url.searchParams.set("schema", schema);
      return url.toString();
    },
    async raw(url, sql, params = []) {
      const schema = new URL(url).searchParams.get("schema");
      return withClient(schema, async (c) => (await c.query(sql, params)).rows as Record<string, unknown>[]);
    },
    async cleanup() {
      const drop = schemas.splice(0);
      if (drop.length === 0 || skipReason) return;
      await withClient(null, async (c) => {
        for (const s of drop) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      });
    },
  };
}

/**
 * SQL straight to the database a Wardroom URL names (`sqlite:<file>` or
 * `postgres://...[?schema=name]`, as in stack.json's `internal.*Url`), with `?` placeholders on
 * both: tests look at a running stack's bridge store or ledgers the same way whichever
 * database the project runs them on.
 */
export async function queryDatabase(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const target = parseDatabaseUrl(url, "url");
  if (target.kind === "sqlite") {
    const db = new DatabaseSync(target.path, { readOnly: true, timeout: 10_000 });
    try {
      return db.prepare(sql).all(...(params as never[])) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const client = new pg.Client({ connectionString: target.connectionString, options: `-c search_path=${target.schema}` });
  await client.connect();
  try {
    return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/**
 * What a database administrator can do (and an attacker with database access does first):
 * drop the audit ledger's append-only triggers (runtime/audit/migrations.ts).
 */
export async function dropAuditGuards(backend: Backend, url: string): Promise<void> {
  const on = backend.name === "postgres" ? " ON audit_records" : "";
  for (const trigger of ["audit_records_no_update", "audit_records_no_delete", ...(backend.name === "postgres" ? ["audit_records_no_truncate"] : [])]) {
    await backend.raw(url, `DROP TRIGGER ${trigger}${on}`);
  }
}

export const backends: Backend[] = [sqliteBackend(), await postgresBackend()];

import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator, type MigrationProvider } from "kysely/migration";
import pg from "pg";
import { InputError } from "../core/errors.ts";
import { NodeSqliteDialect } from "./audit/nodeSqliteDialect.ts";

/**
 * Wardroom's databases (the audit ledger, the consent ledger, the bridge's state) all open the
 * same way: a URL, SQLite by default (Node's built-in node:sqlite, no native build) or
 * PostgreSQL in production, and one kysely migration set per component.
 */

export type DatabaseKind = "sqlite" | "postgres";

export type ParsedDatabaseUrl =
  | { kind: "sqlite"; path: string; synchronous: "NORMAL" | "FULL" }
  | { kind: "postgres"; connectionString: string; schema: string };

/**
 * `sqlite:/path/file.db[?synchronous=full]` or `postgres://user@host:5432/db[?schema=name]`.
 * Errors start with `field` (the option or variable the URL came from) and never echo a password.
 */
export function parseDatabaseUrl(url: string, field = "db", example = "/var/lib/wardroom/audit.db"): ParsedDatabaseUrl {
  if (url.startsWith("sqlite:")) {
    const [rest = "", query = ""] = url.slice("sqlite:".length).split("?", 2);
    const path = rest.startsWith("//") ? rest.slice(2) : rest;
    if (!path) throw new InputError(`${field}: sqlite URL needs a file path, e.g. sqlite:${example}`);
    const sync = new URLSearchParams(query).get("synchronous")?.toUpperCase() ?? "NORMAL";
    if (sync !== "NORMAL" && sync !== "FULL") throw new InputError(`${field}: synchronous must be normal or full`);
    return { kind: "sqlite", path: path === ":memory:" ? path : resolve(path), synchronous: sync };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(`${field}: not a valid postgres:// URL`);
    }
    const schema = parsed.searchParams.get("schema") ?? "public";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new InputError(`${field}: schema must be a lowercase SQL identifier`);
    parsed.searchParams.delete("schema");
    return { kind: "postgres", connectionString: parsed.toString(), schema };
  }
  throw new InputError(`${field}: must be sqlite:${example} or postgres://user@host/database`);
}

async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  if (schema === "public") return;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two processes creating it at once: the loser gets a unique violation.
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    if (exists.rowCount === 0) throw err;
  } finally {
    await client.end();
  }
}

/**
 * Opens and migrates a component's database. A new SQLite directory is private to its owner
 * (the databases hold PHI). With `mustExist`, a missing SQLite file is an InputError (for
 * read-only commands) rather than a new empty database.
 */
export async function openDatabase<DB>(args: {
  target: ParsedDatabaseUrl;
  migrations: (kind: DatabaseKind) => MigrationProvider;
  /** Names the migration bookkeeping tables and the PostgreSQL application. */
  name: string;
  mustExist?: { what: string; field: string };
}): Promise<{ db: Kysely<DB>; kind: DatabaseKind }> {
  const { target } = args;
  let db: Kysely<DB>;
  if (target.kind === "sqlite") {
    if (target.path !== ":memory:") {
      if (args.mustExist && !existsSync(target.path)) throw new InputError(`${args.mustExist.field}: no ${args.mustExist.what} at ${target.path}`);
      mkdirSync(dirname(target.path), { recursive: true, mode: 0o700 });
    }
    db = new Kysely<DB>({ dialect: new NodeSqliteDialect({ path: target.path, synchronous: target.synchronous }) });
  } else {
    await ensureSchema(target.connectionString, target.schema);
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: 4,
      application_name: `wardroom-${args.name}`,
      options: `-c search_path=${target.schema}`,
    });
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    const migrator = new Migrator({
      db,
      provider: args.migrations(target.kind),
      migrationTableName: `${args.name}_migration`,
      migrationLockTableName: `${args.name}_migration_lock`,
      ...(target.kind === "postgres" ? { migrationTableSchema: target.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, kind: target.kind };
}

import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { AuditLedger, type AuditActionRegistry } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";
import { stateDir } from "../paths.ts";
import { auditMigrations, type AuditDialectKind } from "./migrations.ts";
import { NodeSqliteDialect } from "./nodeSqliteDialect.ts";
import type { AuditDatabase } from "./schema.ts";
import { SqlAuditStore } from "./SqlAuditStore.ts";

export interface OpenAuditLedgerOptions {
  /**
   * `sqlite:/path/to/audit.db` (optionally `?synchronous=full`) or
   * `postgres://user@host:5432/db` (optionally `?schema=name`). Default: defaultAuditUrl().
   */
  url?: string;
  /** Refuse to create a new SQLite ledger (read-only commands: verify, export, tail). */
  mustExist?: boolean;
  actions?: AuditActionRegistry;
  clock?: () => Date;
}

/** `$WARDROOM_AUDIT_URL`, else the SQLite file `<stateDir>/audit/audit.db`. */
export function defaultAuditUrl(): string {
  return process.env.WARDROOM_AUDIT_URL ?? `sqlite:${join(stateDir(), "audit", "audit.db")}`;
}

export type ParsedAuditUrl =
  | { kind: "sqlite"; path: string; synchronous: "NORMAL" | "FULL" }
  | { kind: "postgres"; connectionString: string; schema: string };

/** Parses a ledger URL; errors name the URL's problem but never echo a password. */
export function parseAuditUrl(url: string): ParsedAuditUrl {
  if (url.startsWith("sqlite:")) {
    const [rest = "", query = ""] = url.slice("sqlite:".length).split("?", 2);
    const path = rest.startsWith("//") ? rest.slice(2) : rest;
    if (!path) throw new InputError("db: sqlite URL needs a file path, e.g. sqlite:/var/lib/wardroom/audit.db");
    const sync = new URLSearchParams(query).get("synchronous")?.toUpperCase() ?? "NORMAL";
    if (sync !== "NORMAL" && sync !== "FULL") throw new InputError("db: synchronous must be normal or full");
    return { kind: "sqlite", path: path === ":memory:" ? path : resolve(path), synchronous: sync };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError("db: not a valid postgres:// URL");
    }
    const schema = parsed.searchParams.get("schema") ?? "public";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new InputError("db: schema must be a lowercase SQL identifier");
    parsed.searchParams.delete("schema");
    return { kind: "postgres", connectionString: parsed.toString(), schema };
  }
  throw new InputError("db: must be sqlite:/path/to/audit.db or postgres://user@host/database");
}

/**
 * Opens (creating and migrating when needed) the audit ledger at `url`. The caller closes it.
 * Several processes may open the same ledger and append at once.
 */
export async function openAuditLedger(options: OpenAuditLedgerOptions = {}): Promise<AuditLedger> {
  const target = parseAuditUrl(options.url ?? defaultAuditUrl());
  const kind: AuditDialectKind = target.kind;
  let db: Kysely<AuditDatabase>;
  if (target.kind === "sqlite") {
    if (target.path !== ":memory:") {
      if (options.mustExist && !existsSync(target.path)) throw new InputError(`db: no audit ledger at ${target.path}`);
      mkdirSync(dirname(target.path), { recursive: true });
    }
    db = new Kysely<AuditDatabase>({ dialect: new NodeSqliteDialect({ path: target.path, synchronous: target.synchronous }) });
  } else {
    await ensureSchema(target.connectionString, target.schema);
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: 4,
      application_name: "wardroom-audit",
      options: `-c search_path=${target.schema}`,
    });
    db = new Kysely<AuditDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    const migrator = new Migrator({
      db,
      provider: auditMigrations(kind),
      migrationTableName: "audit_migration",
      migrationLockTableName: "audit_migration_lock",
      ...(target.kind === "postgres" ? { migrationTableSchema: target.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new AuditLedger(new SqlAuditStore(db, kind), { actions: options.actions, clock: options.clock });
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

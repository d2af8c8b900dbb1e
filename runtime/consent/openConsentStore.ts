import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import type { AuditLedger } from "../../core/audit/index.ts";
import { InputError } from "../../core/errors.ts";
import { NodeSqliteDialect, parseAuditUrl, type ParsedAuditUrl } from "../audit/index.ts";
import { stateDir } from "../paths.ts";
import { consentMigrations } from "./migrations.ts";
import type { ConsentDatabase } from "./schema.ts";
import { SqlConsentStore } from "./SqlConsentStore.ts";

export interface OpenConsentStoreOptions {
  /**
   * `sqlite:/path/to/consent.db` (optionally `?synchronous=full`) or
   * `postgres://user@host:5432/db` (optionally `?schema=name`). Default: defaultConsentUrl().
   */
  url?: string;
  /**
   * Where each event's audit record goes. Its registry must hold the consent actions
   * (withConsentAuditActions). Without it the store only reads (CLI show/export, the gate).
   * On SQLite it must be another file than the consent ledger.
   */
  audit?: AuditLedger;
  /** Refuse to create a new SQLite ledger (read-only commands). */
  mustExist?: boolean;
  clock?: () => Date;
}

/** `$WARDROOM_CONSENT_URL`, else the SQLite file `<stateDir>/consent/consent.db`. */
export function defaultConsentUrl(): string {
  return process.env.WARDROOM_CONSENT_URL ?? `sqlite:${join(stateDir(), "consent", "consent.db")}`;
}

/** The audit ledger's URL forms, with errors that speak of the consent ledger. */
export function parseConsentUrl(url: string): ParsedAuditUrl {
  try {
    return parseAuditUrl(url);
  } catch (err) {
    if (err instanceof InputError) {
      throw new InputError(err.message.replace(/^db:/, "consent url:").replaceAll("audit.db", "consent.db"));
    }
    throw err;
  }
}

/**
 * Opens (creating and migrating when needed) the consent ledger at `url`; the caller closes
 * it. Several processes may open the same ledger; the database serializes their writes.
 * The database holds phone numbers (PHI): a new SQLite directory is private to its owner.
 */
export async function openConsentStore(options: OpenConsentStoreOptions = {}): Promise<SqlConsentStore> {
  const target = parseConsentUrl(options.url ?? defaultConsentUrl());
  let db: Kysely<ConsentDatabase>;
  if (target.kind === "sqlite") {
    if (target.path !== ":memory:") {
      if (options.mustExist && !existsSync(target.path)) throw new InputError(`consent url: no consent ledger at ${target.path}`);
      mkdirSync(dirname(target.path), { recursive: true, mode: 0o700 });
    }
    db = new Kysely<ConsentDatabase>({ dialect: new NodeSqliteDialect({ path: target.path, synchronous: target.synchronous }) });
  } else {
    await ensureSchema(target.connectionString, target.schema);
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: 4,
      application_name: "wardroom-consent",
      options: `-c search_path=${target.schema}`,
    });
    db = new Kysely<ConsentDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    const migrator = new Migrator({
      db,
      provider: consentMigrations(target.kind),
      migrationTableName: "consent_migration",
      migrationLockTableName: "consent_migration_lock",
      ...(target.kind === "postgres" ? { migrationTableSchema: target.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
    return await SqlConsentStore.open(db, target.kind, { audit: options.audit, clock: options.clock });
  } catch (err) {
    await db.destroy();
    throw err;
  }
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

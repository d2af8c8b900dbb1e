import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator, type MigrationProvider } from "kysely/migration";
import pg from "pg";
import { parseAuditUrl } from "./audit/openAuditLedger.ts";
import { NodeSqliteDialect } from "./audit/nodeSqliteDialect.ts";

/**
 * Opens a kysely database from a Wardroom database URL (`sqlite:/path/file.db` or
 * `postgres://...[?schema=name]`, the same forms as the audit ledger) and migrates it with
 * the given migration set.
 */
export async function openDatabase<DB>(args: {
  url: string;
  migrations: MigrationProvider;
  /** Distinguishes this component's migration bookkeeping from others in the same database. */
  name: string;
}): Promise<{ db: Kysely<DB>; kind: "sqlite" | "postgres" }> {
  const target = parseAuditUrl(args.url);
  let db: Kysely<DB>;
  if (target.kind === "sqlite") {
    if (target.path !== ":memory:") mkdirSync(dirname(target.path), { recursive: true });
    db = new Kysely<DB>({ dialect: new NodeSqliteDialect({ path: target.path, synchronous: target.synchronous }) });
  } else {
    if (target.schema !== "public") {
      const client = new pg.Client({ connectionString: target.connectionString });
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`).catch(() => undefined);
      await client.end();
    }
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: 4,
      application_name: `wardroom-${args.name}`,
      options: `-c search_path=${target.schema}`,
    });
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  const migrator = new Migrator({
    db,
    provider: args.migrations,
    migrationTableName: `${args.name}_migration`,
    migrationLockTableName: `${args.name}_migration_lock`,
    ...(target.kind === "postgres" ? { migrationTableSchema: target.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind: target.kind };
}

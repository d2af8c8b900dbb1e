import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";

export type AuditDialectKind = "sqlite" | "postgres";

/**
 * The ledger's one migration set. The few places where the two databases differ (the seq
 * column type, the append-only trigger) branch on the kind; names and meaning are the same.
 */
export function auditMigrations(kind: AuditDialectKind): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_audit_records": {
      // The migrator's Kysely has no schema type.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // INTEGER PRIMARY KEY is SQLite's rowid itself (no second index); BIGINT on PostgreSQL.
        await db.schema
          .createTable("audit_records")
          .addColumn("seq", kind === "sqlite" ? "integer" : "bigint", (c) => c.primaryKey())
          .addColumn("ts", "text", (c) => c.notNull())
          .addColumn("actor", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("target", "text")
          .addColumn("details", "text", (c) => c.notNull())
          .addColumn("prev_hash", "text", (c) => c.notNull())
          .addColumn("hash", "text", (c) => c.notNull())
          .execute();
        // Filters walk one index newest first; time ranges become seq ranges through ts.
        await db.schema.createIndex("audit_records_actor_seq").on("audit_records").columns(["actor", "seq"]).execute();
        await db.schema.createIndex("audit_records_target_seq").on("audit_records").columns(["target", "seq"]).execute();
        await db.schema.createIndex("audit_records_action_seq").on("audit_records").columns(["action", "seq"]).execute();
        await db.schema.createIndex("audit_records_ts_seq").on("audit_records").columns(["ts", "seq"]).execute();

        await db.schema
          .createTable("audit_meta")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
        await db.insertInto("audit_meta").values({ key: "ledger_id", value: randomUUID() }).execute();

        // Append-only at the database too: an UPDATE is refused (tampering stays detectable by
        // verify in any case; this stops mistakes). Deletes are the retention purge's job.
        if (kind === "sqlite") {
          await sql`CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
            BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END`.execute(db);
        } else {
          await sql`CREATE FUNCTION audit_records_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
            FOR EACH ROW EXECUTE FUNCTION audit_records_refuse_update()`.execute(db);
        }
      },
    },
    "0002_audit_records_no_delete": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // Deleting records is refused too, except by the retention purge: it writes the seq it
        // deletes through into audit_meta (key purge_through) in its own transaction and
        // removes it before committing. Someone with database access can do the same, or drop
        // the triggers: these stop mistakes and casual deletion; a truncated tail is still
        // reported by verify from the anchors, and production takes DELETE and UPDATE away
        // from the ledger's database role (docs/audit.md).
        if (kind === "sqlite") {
          await sql`CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
            WHEN NOT EXISTS (SELECT 1 FROM audit_meta WHERE key = 'purge_through' AND CAST(value AS INTEGER) >= OLD.seq)
            BEGIN SELECT RAISE(ABORT, 'audit records are append-only (delete refused)'); END`.execute(db);
        } else {
          await sql`CREATE FUNCTION audit_records_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_meta WHERE key = 'purge_through' AND value::bigint >= OLD.seq) THEN
                RETURN OLD;
              END IF;
              RAISE EXCEPTION 'audit records are append-only (% refused)', lower(TG_OP);
            END $$`.execute(db);
          await sql`CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
            FOR EACH ROW EXECUTE FUNCTION audit_records_refuse_delete()`.execute(db);
          await sql`CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
            FOR EACH STATEMENT EXECUTE FUNCTION audit_records_refuse_delete()`.execute(db);
        }
      },
    },
    "0003_audit_records_combined_filters": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // The console's audit search filters by actor and action (or target and action)
        // together. With one-column indexes the database walks one of them and discards rows
        // that miss the other: at a million records, "device.wiped by @alice" read tens of
        // thousands of rows per page (bench/console.ts, p95 ~0.7 s). These walk only the hits.
        await db.schema.createIndex("audit_records_actor_action_seq").on("audit_records").columns(["actor", "action", "seq"]).execute();
        await db.schema.createIndex("audit_records_target_action_seq").on("audit_records").columns(["target", "action", "seq"]).execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}

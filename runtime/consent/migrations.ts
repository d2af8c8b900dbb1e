import { randomBytes, randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";

export type ConsentDialectKind = "sqlite" | "postgres";

/** The consent ledger's migration set; the two databases differ only where noted. */
export function consentMigrations(kind: ConsentDialectKind): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_consent": {
      // The migrator's Kysely has no schema type.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        await db.schema
          .createTable("consent_events")
          // INTEGER PRIMARY KEY is SQLite's rowid (assigned on insert); an identity column on PostgreSQL.
          .addColumn("seq", kind === "sqlite" ? "integer" : "bigint", (c) => (kind === "sqlite" ? c.primaryKey() : c.primaryKey().generatedAlwaysAsIdentity()))
          .addColumn("id", "text", (c) => c.notNull().unique())
          .addColumn("phone", "text", (c) => c.notNull())
          .addColumn("revision", "integer", (c) => c.notNull())
          .addColumn("event", "text", (c) => c.notNull())
          .addColumn("state_after", "text", (c) => c.notNull())
          .addColumn("warning_version", "text")
          .addColumn("evidence", "text", (c) => c.notNull())
          .addColumn("actor", "text", (c) => c.notNull())
          .addColumn("ts", "text", (c) => c.notNull())
          // Two writers that both extend the same revision of a number: one insert fails.
          .addUniqueConstraint("consent_events_phone_revision", ["phone", "revision"])
          .execute();

        await db.schema
          .createTable("consent_state")
          .addColumn("phone", "text", (c) => c.primaryKey())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("revision", "integer", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("consent_state_state").on("consent_state").column("state").execute();

        await db.schema
          .createTable("consent_warnings")
          .addColumn("version", "text", (c) => c.primaryKey())
          .addColumn("language", "text", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("first_sent_at", "text", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("consent_meta")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
        await db
          .insertInto("consent_meta")
          .values([
            { key: "ledger_id", value: randomUUID() },
            { key: "phone_ref_key", value: randomBytes(32).toString("hex") },
          ])
          .execute();

        // Evidence is never changed or removed, and a warning's text never changes under its
        // version: refused by the database itself, not just by the code.
        if (kind === "sqlite") {
          for (const table of ["consent_events", "consent_warnings"]) {
            for (const op of ["UPDATE", "DELETE"]) {
              await sql
                .raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`)
                .execute(db);
            }
          }
        } else {
          await sql`CREATE FUNCTION consent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`.execute(db);
          for (const table of ["consent_events", "consent_warnings"]) {
            await sql
              .raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION consent_refuse_change()`)
              .execute(db);
          }
        }
      },
    },
    "0002_consent_state_by_state_phone": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // The console lists numbers of one state in phone order, page by page (keyset): one
        // index gives both, where the state-only index needed a sort of every such number.
        await db.schema.createIndex("consent_state_state_phone").on("consent_state").columns(["state", "phone"]).execute();
        await db.schema.dropIndex("consent_state_state").execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}

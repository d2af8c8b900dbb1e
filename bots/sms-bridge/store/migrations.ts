import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";

/** The bridge's one migration set, the same on SQLite and PostgreSQL. */
export function bridgeMigrations(): MigrationProvider {
  const migrations: Record<string, Migration> = {
    "0001_bridge": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        await db.schema
          .createTable("bridge_matrix_inbox")
          .addColumn("event_id", "text", (c) => c.primaryKey())
          .addColumn("room_id", "text", (c) => c.notNull())
          .addColumn("sender", "text", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("content", "text", (c) => c.notNull())
          .addColumn("origin_ts", "bigint", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("received_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("bridge_matrix_inbox_pending").on("bridge_matrix_inbox").columns(["status", "received_at"]).execute();
        await db.schema
          .createTable("bridge_portals")
          .addColumn("phone", "text", (c) => c.primaryKey())
          .addColumn("room_id", "text", (c) => c.notNull().unique())
          .addColumn("puppet_user_id", "text", (c) => c.notNull())
          .addColumn("language", "text", (c) => c.notNull())
          .addColumn("time_zone", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("bridge_inbound")
          .addColumn("provider", "text", (c) => c.notNull())
          .addColumn("provider_message_id", "text", (c) => c.notNull())
          .addColumn("phone", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("media", "text", (c) => c.notNull())
          .addColumn("received_at", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull())
          .addColumn("event_id", "text")
          .addPrimaryKeyConstraint("bridge_inbound_pk", ["provider", "provider_message_id"])
          .execute();
        await db.schema.createIndex("bridge_inbound_pending").on("bridge_inbound").columns(["status", "received_at"]).execute();
        await db.schema
          .createTable("bridge_outbox")
          .addColumn("idempotency_key", "text", (c) => c.primaryKey())
          .addColumn("room_id", "text", (c) => c.notNull())
          .addColumn("event_id", "text")
          .addColumn("sender", "text")
          .addColumn("phone", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull())
          .addColumn("next_attempt_at", "text", (c) => c.notNull())
          .addColumn("provider_message_id", "text")
          .addColumn("last_error", "text")
          .addColumn("meta", "text")
          .addColumn("sent_at", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("bridge_outbox_due").on("bridge_outbox").columns(["status", "next_attempt_at"]).execute();
        await db.schema.createIndex("bridge_outbox_provider_id").on("bridge_outbox").column("provider_message_id").execute();
        await db.schema.createIndex("bridge_outbox_phone_sent").on("bridge_outbox").columns(["phone", "sent_at"]).execute();
      },
    },
    "0002_bridge_meta": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        await db.schema.createTable("bridge_meta").addColumn("key", "text", (c) => c.primaryKey()).addColumn("value", "text", (c) => c.notNull()).execute();
        // The key of opaque puppet ids (core/sms/puppetId.ts), made once per bridge database.
        await db.insertInto("bridge_meta").values({ key: "puppet_id_key", value: randomBytes(32).toString("hex") }).execute();
      },
    },
    "0003_inbound_retry_budget": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // Retries are budgeted by time (queues/inboundRetry.ts): when the first failure was,
        // and when the next attempt is due.
        await db.schema.alterTable("bridge_inbound").addColumn("first_failed_at", "text").execute();
        await db.schema.alterTable("bridge_inbound").addColumn("next_attempt_at", "text").execute();
      },
    },
    "0004_outbox_after_send_pending": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // The after-send step owed by a sent text was a marker in last_error; it is its own
        // flag now (0/1: the same on SQLite and PostgreSQL), and last_error holds errors only.
        await db.schema.alterTable("bridge_outbox").addColumn("after_send_pending", "integer", (c) => c.notNull().defaultTo(0)).execute();
        await db.updateTable("bridge_outbox").set({ after_send_pending: 1, last_error: null }).where("last_error", "=", "after_send_pending").execute();
      },
    },
    "0005_portal_creations": {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>): Promise<void> {
        // A portal room being set up: written before the room is created, removed when the
        // portal is stored. Left behind, it says a set-up was cut short (the homeserver or the
        // bridge died) and its room may exist: the next attempt looks for it before making one.
        await db.schema.createTable("bridge_portal_creations").addColumn("phone", "text", (c) => c.primaryKey()).addColumn("started_at", "text", (c) => c.notNull()).execute();
      },
    },
  };
  return { getMigrations: async () => migrations };
}

import { join } from "node:path";
import session, { type SessionData } from "express-session";
import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import { openDatabase, parseDatabaseUrl } from "../runtime/db.ts";
import { stateDir } from "../runtime/paths.ts";

interface SessionDatabase {
  console_sessions: { sid: string; data: string; expires_at: number };
}

function sessionMigrations(): MigrationProvider {
  return {
    getMigrations: async () => ({
      "0001_console_sessions": {
        // The migrator's Kysely has no schema type.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable("console_sessions")
            .addColumn("sid", "text", (c) => c.primaryKey())
            .addColumn("data", "text", (c) => c.notNull())
            .addColumn("expires_at", "bigint", (c) => c.notNull())
            .execute();
          await db.schema.createIndex("console_sessions_expires").on("console_sessions").column("expires_at").execute();
        },
      },
    }),
  };
}

/** `$WARDROOM_CONSOLE_SESSIONS_URL`, else the SQLite file `<stateDir>/console/sessions.db`. */
export function defaultSessionsUrl(): string {
  return process.env.WARDROOM_CONSOLE_SESSIONS_URL ?? `sqlite:${join(stateDir(), "console", "sessions.db")}`;
}

const DEFAULT_TTL_MS = 15 * 60_000;
const GRACE_MS = 60 * 60_000;

/**
 * The console's sessions, server-side in the same database family as the ledgers (SQLite by
 * default, PostgreSQL in production) so that a restart or a second console process keeps them
 * and nothing about a session lives in the browser but its random id. A row past its expiry
 * is never returned (the idle timeout holds even if the cookie outlives it) and is deleted
 * on the next write.
 */
export class SqlSessionStore extends session.Store {
  private constructor(
    private readonly db: Kysely<SessionDatabase>,
    private readonly clock: () => Date,
  ) {
    super();
  }

  static async open(url = defaultSessionsUrl(), clock: () => Date = () => new Date()): Promise<SqlSessionStore> {
    const { db } = await openDatabase<SessionDatabase>({ target: parseDatabaseUrl(url, "sessions url", "/var/lib/wardroom/console-sessions.db"), migrations: sessionMigrations, name: "console_sessions" });
    return new SqlSessionStore(db, clock);
  }

  /**
   * The cookie's lifetime counted from sign-in (not from the last save, so no write extends
   * it), plus a grace period in which the console still finds the row to tell the person why
   * the session ended (the console itself refuses the session at the lifetime).
   */
  #expiry(data: SessionData): number {
    const maxAge = data.cookie?.originalMaxAge ?? DEFAULT_TTL_MS;
    const since = (data as { createdAt?: number }).createdAt ?? this.clock().getTime();
    return since + maxAge + GRACE_MS;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.db
      .selectFrom("console_sessions")
      .select(["data", "expires_at"])
      .where("sid", "=", sid)
      .executeTakeFirst()
      .then((row) => callback(null, row && Number(row.expires_at) > this.clock().getTime() ? (JSON.parse(row.data) as SessionData) : null), (err: unknown) => callback(err));
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const row = { sid, data: JSON.stringify(data), expires_at: this.#expiry(data) };
    this.db
      .transaction()
      .execute(async (tx) => {
        await tx.deleteFrom("console_sessions").where("expires_at", "<=", this.clock().getTime()).execute();
        await tx
          .insertInto("console_sessions")
          .values(row)
          .onConflict((oc) => oc.column("sid").doUpdateSet({ data: row.data, expires_at: row.expires_at }))
          .execute();
      })
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override touch(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    this.db
      .updateTable("console_sessions")
      .set({ expires_at: this.#expiry(data) })
      .where("sid", "=", sid)
      .execute()
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db
      .deleteFrom("console_sessions")
      .where("sid", "=", sid)
      .execute()
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  /** How many sessions are stored (expired ones included until the next write). */
  async count(): Promise<number> {
    const row = await this.db.selectFrom("console_sessions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

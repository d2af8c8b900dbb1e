import { join } from "node:path";
import session, { type SessionData } from "express-session";
import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import { openDatabase, parseDatabaseUrl } from "../runtime/db.ts";
import { stateDir } from "../runtime/paths.ts";

interface SessionDatabase {
  console_sessions: {
    sid: string;
    data: string;
    expires_at: number;
    /** Copied from the data on every write, so that sessions can be found by person (0002). */
    user_id: string | null;
    /** The identity provider's subject and session id of an SSO sign-in (back-channel logout). */
    idp_sub: string | null;
    idp_sid: string | null;
    created_at: number | null;
    /** Set when something outside the session ended it; a write of the session never clears it. */
    ended: string | null;
  };
}

/** What ended a session from outside it (the console tells the person on their next request). */
export type SessionEndReason = "identity_provider";
/** The mark of a destroyed session (sign-out, idle, lifetime, a new sign-in): never found again. */
const DESTROYED = "destroyed";

/** The sessions a back-channel logout ends (core/console/logoutToken.ts). */
export interface SessionEndMatch {
  sub?: string;
  sid?: string;
  /** ms since the epoch: only sessions created up to then. */
  createdBefore: number;
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
      "0002_console_sessions_identity": {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          for (const [name, type] of [["user_id", "text"], ["idp_sub", "text"], ["idp_sid", "text"], ["created_at", "bigint"], ["ended", "text"]] as const) {
            await db.schema.alterTable("console_sessions").addColumn(name, type).execute();
          }
          await db.schema.createIndex("console_sessions_idp_sub").on("console_sessions").column("idp_sub").execute();
          await db.schema.createIndex("console_sessions_idp_sid").on("console_sessions").column("idp_sid").execute();
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
      .select(["data", "expires_at", "ended"])
      .where("sid", "=", sid)
      .executeTakeFirst()
      .then((row) => {
        if (!row || row.ended === DESTROYED || Number(row.expires_at) <= this.clock().getTime()) return callback(null, null);
        const data = JSON.parse(row.data) as SessionData;
        callback(null, row.ended ? { ...data, endedBy: row.ended as SessionEndReason } : data);
      }, (err: unknown) => callback(err));
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const d = data as SessionData & { userId?: string; idpSub?: string; idpSid?: string; createdAt?: number; endedBy?: string };
    // endedBy lives in its own column (set by endSessions): never written back from the data.
    const { endedBy: _ended, ...kept } = d;
    const identity = { user_id: d.userId ?? null, idp_sub: d.idpSub ?? null, idp_sid: d.idpSid ?? null, created_at: d.createdAt ?? null };
    const row = { sid, data: JSON.stringify(kept), expires_at: this.#expiry(data), ...identity, ended: null };
    this.db
      .transaction()
      .execute(async (tx) => {
        await tx.deleteFrom("console_sessions").where("expires_at", "<=", this.clock().getTime()).execute();
        await tx
          .insertInto("console_sessions")
          .values(row)
          .onConflict((oc) => oc.column("sid").doUpdateSet({ data: row.data, expires_at: row.expires_at, ...identity }))
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

  /**
   * Marks the row destroyed instead of deleting it (it goes at its expiry like the others): a
   * request of that session still in flight saves it afterwards, and an upsert into a deleted
   * row would bring the signed-out session back to life for whoever holds the cookie. set()
   * never clears the mark.
   */
  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db
      .updateTable("console_sessions")
      .set({ ended: DESTROYED, data: "{}", user_id: null, idp_sub: null, idp_sid: null })
      .where("sid", "=", sid)
      .execute()
      .then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  /**
   * Ends the live sessions an identity provider's back-channel logout names, and answers whose
   * they were. The rows stay (marked) until they expire, so that the person's next request is
   * told why; a request of that session still in flight cannot write the mark away (set()
   * never touches it).
   */
  async endSessions(match: SessionEndMatch, reason: SessionEndReason): Promise<Array<{ userId: string | null }>> {
    if (!match.sub && !match.sid) return [];
    const now = this.clock().getTime();
    return this.db.transaction().execute(async (tx) => {
      let q = tx.selectFrom("console_sessions").select(["sid", "user_id"]).where("ended", "is", null).where("expires_at", ">", now).where("created_at", "<=", match.createdBefore);
      // A session id names one sign-in; with the subject too, both must agree.
      if (match.sid) q = q.where("idp_sid", "=", match.sid);
      if (match.sub) q = q.where("idp_sub", "=", match.sub);
      const rows = await q.execute();
      if (rows.length > 0) await tx.updateTable("console_sessions").set({ ended: reason }).where("sid", "in", rows.map((r) => r.sid)).execute();
      return rows.map((r) => ({ userId: r.user_id }));
    });
  }

  /** How many sessions are stored (expired ones included until the next write; destroyed ones not). */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("console_sessions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => eb.or([eb("ended", "is", null), eb("ended", "!=", DESTROYED)]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

import { join } from "node:path";
import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import { InputError } from "../../core/errors.ts";
import { openDatabase, parseDatabaseUrl } from "../db.ts";
import { stateDir } from "../paths.ts";

/** One emergency access grant. `reason` is the requester's own words (it may name a patient). */
export interface StoredGrant {
  id: string;
  requester: string;
  roomId: string;
  reason: string;
  minutes: number;
  grantedAt: string;
  expiresAt: string;
  /** Who was told (user ids), once they were. */
  notified: string[];
  endedAt: string | null;
  endReason: "expired" | "ended_early" | "grant_failed" | null;
}

interface GrantTable {
  id: string;
  requester: string;
  room_id: string;
  reason: string;
  minutes: number;
  granted_at: string;
  expires_at: string;
  notified: string;
  ended_at: string | null;
  end_reason: string | null;
}

function migrations(): MigrationProvider {
  return {
    getMigrations: async () => ({
      "0001_break_glass": {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable("break_glass_grants")
            .addColumn("id", "text", (c) => c.primaryKey())
            .addColumn("requester", "text", (c) => c.notNull())
            .addColumn("room_id", "text", (c) => c.notNull())
            .addColumn("reason", "text", (c) => c.notNull())
            .addColumn("minutes", "integer", (c) => c.notNull())
            .addColumn("granted_at", "text", (c) => c.notNull())
            .addColumn("expires_at", "text", (c) => c.notNull())
            .addColumn("notified", "text", (c) => c.notNull())
            .addColumn("ended_at", "text")
            .addColumn("end_reason", "text")
            .execute();
          await db.schema.createIndex("break_glass_open").on("break_glass_grants").columns(["ended_at", "expires_at"]).execute();
        },
      },
      "0002_break_glass_by_time": {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          // The console pages through past grants newest first (keyset on granted_at, id).
          await db.schema.createIndex("break_glass_granted").on("break_glass_grants").columns(["granted_at", "id"]).execute();
        },
      },
    }),
  };
}

/** `$WARDROOM_BREAKGLASS_URL`, else the SQLite file `<stateDir>/breakglass/breakglass.db`. */
export function defaultBreakGlassUrl(): string {
  return process.env.WARDROOM_BREAKGLASS_URL ?? `sqlite:${join(stateDir(), "breakglass", "breakglass.db")}`;
}

const toGrant = (r: GrantTable): StoredGrant => ({
  id: r.id,
  requester: r.requester,
  roomId: r.room_id,
  reason: r.reason,
  minutes: Number(r.minutes),
  grantedAt: r.granted_at,
  expiresAt: r.expires_at,
  notified: JSON.parse(r.notified) as string[],
  endedAt: r.ended_at,
  endReason: r.end_reason as StoredGrant["endReason"],
});

function parseCursor(cursor: string): [string, string] {
  const m = /^(\d{4}-\d{2}-\d{2}T[0-9:.]+Z)\|([A-Za-z0-9_-]{1,100})$/.exec(cursor);
  if (!m) throw new InputError("before: must be the next-page cursor of a previous list");
  return [m[1]!, m[2]!];
}

/**
 * Grants in a database shared by the processes that grant (the compliance bot) and end them
 * (the lifecycle bot): a grant outlives a restart of either, so it always ends. Holds the
 * stated reasons, which may be PHI: SQLite files are private to their owner.
 */
export class SqlBreakGlassStore {
  private constructor(private readonly db: Kysely<{ break_glass_grants: GrantTable }>) {}

  static async open(url = defaultBreakGlassUrl()): Promise<SqlBreakGlassStore> {
    const { db } = await openDatabase<{ break_glass_grants: GrantTable }>({ target: parseDatabaseUrl(url, "breakglass url", "/var/lib/wardroom/breakglass.db"), migrations, name: "breakglass" });
    return new SqlBreakGlassStore(db);
  }

  async insert(g: StoredGrant): Promise<void> {
    await this.db
      .insertInto("break_glass_grants")
      .values({ id: g.id, requester: g.requester, room_id: g.roomId, reason: g.reason, minutes: g.minutes, granted_at: g.grantedAt, expires_at: g.expiresAt, notified: JSON.stringify(g.notified), ended_at: g.endedAt, end_reason: g.endReason })
      .execute();
  }

  async setNotified(id: string, users: string[]): Promise<void> {
    await this.db.updateTable("break_glass_grants").set({ notified: JSON.stringify(users) }).where("id", "=", id).execute();
  }

  async end(id: string, at: string, why: NonNullable<StoredGrant["endReason"]>): Promise<boolean> {
    const res = await this.db.updateTable("break_glass_grants").set({ ended_at: at, end_reason: why }).where("id", "=", id).where("ended_at", "is", null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async open(): Promise<StoredGrant[]> {
    return (await this.db.selectFrom("break_glass_grants").selectAll().where("ended_at", "is", null).orderBy("expires_at").execute()).map(toGrant);
  }

  async list(limit = 200): Promise<StoredGrant[]> {
    return (await this.db.selectFrom("break_glass_grants").selectAll().orderBy("granted_at", "desc").limit(limit).execute()).map(toGrant);
  }

  /**
   * Ended grants, newest first, one keyset page at a time: `before` is the previous page's
   * `nextCursor` (granted_at and id, so grants made in the same millisecond are not skipped).
   */
  async past(options: { before?: string | null; limit?: number } = {}): Promise<{ grants: StoredGrant[]; nextCursor: string | null }> {
    const limit = options.limit ?? 50;
    let q = this.db.selectFrom("break_glass_grants").selectAll().where("ended_at", "is not", null);
    if (options.before) {
      const [at, id] = parseCursor(options.before);
      q = q.where((eb) => eb.or([eb("granted_at", "<", at), eb.and([eb("granted_at", "=", at), eb("id", "<", id)])]));
    }
    const rows = await q.orderBy("granted_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
    const grants = rows.slice(0, limit).map(toGrant);
    const last = grants[grants.length - 1];
    return { grants, nextCursor: rows.length > limit && last ? `${last.grantedAt}|${last.id}` : null };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

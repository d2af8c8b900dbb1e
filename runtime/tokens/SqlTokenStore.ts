import { join } from "node:path";
import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import type { StoredToken, TokenScope } from "../../core/tokens/index.ts";
import { openDatabase, parseDatabaseUrl } from "../db.ts";
import { stateDir } from "../paths.ts";

interface TokenTable {
  id: string;
  /** Hex SHA-256 of the token text; the text itself is never stored. */
  hash: string;
  owner: string;
  name: string;
  hint: string;
  /** JSON list of scopes. */
  scopes: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

interface TokenDatabase {
  personal_access_tokens: TokenTable;
}

function migrations(): MigrationProvider {
  return {
    getMigrations: async () => ({
      "0001_personal_access_tokens": {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable("personal_access_tokens")
            .addColumn("id", "text", (c) => c.primaryKey())
            .addColumn("hash", "text", (c) => c.notNull().unique())
            .addColumn("owner", "text", (c) => c.notNull())
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("hint", "text", (c) => c.notNull())
            .addColumn("scopes", "text", (c) => c.notNull())
            .addColumn("created_at", "text", (c) => c.notNull())
            .addColumn("expires_at", "text", (c) => c.notNull())
            .addColumn("revoked_at", "text")
            .addColumn("last_used_at", "text")
            .execute();
          await db.schema.createIndex("personal_access_tokens_owner").on("personal_access_tokens").columns(["owner", "created_at"]).execute();
        },
      },
    }),
  };
}

/** `$WARDROOM_TOKENS_URL`, else the SQLite file `<stateDir>/console/tokens.db`. */
export function defaultTokensUrl(): string {
  return process.env.WARDROOM_TOKENS_URL ?? `sqlite:${join(stateDir(), "console", "tokens.db")}`;
}

const toToken = (r: TokenTable): StoredToken => ({
  id: r.id,
  owner: r.owner,
  name: r.name,
  hint: r.hint,
  scopes: JSON.parse(r.scopes) as TokenScope[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

/**
 * Personal access tokens on SQLite or PostgreSQL, next to the ledgers. Rows are looked up by
 * the token's hash only (one unique index probe); revocation is a timestamp, never a delete,
 * so a revoked token stays explainable in the audit trail.
 */
export class SqlTokenStore {
  private constructor(private readonly db: Kysely<TokenDatabase>) {}

  static async open(url = defaultTokensUrl()): Promise<SqlTokenStore> {
    const { db } = await openDatabase<TokenDatabase>({ target: parseDatabaseUrl(url, "tokens url", "/var/lib/wardroom/tokens.db"), migrations, name: "tokens" });
    return new SqlTokenStore(db);
  }

  async insert(token: StoredToken, hash: string): Promise<void> {
    await this.db
      .insertInto("personal_access_tokens")
      .values({
        id: token.id,
        hash,
        owner: token.owner,
        name: token.name,
        hint: token.hint,
        scopes: JSON.stringify(token.scopes),
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        revoked_at: token.revokedAt,
        last_used_at: token.lastUsedAt,
      })
      .execute();
  }

  async byHash(hash: string): Promise<StoredToken | null> {
    const row = await this.db.selectFrom("personal_access_tokens").selectAll().where("hash", "=", hash).executeTakeFirst();
    return row ? toToken(row) : null;
  }

  async byId(id: string): Promise<StoredToken | null> {
    const row = await this.db.selectFrom("personal_access_tokens").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toToken(row) : null;
  }

  /** One owner's tokens, newest first (revoked and expired ones included). */
  async ofOwner(owner: string): Promise<StoredToken[]> {
    const rows = await this.db.selectFrom("personal_access_tokens").selectAll().where("owner", "=", owner).orderBy("created_at", "desc").limit(500).execute();
    return rows.map(toToken);
  }

  /** Every token, newest first (for administrators). */
  async all(limit = 500): Promise<StoredToken[]> {
    const rows = await this.db.selectFrom("personal_access_tokens").selectAll().orderBy("created_at", "desc").limit(limit).execute();
    return rows.map(toToken);
  }

  /** Marks it revoked; false when it was already revoked or does not exist. */
  async revoke(id: string, at: string): Promise<boolean> {
    const res = await this.db.updateTable("personal_access_tokens").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable("personal_access_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

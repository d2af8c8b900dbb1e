import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import type { ScimGroupRecord, ScimStore, ScimUserRecord } from "../../core/identity/provisioning.ts";
import { openDatabase, parseDatabaseUrl } from "../db.ts";

interface ScimDatabase {
  scim_users: { id: string; matrix_user_id: string; record: string };
  scim_groups: { id: string; record: string };
}

function scimMigrations(): MigrationProvider {
  return {
    getMigrations: async () => ({
      "0001_scim": {
        // The migrator's Kysely has no schema type.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable("scim_users")
            .addColumn("id", "text", (c) => c.primaryKey())
            // Unique: one SCIM user per Matrix account, whatever the case of their userName.
            .addColumn("matrix_user_id", "text", (c) => c.notNull().unique())
            .addColumn("record", "text", (c) => c.notNull())
            .execute();
          await db.schema.createTable("scim_groups").addColumn("id", "text", (c) => c.primaryKey()).addColumn("record", "text", (c) => c.notNull()).execute();
        },
      },
    }),
  };
}

/**
 * SCIM's users and groups in the role directory's database (SQLite or PostgreSQL), next to
 * the role assignments they produce. Records are kept as JSON: only the id and the Matrix
 * account are looked up.
 */
export class SqlScimStore implements ScimStore {
  private constructor(private readonly db: Kysely<ScimDatabase>) {}

  static async open(url: string): Promise<SqlScimStore> {
    const { db } = await openDatabase<ScimDatabase>({ target: parseDatabaseUrl(url, "directory url", "/var/lib/wardroom/directory.db"), migrations: scimMigrations, name: "scim" });
    return new SqlScimStore(db);
  }

  async getUser(id: string): Promise<ScimUserRecord | undefined> {
    const row = await this.db.selectFrom("scim_users").select("record").where("id", "=", id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as ScimUserRecord) : undefined;
  }

  async userByMatrixId(matrixUserId: string): Promise<ScimUserRecord | undefined> {
    const row = await this.db.selectFrom("scim_users").select("record").where("matrix_user_id", "=", matrixUserId).executeTakeFirst();
    return row ? (JSON.parse(row.record) as ScimUserRecord) : undefined;
  }

  async listUsers(): Promise<ScimUserRecord[]> {
    const rows = await this.db.selectFrom("scim_users").select("record").orderBy("id").execute();
    return rows.map((r) => JSON.parse(r.record) as ScimUserRecord);
  }

  async putUser(user: ScimUserRecord): Promise<void> {
    const record = JSON.stringify(user);
    await this.db
      .insertInto("scim_users")
      .values({ id: user.id, matrix_user_id: user.matrixUserId, record })
      .onConflict((oc) => oc.column("id").doUpdateSet({ matrix_user_id: user.matrixUserId, record }))
      .execute();
  }

  async deleteUser(id: string): Promise<void> {
    await this.db.deleteFrom("scim_users").where("id", "=", id).execute();
  }

  async getGroup(id: string): Promise<ScimGroupRecord | undefined> {
    const row = await this.db.selectFrom("scim_groups").select("record").where("id", "=", id).executeTakeFirst();
    return row ? (JSON.parse(row.record) as ScimGroupRecord) : undefined;
  }

  async listGroups(): Promise<ScimGroupRecord[]> {
    const rows = await this.db.selectFrom("scim_groups").select("record").orderBy("id").execute();
    return rows.map((r) => JSON.parse(r.record) as ScimGroupRecord);
  }

  async putGroup(group: ScimGroupRecord): Promise<void> {
    const record = JSON.stringify(group);
    await this.db
      .insertInto("scim_groups")
      .values({ id: group.id, record })
      .onConflict((oc) => oc.column("id").doUpdateSet({ record }))
      .execute();
  }

  async deleteGroup(id: string): Promise<void> {
    await this.db.deleteFrom("scim_groups").where("id", "=", id).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

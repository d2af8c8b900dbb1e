import { join } from "node:path";
import type { Kysely } from "kysely";
import type { MigrationProvider } from "kysely/migration";
import { ROLES, isRole, type Role, type RoleDirectoryWriter, type RoleSource } from "../../core/roles/index.ts";
import { openDatabase, parseDatabaseUrl } from "../db.ts";
import { stateDir } from "../paths.ts";

interface RoleDatabase {
  role_assignments: { user_id: string; role: string; source: string; assigned_at: string };
}

function roleMigrations(): MigrationProvider {
  return {
    getMigrations: async () => ({
      "0001_roles": {
        // The migrator's Kysely has no schema type.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable("role_assignments")
            .addColumn("user_id", "text", (c) => c.notNull())
            .addColumn("role", "text", (c) => c.notNull())
            .addColumn("source", "text", (c) => c.notNull())
            .addColumn("assigned_at", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint("role_assignments_pk", ["user_id", "role", "source"])
            .execute();
          await db.schema.createIndex("role_assignments_role").on("role_assignments").column("role").execute();
        },
      },
    }),
  };
}

/** `$WARDROOM_DIRECTORY_URL`, else the SQLite file `<stateDir>/directory/directory.db`. */
export function defaultDirectoryUrl(): string {
  return process.env.WARDROOM_DIRECTORY_URL ?? `sqlite:${join(stateDir(), "directory", "directory.db")}`;
}

/**
 * The role directory in a database (SQLite or PostgreSQL, like the ledgers), shared by every
 * process: the bridge's care-team check, the bots, the CLI and the console read it when they
 * decide, so a role given or taken away counts at once. Each source (local, SCIM, SSO) keeps
 * its own assignments; a person's roles are the union.
 */
export class SqlRoleDirectory implements RoleDirectoryWriter {
  private constructor(private readonly db: Kysely<RoleDatabase>) {}

  static async open(url = defaultDirectoryUrl()): Promise<SqlRoleDirectory> {
    const { db } = await openDatabase<RoleDatabase>({ target: parseDatabaseUrl(url, "directory url", "/var/lib/wardroom/directory.db"), migrations: roleMigrations, name: "directory" });
    return new SqlRoleDirectory(db);
  }

  async rolesOf(userId: string): Promise<Role[]> {
    const rows = await this.db.selectFrom("role_assignments").select("role").where("user_id", "=", userId).execute();
    const held = new Set(rows.map((r) => r.role));
    return ROLES.filter((r) => held.has(r));
  }

  async rolesFrom(userId: string, source: RoleSource): Promise<Role[]> {
    const rows = await this.db.selectFrom("role_assignments").select("role").where("user_id", "=", userId).where("source", "=", source).execute();
    const held = new Set(rows.map((r) => r.role));
    return ROLES.filter((r) => held.has(r));
  }

  async usersWithRole(role: Role): Promise<string[]> {
    const rows = await this.db.selectFrom("role_assignments").select("user_id").distinct().where("role", "=", role).orderBy("user_id").execute();
    return rows.map((r) => r.user_id);
  }

  async setRoles(userId: string, roles: readonly Role[], source: RoleSource): Promise<{ added: Role[]; removed: Role[] }> {
    return this.db.transaction().execute(async (tx) => {
      const before = new Set((await tx.selectFrom("role_assignments").select("role").where("user_id", "=", userId).where("source", "=", source).execute()).map((r) => r.role));
      const after = new Set<string>(roles);
      const removed = ROLES.filter((r) => before.has(r) && !after.has(r));
      const added = ROLES.filter((r) => after.has(r) && !before.has(r));
      if (removed.length > 0) await tx.deleteFrom("role_assignments").where("user_id", "=", userId).where("source", "=", source).where("role", "in", removed).execute();
      if (added.length > 0) {
        const now = new Date().toISOString();
        await tx.insertInto("role_assignments").values(added.map((role) => ({ user_id: userId, role, source, assigned_at: now }))).execute();
      }
      return { added, removed };
    });
  }

  async all(): Promise<Map<string, Role[]>> {
    const rows = await this.db.selectFrom("role_assignments").select(["user_id", "role"]).orderBy("user_id").execute();
    const out = new Map<string, Role[]>();
    for (const r of rows) if (isRole(r.role)) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.role]);
    for (const [u, rs] of out) out.set(u, ROLES.filter((r) => rs.includes(r)));
    return out;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

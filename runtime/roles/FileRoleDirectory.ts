import { readFileSync } from "node:fs";
import { z } from "zod";
import type { RoleDirectory } from "../../core/roles/roleDirectory.ts";

/** `{"@dr.alice:server": ["clinician"], ...}`: the roles file the local stack writes from its accounts. */
export const RoleFileSchema = z.record(z.string().regex(/^@[^:]+:.+$/, "must be a Matrix user id"), z.array(z.string().min(1)));

/**
 * The role directory as a JSON file, read again on every question (it is small), so a role
 * given or taken away counts from the next message on. A missing or broken file throws: the
 * caller refuses (fail closed).
 */
export class FileRoleDirectory implements RoleDirectory {
  constructor(private readonly file: string) {}

  #read(): Record<string, string[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (err) {
      throw new Error(`role directory ${this.file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? "not JSON"})`, { cause: err });
    }
    const parsed = RoleFileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`role directory ${this.file}: ${parsed.error.issues[0]?.path.join(".") ?? ""}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  async rolesOf(userId: string): Promise<readonly string[]> {
    return this.#read()[userId] ?? [];
  }

  async usersWithRole(role: string): Promise<readonly string[]> {
    return Object.entries(this.#read())
      .filter(([, roles]) => roles.includes(role))
      .map(([user]) => user);
  }
}

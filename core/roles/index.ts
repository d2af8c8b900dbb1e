import { InputError } from "../errors.ts";
import type { RoleDirectory } from "./roleDirectory.ts";

export * from "./roleDirectory.ts";

/**
 * Wardroom's roles (DESIGN.md): who is on the care team, who may wipe devices, who reviews
 * emergency access. One role directory holds them; the gate's care-team check, break-glass,
 * the CLI and the console all read it, at the time they decide (never a copy made at start).
 */
export const ROLES = ["clinician", "admin", "security_officer", "helpdesk", "emergency", "auditor"] as const;
export type Role = (typeof ROLES)[number];

/** Where a role assignment came from: the CLI or console, SCIM provisioning, the SSO group claim. */
export type RoleSource = "local" | "scim" | "sso";

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Parses a role named by a person, or throws an InputError naming the field. */
export function parseRole(value: string, field = "role"): Role {
  if (isRole(value)) return value;
  throw new InputError(`${field}: "${value.slice(0, 40)}" is not a role; roles are ${ROLES.join(", ")}`);
}

/** The side that changes roles. Rules: `setRoles` replaces the roles of one source atomically. */
export interface RoleDirectoryWriter extends RoleDirectory {
  setRoles(userId: string, roles: readonly Role[], source: RoleSource): Promise<{ added: Role[]; removed: Role[] }>;
  /** The roles one source gave (the CLI changes only its own; SCIM's and SSO's are theirs). */
  rolesFrom(userId: string, source: RoleSource): Promise<Role[]>;
  /** Every user with at least one role, with their roles (all sources merged). */
  all(): Promise<Map<string, Role[]>>;
}

/** An in-memory directory with the same rules, for unit tests and dry runs. */
export class MemoryRoleDirectory implements RoleDirectoryWriter {
  readonly #bySource = new Map<RoleSource, Map<string, Set<Role>>>();

  async rolesOf(userId: string): Promise<Role[]> {
    const out = new Set<Role>();
    for (const users of this.#bySource.values()) for (const r of users.get(userId) ?? []) out.add(r);
    return ROLES.filter((r) => out.has(r));
  }

  async usersWithRole(role: Role): Promise<string[]> {
    const out = new Set<string>();
    for (const users of this.#bySource.values()) for (const [u, rs] of users) if (rs.has(role)) out.add(u);
    return [...out].sort();
  }

  async setRoles(userId: string, roles: readonly Role[], source: RoleSource): Promise<{ added: Role[]; removed: Role[] }> {
    const users = this.#bySource.get(source) ?? new Map<string, Set<Role>>();
    this.#bySource.set(source, users);
    const before = users.get(userId) ?? new Set<Role>();
    const after = new Set(roles);
    users.set(userId, after);
    return { added: ROLES.filter((r) => after.has(r) && !before.has(r)), removed: ROLES.filter((r) => before.has(r) && !after.has(r)) };
  }

  async rolesFrom(userId: string, source: RoleSource): Promise<Role[]> {
    const held = this.#bySource.get(source)?.get(userId) ?? new Set<Role>();
    return ROLES.filter((r) => held.has(r));
  }

  async all(): Promise<Map<string, Role[]>> {
    const users = new Set<string>();
    for (const m of this.#bySource.values()) for (const [u, rs] of m) if (rs.size > 0) users.add(u);
    const out = new Map<string, Role[]>();
    for (const u of [...users].sort()) out.set(u, await this.rolesOf(u));
    return out;
  }
}

import type { Policy } from "../policy/index.ts";

/**
 * Who has which role, asked when a decision is made (never a list frozen at start-up): the
 * role directory in a database (runtime/roles/SqlRoleDirectory.ts), fed by the CLI today and by
 * the identity provider (SCIM, the group claim) next.
 *
 * Rules every implementation keeps:
 * - It answers from its source as it is now (a role removed a minute ago is gone).
 * - It throws when it cannot answer; callers then refuse (fail closed), never allow.
 * - An unknown user has no roles (an empty list), which is an answer, not an error.
 */
export interface RoleDirectory {
  rolesOf(userId: string): Promise<readonly string[]>;
  usersWithRole(role: string): Promise<readonly string[]>;
}

/** The care team of the policy (`sms.careTeam`): its roles and its named users. */
export async function isOnCareTeam(directory: RoleDirectory, policy: Policy, userId: string): Promise<boolean> {
  if (policy.sms.careTeam.inviteUsers.includes(userId)) return true;
  const roles = await directory.rolesOf(userId);
  return roles.some((r) => policy.sms.careTeam.inviteRoles.includes(r));
}

/** Everyone on the care team now: who is invited to a new portal room. */
export async function careTeamMembers(directory: RoleDirectory, policy: Policy): Promise<string[]> {
  const byRole = await Promise.all(policy.sms.careTeam.inviteRoles.map((r) => directory.usersWithRole(r)));
  return [...new Set([...byRole.flat(), ...policy.sms.careTeam.inviteUsers])];
}

/** A fixed directory, for tests and for a deployment that lists its people in config. */
export class StaticRoleDirectory implements RoleDirectory {
  constructor(private readonly roles: Readonly<Record<string, readonly string[]>>) {}

  async rolesOf(userId: string): Promise<readonly string[]> {
    return this.roles[userId] ?? [];
  }

  async usersWithRole(role: string): Promise<readonly string[]> {
    return Object.entries(this.roles)
      .filter(([, roles]) => roles.includes(role))
      .map(([user]) => user);
  }
}

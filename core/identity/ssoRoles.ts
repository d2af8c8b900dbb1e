import type { Policy } from "../policy/index.ts";
import type { Role, RoleDirectoryWriter } from "../roles/index.ts";
import type { ScimAudit } from "./provisioning.ts";
import { rolesFromGroups } from "./usernames.ts";

/** Matrix ids the login hook may name: `@localpart:serverName` of this homeserver only. */
export function isLocalUserId(userId: string, serverName: string): boolean {
  return userId.length <= 255 && userId.endsWith(`:${serverName}`) && /^@[a-z0-9._=\-/+]+$/.test(userId.slice(0, -serverName.length - 1));
}

/**
 * The roles a person's group claim gives them at a single sign-on login, written as the
 * directory's "sso" source (replacing the last login's): a group removed at the IdP is a role
 * gone from this login on. The other sources (SCIM, local) are left as they are.
 */
export async function syncSsoRoles(
  deps: { roles: RoleDirectoryWriter; audit: ScimAudit; policy: Policy },
  userId: string,
  groups: readonly string[],
): Promise<{ roles: Role[]; added: Role[]; removed: Role[] }> {
  const roles = rolesFromGroups(groups, deps.policy.identity.sso.groupRoles);
  const { added, removed } = await deps.roles.setRoles(userId, roles, "sso");
  if (added.length + removed.length > 0) {
    await deps.audit.append({ actor: "system:sso", action: "sso.roles_changed", target: userId, details: { added, removed, groups: groups.length } });
  }
  return { roles, added, removed };
}

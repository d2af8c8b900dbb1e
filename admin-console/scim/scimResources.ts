import SCIMMY from "scimmy";
import { mxidLocalpartFromUsername, rolesFromGroups, usernameProblem } from "../../core/identity/usernames.ts";
import type { Role } from "../../core/roles/index.ts";
import type { ScimCapabilities, ScimGroupRecord, ScimUserRecord } from "../../core/identity/provisioning.ts";

/**
 * The SCIM resources (RFC 7643 User and Group) over Wardroom's capabilities. SCIMMY parses
 * and validates every payload against the RFC schemas, applies PATCH operations (Entra ID's
 * capitalised `Replace`, Okta's path-less `replace` with a value object), matches filters
 * and shapes responses; the handlers here decide what a change does to the Matrix account
 * and the role directory.
 *
 * SCIMMY's resource registry is process-wide, so the handlers take everything from the
 * per-request context (`ScimRequestContext`) and hold no state of their own.
 */

export interface ScimRequestContext {
  caps: ScimCapabilities;
  /** A failure that is not the client's fault (homeserver or database down), kept for the router. */
  fault?: unknown;
}

type ScimErrorType = SCIMMY.Messages.ErrorResponse.ValidScimTypes;

export function scimError(status: SCIMMY.Messages.ErrorResponse.ValidStatusCodes, scimType: ScimErrorType | null, detail: string): Error {
  return new SCIMMY.Types.Error(status, scimType as ScimErrorType, detail);
}

const ACTOR = "system:scim";

function ctxOf(ctx: unknown): ScimRequestContext {
  return ctx as ScimRequestContext;
}

/** Runs a handler body; a failure that is not a SCIM error is kept as the request's fault. */
async function guarded<T>(ctx: ScimRequestContext, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof SCIMMY.Types.Error) throw err;
    ctx.fault = err;
    throw scimError(500, null, "the service could not complete the request");
  }
}

// --- users ----------------------------------------------------------------------------------

function matrixIdOf(userName: string, serverName: string): string {
  const problem = usernameProblem(userName);
  if (problem) throw scimError(400, "invalidValue", `userName: ${problem}`);
  const userId = `@${mxidLocalpartFromUsername(userName)}:${serverName}`;
  if (userId.length > 255) throw scimError(400, "invalidValue", "userName: too long for a Matrix user id once mapped");
  return userId;
}

function userOut(u: ScimUserRecord, groups: ScimGroupRecord[]): Record<string, unknown> {
  return {
    ...u.attributes,
    id: u.id,
    userName: u.userName,
    ...(u.activeAbsent ? {} : { active: u.active }),
    groups: groups.filter((g) => isMember(g, u.id)).map((g) => ({ value: g.id, display: g.displayName, type: "direct" })),
    meta: { created: new Date(u.created), lastModified: new Date(u.lastModified) },
  };
}

const activeAbsent = (instance: Record<string, unknown>): { activeAbsent?: true } => (typeof instance.active === "boolean" ? {} : { activeAbsent: true });

function without<T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

const isMember = (g: ScimGroupRecord, userId: string) => g.members.some((m) => m.value === userId);

/** Attributes kept as given; the ones with a meaning of their own here are left out. */
const NOT_KEPT = new Set(["id", "meta", "schemas", "groups", "userName", "active", "password"]);

function attributesOf(instance: Record<string, unknown>): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(plain).filter(([k, v]) => !NOT_KEPT.has(k) && v !== undefined && v !== null));
}

function displayNameOf(attributes: Record<string, unknown>): string | undefined {
  const name = (attributes.name ?? {}) as { givenName?: string; familyName?: string; formatted?: string };
  if (typeof attributes.displayName === "string" && attributes.displayName) return attributes.displayName;
  if (name.formatted) return name.formatted;
  return [name.givenName, name.familyName].filter(Boolean).join(" ") || undefined;
}

/** The roles SCIM gives a person now: those of their groups, none while inactive. */
export async function syncScimRoles(caps: ScimCapabilities, user: ScimUserRecord): Promise<{ added: Role[]; removed: Role[] }> {
  const groups = (await caps.store.listGroups()).filter((g) => isMember(g, user.id)).map((g) => g.displayName);
  const roles = user.active ? rolesFromGroups(groups, caps.policy().identity.sso.groupRoles) : [];
  const change = await caps.roles.setRoles(user.matrixUserId, roles, "scim");
  await dropFromSso(caps, user.matrixUserId, change.removed);
  if (change.added.length + change.removed.length > 0) {
    await caps.audit.append({ actor: ACTOR, action: "scim.roles_changed", target: user.matrixUserId, details: { added: change.added, removed: change.removed } });
  }
  return change;
}

/**
 * A role SCIM takes away goes from the last SSO login's roles too: the group claim would only
 * refresh at the next login, and SCIM is the at-once path (the union would keep it otherwise).
 */
async function dropFromSso(caps: ScimCapabilities, userId: string, removed: readonly Role[]): Promise<void> {
  if (removed.length === 0) return;
  const sso = await caps.roles.rolesFrom(userId, "sso");
  if (sso.some((r) => removed.includes(r))) await caps.roles.setRoles(userId, sso.filter((r) => !removed.includes(r)), "sso");
}

/** Inactive or deleted: no login, no session, no role. */
async function cutOff(caps: ScimCapabilities, user: ScimUserRecord, mode: "lock" | "deactivate"): Promise<{ devicesDeleted: number; rolesRemoved: Role[] }> {
  // Lock first: from then on no new login can succeed; then every existing session goes.
  if (mode === "lock") await caps.accounts.setLocked(user.matrixUserId, true);
  const devicesDeleted = await caps.accounts.deleteAllDevices(user.matrixUserId);
  if (mode === "deactivate") await caps.accounts.deactivate(user.matrixUserId);
  const { removed } = await caps.roles.setRoles(user.matrixUserId, [], "scim");
  const fromSso = await caps.roles.setRoles(user.matrixUserId, [], "sso");
  return { devicesDeleted, rolesRemoved: [...new Set([...removed, ...fromSso.removed])] };
}

async function createUser(caps: ScimCapabilities, instance: Record<string, unknown>): Promise<ScimUserRecord> {
  const userName = String(instance.userName ?? "");
  const matrixUserId = matrixIdOf(userName, caps.serverName);
  if (await caps.store.userByMatrixId(matrixUserId)) {
    throw scimError(409, "uniqueness", "userName: a user with this userName (compared without case) is already provisioned");
  }
  const now = caps.now().toISOString();
  const user: ScimUserRecord = { id: caps.newId(), userName, matrixUserId, active: instance.active !== false, ...activeAbsent(instance), attributes: attributesOf(instance), created: now, lastModified: now };
  const accountCreated = await caps.accounts.ensureAccount(matrixUserId, displayNameOf(user.attributes));
  await caps.store.putUser(user);
  let roles: Role[] = [];
  if (user.active) {
    // An account adopted from before SCIM may have been locked by an earlier leave.
    if (!accountCreated) await caps.accounts.setLocked(matrixUserId, false);
    roles = (await syncScimRoles(caps, user)).added;
  } else {
    await cutOff(caps, user, "lock");
  }
  await caps.audit.append({ actor: ACTOR, action: "scim.user_created", target: matrixUserId, details: { scimId: user.id, accountCreated, active: user.active, roles } });
  return user;
}

async function replaceUser(caps: ScimCapabilities, id: string, instance: Record<string, unknown>): Promise<ScimUserRecord> {
  const before = await caps.store.getUser(id);
  if (!before) throw scimError(404, null, `Resource ${id} not found`);
  const userName = String(instance.userName ?? before.userName);
  if (matrixIdOf(userName, caps.serverName) !== before.matrixUserId) {
    throw scimError(400, "mutability", "userName: a change that maps to another Matrix account is refused (the person's messages and sessions are on this one); provision a new user instead");
  }
  const after: ScimUserRecord = { ...without(before, "activeAbsent"), userName, active: instance.active !== false, ...activeAbsent(instance), attributes: attributesOf(instance), lastModified: caps.now().toISOString() };
  const names = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]);
  const changed = [...(before.userName !== after.userName ? ["userName"] : []), ...[...names].filter((k) => JSON.stringify(before.attributes[k]) !== JSON.stringify(after.attributes[k])).sort()];
  await caps.store.putUser(after);
  const name = displayNameOf(after.attributes);
  if (name && name !== displayNameOf(before.attributes)) await caps.accounts.setDisplayName(after.matrixUserId, name);
  if (before.active && !after.active) {
    const { devicesDeleted, rolesRemoved } = await cutOff(caps, after, "lock");
    await caps.audit.append({ actor: ACTOR, action: "scim.user_deactivated", target: after.matrixUserId, details: { scimId: id, mode: "lock", devicesDeleted, rolesRemoved } });
  } else if (!before.active && after.active) {
    await caps.accounts.setLocked(after.matrixUserId, false);
    const { added } = await syncScimRoles(caps, after);
    await caps.audit.append({ actor: ACTOR, action: "scim.user_reactivated", target: after.matrixUserId, details: { scimId: id, roles: added } });
  }
  if (changed.length > 0) {
    // Attribute names only (as categories: displayName -> display_name), never their values.
    const attributes = changed.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/[^a-z0-9_]/g, "").slice(0, 64)).filter((k) => /^[a-z]/.test(k));
    await caps.audit.append({ actor: ACTOR, action: "scim.user_updated", target: after.matrixUserId, details: { scimId: id, attributes } });
  }
  return after;
}

async function deleteUser(caps: ScimCapabilities, id: string): Promise<void> {
  const user = await caps.store.getUser(id);
  if (!user) throw scimError(404, null, `Resource ${id} not found`);
  const mode = caps.policy().identity.scim.onDelete;
  const { devicesDeleted, rolesRemoved } = await cutOff(caps, user, mode);
  for (const g of await caps.store.listGroups()) {
    if (isMember(g, id)) await caps.store.putGroup({ ...g, members: g.members.filter((m) => m.value !== id) });
  }
  await caps.store.deleteUser(id);
  await caps.audit.append({ actor: ACTOR, action: "scim.user_deactivated", target: user.matrixUserId, details: { scimId: id, mode, devicesDeleted, rolesRemoved } });
}

// --- groups ---------------------------------------------------------------------------------

function groupOut(g: ScimGroupRecord, users: Map<string, ScimUserRecord>): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    ...(g.externalId !== undefined ? { externalId: g.externalId } : {}),
    members: g.members.map((m) => ({ value: m.value, type: "User", $ref: `${String(SCIMMY.Resources.User.basepath())}/${m.value}`, ...((m.display ?? users.get(m.value)?.userName) ? { display: m.display ?? users.get(m.value)!.userName } : {}) })),
    meta: { created: new Date(g.created), lastModified: new Date(g.lastModified) },
  };
}

async function membersOf(caps: ScimCapabilities, instance: Record<string, unknown>): Promise<ScimGroupRecord["members"]> {
  const members = (instance.members as Array<{ value?: string; type?: string; display?: string }> | undefined) ?? [];
  const out: ScimGroupRecord["members"] = [];
  for (const m of members) {
    if (typeof m.value !== "string") throw scimError(400, "invalidValue", "members: each member needs a value (the user's id)");
    if (m.type !== undefined && m.type !== "User") throw scimError(400, "invalidValue", `members: only users can be members (type "${m.type.slice(0, 20)}")`);
    if (!(await caps.store.getUser(m.value))) throw scimError(400, "invalidValue", `members: no provisioned user has id "${m.value.slice(0, 64)}"`);
    if (!out.some((o) => o.value === m.value)) out.push({ value: m.value, ...(typeof m.display === "string" ? { display: m.display } : {}) });
  }
  return out;
}

async function writeGroup(caps: ScimCapabilities, id: string | undefined, instance: Record<string, unknown>): Promise<ScimGroupRecord> {
  const before = id ? await caps.store.getGroup(id) : undefined;
  if (id && !before) throw scimError(404, null, `Resource ${id} not found`);
  const displayName = String(instance.displayName ?? "");
  const problem = usernameProblem(displayName);
  if (problem) throw scimError(400, "invalidValue", `displayName: ${problem}`);
  const clash = (await caps.store.listGroups()).find((g) => g.id !== id && g.displayName.toLowerCase() === displayName.toLowerCase());
  if (clash) throw scimError(409, "uniqueness", "displayName: a group with this displayName is already provisioned");
  const now = caps.now().toISOString();
  const members = await membersOf(caps, instance);
  const group: ScimGroupRecord = {
    id: id ?? caps.newId(),
    displayName,
    ...(typeof instance.externalId === "string" ? { externalId: instance.externalId } : {}),
    members,
    created: before?.created ?? now,
    lastModified: now,
  };
  await caps.store.putGroup(group);
  const old = (before?.members ?? []).map((m) => m.value);
  const current = members.map((m) => m.value);
  const renamed = before !== undefined && before.displayName !== displayName;
  const affected = new Set(renamed ? [...old, ...current] : [...old.filter((m) => !current.includes(m)), ...current.filter((m) => !old.includes(m))]);
  await resyncMembers(caps, affected);
  const role = caps.policy().identity.sso.groupRoles[displayName];
  await caps.audit.append({
    actor: ACTOR,
    action: "scim.group_updated",
    target: group.id,
    details: {
      scimId: group.id,
      change: before ? "replaced" : "created",
      ...(role ? { role } : {}),
      membersAdded: current.filter((m) => !old.includes(m)).length,
      membersRemoved: old.filter((m) => !current.includes(m)).length,
    },
  });
  return group;
}

async function resyncMembers(caps: ScimCapabilities, userIds: Iterable<string>): Promise<void> {
  for (const m of userIds) {
    const user = await caps.store.getUser(m);
    if (user) await syncScimRoles(caps, user);
  }
}

async function deleteGroup(caps: ScimCapabilities, id: string): Promise<void> {
  const group = await caps.store.getGroup(id);
  if (!group) throw scimError(404, null, `Resource ${id} not found`);
  await caps.store.deleteGroup(id);
  await resyncMembers(caps, group.members.map((m) => m.value));
  await caps.audit.append({ actor: ACTOR, action: "scim.group_updated", target: id, details: { scimId: id, change: "deleted", membersAdded: 0, membersRemoved: group.members.length } });
}

// --- registration ---------------------------------------------------------------------------

/** Attributes RFC 7643 declares `caseExact: false` that identity providers filter on. */
const CASE_INSENSITIVE = new Set(["username", "displayname"]);

type FilterExpression = Record<string, unknown>;

/**
 * The resources a list request's filter selects. SCIMMY parses the filter (a syntax error is
 * its 400 invalidFilter); here a comparison without a value is refused too, and userName and
 * displayName compare without case, as RFC 7643 declares them (Okta and Entra ID look people
 * up with `userName eq "..."` in whatever case their directory holds).
 */
function filtered<T extends Record<string, unknown>>(resource: SCIMMY.Types.Resource, items: T[]): T[] {
  if (!resource.filter) return items;
  const fold = (expr: FilterExpression): FilterExpression =>
    Object.fromEntries(
      Object.entries(expr).map(([attr, cond]) => {
        if (!Array.isArray(cond)) return [attr, fold(cond as FilterExpression)];
        const [comparator, value] = cond as [string, unknown];
        if (!["pr", "np"].includes(String(comparator).toLowerCase()) && cond.length < 2) {
          throw scimError(400, "invalidFilter", `filter: the "${String(comparator).slice(0, 10)}" comparison on ${attr.slice(0, 40)} has no value`);
        }
        return [attr, CASE_INSENSITIVE.has(attr.toLowerCase()) && typeof value === "string" ? [comparator, value.toLowerCase(), ...cond.slice(2)] : cond];
      }),
    );
  const filter = new SCIMMY.Types.Filter([...resource.filter].map((e) => fold(e as FilterExpression)) as never);
  const shadows = new Map<Record<string, unknown>, T>();
  for (const item of items) {
    const shadow: Record<string, unknown> = { ...item };
    for (const k of Object.keys(shadow)) if (CASE_INSENSITIVE.has(k.toLowerCase()) && typeof shadow[k] === "string") shadow[k] = (shadow[k] as string).toLowerCase();
    shadows.set(shadow, item);
  }
  return (filter.match([...shadows.keys()]) as Record<string, unknown>[]).map((s) => shadows.get(s)!);
}

/**
 * SCIMMY keeps its declarations in process-wide state, and one process may load this module
 * more than once (the test runner gives each project its own module graph but one SCIMMY), so
 * the "declared" mark lives beside that state, not in this module.
 */
const DECLARED = Symbol.for("wardroom.scim.resourcesDeclared");

/** Declares the resources and the service provider's capabilities with SCIMMY (once per process). */
export function declareScimResources(): void {
  const marks = globalThis as { [DECLARED]?: boolean };
  if (marks[DECLARED]) return;
  marks[DECLARED] = true;
  // Wardroom's roles come from groups through the policy's mapping, never from an IdP-set
  // `roles` attribute; certificates are not used. Both are left out of the User schema the
  // service advertises and accepts (SCIMMY also declares their `type` with an empty list of
  // canonical values, which no value could pass).
  SCIMMY.Schemas.User.definition.truncate("roles", "x509Certificates");
  // Entra ID sends department, employeeNumber, manager etc. in the enterprise extension.
  SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  SCIMMY.Config.set({
    patch: true,
    filter: { supported: true, maxResults: 200 },
    bulk: false,
    changePassword: false,
    sort: false,
    etag: false,
    authenticationSchemes: [{ type: "oauthbearertoken", name: "Bearer token", description: "A long-lived bearer token from the Wardroom deployment (the token file)." }],
  });
  SCIMMY.Resources.declare(
    SCIMMY.Resources.User.ingress((resource, instance, ctx) => {
      const c = ctxOf(ctx);
      return guarded(c, async () => {
        const input = instance as unknown as Record<string, unknown>;
        const user = resource.id ? await replaceUser(c.caps, resource.id, input) : await createUser(c.caps, input);
        return userOut(user, await c.caps.store.listGroups()) as never;
      });
    })
      .egress((resource, ctx) => {
        const c = ctxOf(ctx);
        return guarded(c, async () => {
          const groups = await c.caps.store.listGroups();
          if (resource.id) {
            const user = await c.caps.store.getUser(resource.id);
            if (!user) throw scimError(404, null, `Resource ${resource.id} not found`);
            return userOut(user, groups) as never;
          }
          return filtered(resource, (await c.caps.store.listUsers()).map((u) => userOut(u, groups))) as never;
        });
      })
      .degress((resource, ctx) => {
        const c = ctxOf(ctx);
        return guarded(c, () => deleteUser(c.caps, resource.id!));
      }),
  );
  SCIMMY.Resources.declare(
    SCIMMY.Resources.Group.ingress((resource, instance, ctx) => {
      const c = ctxOf(ctx);
      return guarded(c, async () => {
        const group = await writeGroup(c.caps, resource.id, instance as unknown as Record<string, unknown>);
        return groupOut(group, new Map((await c.caps.store.listUsers()).map((u) => [u.id, u]))) as never;
      });
    })
      .egress((resource, ctx) => {
        const c = ctxOf(ctx);
        return guarded(c, async () => {
          const users = new Map((await c.caps.store.listUsers()).map((u) => [u.id, u]));
          if (resource.id) {
            const group = await c.caps.store.getGroup(resource.id);
            if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
            return groupOut(group, users) as never;
          }
          return filtered(resource, (await c.caps.store.listGroups()).map((g) => groupOut(g, users))) as never;
        });
      })
      .degress((resource, ctx) => {
        const c = ctxOf(ctx);
        return guarded(c, () => deleteGroup(c.caps, resource.id!));
      }),
  );
}

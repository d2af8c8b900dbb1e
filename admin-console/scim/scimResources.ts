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
    id: u.id,
    userName: u.userName,
    ...(u.externalId !== undefined ? { externalId: u.externalId } : {}),
    ...(u.displayName !== undefined ? { displayName: u.displayName } : {}),
    ...(u.name ? { name: u.name } : {}),
    ...(u.emails ? { emails: u.emails } : {}),
    active: u.active,
    groups: groups.filter((g) => g.members.includes(u.id)).map((g) => ({ value: g.id, display: g.displayName, type: "direct" })),
    meta: { created: new Date(u.created), lastModified: new Date(u.lastModified) },
  };
}

/** The attributes a person's record takes from a SCIM User payload. */
function userFields(instance: Record<string, unknown>): Pick<ScimUserRecord, "externalId" | "displayName" | "name" | "emails"> {
  const name = instance.name as ScimUserRecord["name"] | undefined;
  const emails = instance.emails as Array<{ value?: string; type?: string; primary?: boolean }> | undefined;
  return {
    ...(typeof instance.externalId === "string" ? { externalId: instance.externalId } : {}),
    ...(typeof instance.displayName === "string" ? { displayName: instance.displayName } : {}),
    ...(name ? { name: { ...(name.givenName ? { givenName: name.givenName } : {}), ...(name.familyName ? { familyName: name.familyName } : {}), ...(name.formatted ? { formatted: name.formatted } : {}) } } : {}),
    ...(emails?.length
      ? { emails: emails.filter((e) => typeof e.value === "string").map((e) => ({ value: e.value!, ...(e.type ? { type: e.type } : {}), ...(e.primary !== undefined ? { primary: e.primary } : {}) })) }
      : {}),
  };
}

function displayNameOf(u: Pick<ScimUserRecord, "displayName" | "name">): string | undefined {
  return u.displayName ?? u.name?.formatted ?? ([u.name?.givenName, u.name?.familyName].filter(Boolean).join(" ") || undefined);
}

/** The roles SCIM gives a person now: those of their groups, none while inactive. */
export async function syncScimRoles(caps: ScimCapabilities, user: ScimUserRecord): Promise<{ added: Role[]; removed: Role[] }> {
  const groups = (await caps.store.listGroups()).filter((g) => g.members.includes(user.id)).map((g) => g.displayName);
  const roles = user.active ? rolesFromGroups(groups, caps.policy().identity.sso.groupRoles) : [];
  const change = await caps.roles.setRoles(user.matrixUserId, roles, "scim");
  if (change.added.length + change.removed.length > 0) {
    await caps.audit.append({ actor: ACTOR, action: "scim.roles_changed", target: user.matrixUserId, details: { added: change.added, removed: change.removed } });
  }
  return change;
}

/** Inactive or deleted: no login, no session, no role. */
async function cutOff(caps: ScimCapabilities, user: ScimUserRecord, mode: "lock" | "deactivate"): Promise<{ devicesDeleted: number; rolesRemoved: Role[] }> {
  // Lock first: from then on no new login can succeed; then every existing session goes.
  if (mode === "lock") await caps.accounts.setLocked(user.matrixUserId, true);
  const devicesDeleted = await caps.accounts.deleteAllDevices(user.matrixUserId);
  if (mode === "deactivate") await caps.accounts.deactivate(user.matrixUserId);
  const { removed } = await caps.roles.setRoles(user.matrixUserId, [], "scim");
  return { devicesDeleted, rolesRemoved: removed };
}

async function createUser(caps: ScimCapabilities, instance: Record<string, unknown>): Promise<ScimUserRecord> {
  const userName = String(instance.userName ?? "");
  const matrixUserId = matrixIdOf(userName, caps.serverName);
  if (await caps.store.userByMatrixId(matrixUserId)) {
    throw scimError(409, "uniqueness", "userName: a user with this userName (compared without case) is already provisioned");
  }
  const now = caps.now().toISOString();
  const user: ScimUserRecord = { id: caps.newId(), userName, matrixUserId, ...userFields(instance), active: instance.active !== false, created: now, lastModified: now };
  const accountCreated = await caps.accounts.ensureAccount(matrixUserId, displayNameOf(user));
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

const TRACKED: ReadonlyArray<keyof ScimUserRecord> = ["userName", "externalId", "displayName", "name", "emails", "active"];

async function replaceUser(caps: ScimCapabilities, id: string, instance: Record<string, unknown>): Promise<ScimUserRecord> {
  const before = await caps.store.getUser(id);
  if (!before) throw scimError(404, null, `Resource ${id} not found`);
  const userName = String(instance.userName ?? before.userName);
  if (matrixIdOf(userName, caps.serverName) !== before.matrixUserId) {
    throw scimError(400, "mutability", "userName: a change that maps to another Matrix account is refused (the person's messages and sessions are on this one); provision a new user instead");
  }
  const after: ScimUserRecord = { ...before, userName, ...{ externalId: undefined, displayName: undefined, name: undefined, emails: undefined }, ...userFields(instance), active: instance.active !== false, lastModified: caps.now().toISOString() };
  for (const k of ["externalId", "displayName", "name", "emails"] as const) if (after[k] === undefined) delete after[k];
  const changed = TRACKED.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  await caps.store.putUser(after);
  const name = displayNameOf(after);
  if (name && name !== displayNameOf(before)) await caps.accounts.setDisplayName(after.matrixUserId, name);
  if (before.active && !after.active) {
    const { devicesDeleted, rolesRemoved } = await cutOff(caps, after, "lock");
    await caps.audit.append({ actor: ACTOR, action: "scim.user_deactivated", target: after.matrixUserId, details: { scimId: id, mode: "lock", devicesDeleted, rolesRemoved } });
  } else if (!before.active && after.active) {
    await caps.accounts.setLocked(after.matrixUserId, false);
    const { added } = await syncScimRoles(caps, after);
    await caps.audit.append({ actor: ACTOR, action: "scim.user_reactivated", target: after.matrixUserId, details: { scimId: id, roles: added } });
  }
  const others = changed.filter((k) => k !== "active");
  if (others.length > 0) {
    await caps.audit.append({ actor: ACTOR, action: "scim.user_updated", target: after.matrixUserId, details: { scimId: id, attributes: others.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) } });
  }
  return after;
}

async function deleteUser(caps: ScimCapabilities, id: string): Promise<void> {
  const user = await caps.store.getUser(id);
  if (!user) throw scimError(404, null, `Resource ${id} not found`);
  const mode = caps.policy().identity.scim.onDelete;
  const { devicesDeleted, rolesRemoved } = await cutOff(caps, user, mode);
  for (const g of await caps.store.listGroups()) {
    if (g.members.includes(id)) await caps.store.putGroup({ ...g, members: g.members.filter((m) => m !== id) });
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
    members: g.members.map((m) => ({ value: m, type: "User", ...(users.get(m) ? { display: users.get(m)!.userName } : {}) })),
    meta: { created: new Date(g.created), lastModified: new Date(g.lastModified) },
  };
}

async function memberIds(caps: ScimCapabilities, instance: Record<string, unknown>): Promise<string[]> {
  const members = (instance.members as Array<{ value?: string; type?: string }> | undefined) ?? [];
  const out: string[] = [];
  for (const m of members) {
    if (typeof m.value !== "string") throw scimError(400, "invalidValue", "members: each member needs a value (the user's id)");
    if (m.type !== undefined && m.type !== "User") throw scimError(400, "invalidValue", `members: only users can be members (type "${m.type.slice(0, 20)}")`);
    if (!(await caps.store.getUser(m.value))) throw scimError(400, "invalidValue", `members: no provisioned user has id "${m.value.slice(0, 64)}"`);
    if (!out.includes(m.value)) out.push(m.value);
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
  const members = await memberIds(caps, instance);
  const group: ScimGroupRecord = {
    id: id ?? caps.newId(),
    displayName,
    ...(typeof instance.externalId === "string" ? { externalId: instance.externalId } : {}),
    members,
    created: before?.created ?? now,
    lastModified: now,
  };
  await caps.store.putGroup(group);
  const old = before?.members ?? [];
  const renamed = before !== undefined && before.displayName !== displayName;
  const affected = new Set(renamed ? [...old, ...members] : [...old.filter((m) => !members.includes(m)), ...members.filter((m) => !old.includes(m))]);
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
      membersAdded: members.filter((m) => !old.includes(m)).length,
      membersRemoved: old.filter((m) => !members.includes(m)).length,
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
  await resyncMembers(caps, group.members);
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

let declared = false;

/** Declares the resources and the service provider's capabilities with SCIMMY (once per process). */
export function declareScimResources(): void {
  if (declared) return;
  declared = true;
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

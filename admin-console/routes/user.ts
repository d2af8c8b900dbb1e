import type { Request, Response } from "express";
import { ROLES, isRole, type Role } from "../../core/roles/index.ts";
import { SynapseAccountActions } from "../../runtime/lifecycle/SynapseAccountActions.ts";
import { SynapseUsers } from "../../runtime/lifecycle/SynapseUsers.ts";
import { MatrixHttpError } from "../../runtime/synapse/index.ts";
import { can, person, type PageRouter } from "../access.ts";
import type { PageContext, RouteKey } from "../routeTable.ts";
import { formatTime, parseUserId, userPath } from "../format.ts";

const DEVICE_ID = /^[A-Za-z0-9._=\-/+]{1,255}$/;

/**
 * `/users/:userId`: one account (state, roles, devices with last-seen) and what may be done
 * to it: lock/unlock, deactivate, change the roles given in the console, log out one or every
 * device. The remote wipe's confirmation and progress are the wipes page's.
 */
export function registerUserPage(r: PageRouter<RouteKey>, ctx: PageContext): void {
  const { deps } = ctx;
  const users = new SynapseUsers(deps.synapse);
  const actions = new SynapseAccountActions(deps.synapse);

  /** The account of the URL, or a 404 page (and undefined). */
  const target = async (req: Request, res: Response) => {
    const userId = parseUserId(req.params.userId);
    const account = userId ? await users.get(userId) : null;
    if (!userId || !account) {
      ctx.refuse(res, 404, "There is no such account.");
      return undefined;
    }
    return account;
  };
  const back = (res: Response, userId: string, done: string) => res.redirect(303, `${userPath(userId)}?done=${done}`);

  r.get("user_view", "/users/:userId", async (req, res) => {
    const account = await target(req, res);
    if (!account) return;
    const [devices, roles, localRoles] = await Promise.all([actions.listDevices(account.userId), deps.roles.rolesOf(account.userId), deps.roles.rolesFrom(account.userId, "local")]);
    await deps.audit.append({ actor: person(res).userId, action: "console.user_viewed", target: account.userId, details: {} });
    const done = typeof req.query.done === "string" ? { locked: "The account is locked.", unlocked: "The account is unlocked.", deactivated: "The account is deactivated.", roles: "The roles are saved.", logged_out: "The device(s) are logged out." }[req.query.done] : undefined;
    res.render("user", {
      title: account.displayName ? `${account.displayName} (${account.userId})` : account.userId,
      account,
      path: userPath(account.userId),
      done,
      state: account.deactivated ? "deactivated" : account.locked ? "locked" : "active",
      lastSeen: formatTime(account.lastSeenTs),
      roles: roles.length > 0 ? roles.join(", ") : "none",
      roleChoices: ROLES.map((role) => ({ role, checked: localRoles.includes(role) })),
      devices: devices.map((d) => ({ ...d, lastSeen: formatTime(d.lastSeenTs), wipeHref: `/wipes/new?${new URLSearchParams({ userId: account.userId, deviceId: d.deviceId })}` })),
      wipeAllHref: `/wipes/new?${new URLSearchParams({ userId: account.userId })}`,
      canManage: can(res, "users.manage"),
      canWipe: can(res, "devices.wipe"),
    });
  });

  r.post("user_lock", "/users/:userId/lock", async (req, res) => {
    const account = await target(req, res);
    if (!account) return;
    const lock = (req.body as Record<string, unknown>).locked === "true";
    await actions.setLocked(account.userId, lock);
    await deps.audit.append({ actor: person(res).userId, action: lock ? "account.locked" : "account.unlocked", target: account.userId, details: lock ? { reason: "console" } : {} });
    back(res, account.userId, lock ? "locked" : "unlocked");
  });

  r.post("user_deactivate", "/users/:userId/deactivate", async (req, res) => {
    const account = await target(req, res);
    if (!account) return;
    if ((req.body as Record<string, unknown>).confirm !== account.userId) return ctx.refuse(res, 400, "To deactivate, type the account's user id exactly.");
    await users.deactivate(account.userId, false);
    await deps.audit.append({ actor: person(res).userId, action: "user.deactivated", target: account.userId, details: { erased: false } });
    back(res, account.userId, "deactivated");
  });

  r.post("user_roles", "/users/:userId/roles", async (req, res) => {
    const account = await target(req, res);
    if (!account) return;
    const raw = (req.body as Record<string, unknown>).roles;
    const picked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is Role => typeof v === "string" && isRole(v));
    const change = await deps.roles.setRoles(account.userId, picked, "local");
    if (change.added.length > 0 || change.removed.length > 0) {
      await deps.audit.append({ actor: person(res).userId, action: "user.roles_changed", target: account.userId, details: { ...change, source: "local" } });
    }
    back(res, account.userId, "roles");
  });

  r.post("device_logout", "/users/:userId/logout", async (req, res) => {
    const account = await target(req, res);
    if (!account) return;
    const deviceId = (req.body as Record<string, unknown>).deviceId;
    const all = deviceId === undefined || deviceId === "";
    if (!all && (typeof deviceId !== "string" || !DEVICE_ID.test(deviceId))) return ctx.refuse(res, 400, "deviceId: not a device id.");
    const ids = all ? (await actions.listDevices(account.userId)).map((d) => d.deviceId) : [deviceId as string];
    try {
      if (ids.length > 0) await actions.deleteDevices(account.userId, ids);
    } catch (err) {
      if (err instanceof MatrixHttpError && err.status === 0) return ctx.refuse(res, 503, "The homeserver cannot be reached; nothing was logged out.");
      throw err;
    }
    await deps.audit.append({ actor: person(res).userId, action: "device.logged_out", target: account.userId, details: { deviceIds: ids.slice(0, 100), devicesDeleted: ids.length, all } });
    back(res, account.userId, "logged_out");
  });
}

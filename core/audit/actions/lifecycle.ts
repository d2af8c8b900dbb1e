import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** Devices and accounts: remote wipe, lock, user creation. Targets are Matrix user ids. */
export const lifecycleActions = [
  defineAuditAction({
    name: "device.wiped",
    description: "A user's devices were deleted (hard logout, clients clear local data), with the wipe report.",
    fields: {
      deviceIds: detail.list(detail.id()),
      devicesDeleted: detail.count(),
      failed: detail.count().optional(),
      locked: detail.flag(),
      eventsRedacted: detail.count().optional(),
      mediaDeleted: detail.count().optional(),
      reportHash: detail.hash().optional(),
      wipeId: detail.id().optional(),
      roomsRedacted: detail.count().optional(),
      dryRun: detail.flag().optional(),
    },
  }),
  defineAuditAction({
    name: "account.locked",
    description: "A user account was locked (locked: true): it can no longer log in.",
    fields: {
      reason: detail.category(),
    },
  }),
  defineAuditAction({
    name: "device.logged_off_idle",
    description: "Automatic logoff: devices idle past the policy's limit were deleted (hard logout; the client clears its data).",
    fields: {
      deviceIds: detail.list(detail.id()),
      idleLimitMinutes: detail.count(),
    },
  }),
  defineAuditAction({
    name: "account.unlocked",
    description: "A locked user account was unlocked: it can log in again.",
    fields: {},
  }),
  defineAuditAction({
    name: "user.created",
    description: "A user account was created.",
    fields: {
      role: detail.category(),
      roles: detail.list(detail.category()).optional(),
      admin: detail.flag().optional(),
    },
  }),
  defineAuditAction({
    name: "user.roles_changed",
    description: "Roles were given or taken away in the role directory (source: local, scim or sso).",
    fields: {
      added: detail.list(detail.category()),
      removed: detail.list(detail.category()),
      source: detail.category(["local", "scim", "sso"]),
    },
  }),
  defineAuditAction({
    name: "user.deactivated",
    description: "A user account was deactivated (it can never log in again); with erase, its profile and messages are hidden from new members.",
    fields: {
      erased: detail.flag(),
    },
  }),
];

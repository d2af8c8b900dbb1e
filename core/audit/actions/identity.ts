import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/**
 * Provisioning from the organisation's identity provider (SCIM) and roles from its groups.
 * Targets are Matrix user ids (or the SCIM group id); details hold SCIM ids, role names and
 * counts, never a person's name, e-mail or userName.
 */
export const identityActions = [
  defineAuditAction({
    name: "scim.user_created",
    description: "The identity provider provisioned a person over SCIM: their Matrix account exists (created or adopted) with the roles of their groups.",
    fields: { scimId: detail.id(), accountCreated: detail.flag(), active: detail.flag(), roles: detail.list(detail.category()) },
  }),
  defineAuditAction({
    name: "scim.user_updated",
    description: "The identity provider changed a provisioned person's attributes (PUT or PATCH over SCIM).",
    fields: { scimId: detail.id(), attributes: detail.list(detail.category()) },
  }),
  defineAuditAction({
    name: "scim.user_deactivated",
    description: "The identity provider set a person inactive (active: false) or deleted them over SCIM: the account was locked or deactivated (mode) and every device deleted (hard logoff).",
    fields: { scimId: detail.id(), mode: detail.category(), devicesDeleted: detail.count(), rolesRemoved: detail.list(detail.category()) },
  }),
  defineAuditAction({
    name: "scim.user_reactivated",
    description: "The identity provider set a locked person active again over SCIM: the account was unlocked and the roles of their groups restored.",
    fields: { scimId: detail.id(), roles: detail.list(detail.category()) },
  }),
  defineAuditAction({
    name: "scim.group_updated",
    description: "The identity provider created, changed or deleted a group over SCIM; the roles of its members changed at once.",
    fields: {
      scimId: detail.id(),
      change: detail.category(),
      role: detail.category().optional(),
      membersAdded: detail.count(),
      membersRemoved: detail.count(),
    },
  }),
  defineAuditAction({
    name: "scim.roles_changed",
    description: "A person's roles from SCIM changed because a group they are in changed (one record per person).",
    fields: { added: detail.list(detail.category()), removed: detail.list(detail.category()) },
  }),
  defineAuditAction({
    name: "sso.roles_changed",
    description: "A person's roles from the single sign-on group claim changed at login.",
    fields: { added: detail.list(detail.category()), removed: detail.list(detail.category()), groups: detail.count() },
  }),
];

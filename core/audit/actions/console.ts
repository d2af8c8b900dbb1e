import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/**
 * Admin console. The typed user name is never recorded (it may be a mistyped password). The
 * actor of a console record is the person signed in (never the console's service account),
 * so the ledger says who did what, not which process did it.
 */
export const consoleActions = [
  defineAuditAction({
    name: "console.login_failed",
    description: "A console login was refused.",
    fields: {
      reason: detail.category(),
      userHash: detail.hash().optional(),
      attempts: detail.count().optional(),
    },
  }),
  defineAuditAction({
    name: "console.logged_in",
    description: "A person signed in to the console (method oidc: through the identity provider; breakglass: the break-glass administrator with password and TOTP), with the roles they got.",
    fields: {
      method: detail.category(["oidc", "breakglass"]),
      roles: detail.list(detail.category()),
    },
  }),
  defineAuditAction({
    name: "console.breakglass_announced",
    description: "The compliance bot told the security officers (in their encrypted notices room) of a break-glass console sign-in (loginSeq: its console.logged_in record).",
    fields: {
      loginSeq: detail.count(),
      notified: detail.count(),
    },
  }),
  defineAuditAction({
    name: "console.logged_out",
    description: "A console session ended: signed out by the person, ended by the idle timeout or the absolute lifetime, or ended by the identity provider's back-channel logout (identity_provider: the person's session there ended).",
    fields: {
      reason: detail.category(["user", "idle", "expired", "identity_provider"]),
    },
  }),
  defineAuditAction({
    name: "console.access_denied",
    description: "A signed-in person was refused a console page or action their roles do not allow (403).",
    fields: {
      route: detail.category(),
      permission: detail.category(),
    },
  }),
  defineAuditAction({
    name: "console.request_refused",
    description: "State-changing console requests were refused before they were acted on: no or a wrong CSRF token, or a foreign Origin (403), or a back-channel logout whose token did not check out (logout_token: bad signature, issuer, audience, claims, or replayed; 400). Aggregated per client address, actor, reason and minute: the first at once (count 1), the rest of the minute in one record with their count.",
    fields: {
      reason: detail.category(["csrf_token", "origin", "logout_token"]),
      count: detail.count().optional(),
    },
  }),
  defineAuditAction({
    name: "console.user_viewed",
    description: "A person opened one user's page in the console (target: that user).",
    fields: {},
  }),
  defineAuditAction({
    name: "device.logged_out",
    description: "Devices of the target user were logged out from the console (deleted: hard logout, the client clears its data) without locking the account.",
    fields: {
      deviceIds: detail.list(detail.id()),
      devicesDeleted: detail.count(),
      all: detail.flag(),
    },
  }),
  defineAuditAction({
    name: "console.retention_fixed",
    description: "A person asked from the console (or its API) for a room's missing m.room.retention (target: the room). outcome fixed: the homeserver module set the kind's retention from the policy, sent as the joined local member with the most power; present: the room had one already; no_member / no_power: no joined local member may set it; no_policy: the policy has none for the kind.",
    fields: {
      kind: detail.category(),
      outcome: detail.category(["fixed", "present", "no_member", "no_power", "no_policy"]),
      via: detail.category(["page", "api"]),
    },
  }),
];

import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/**
 * What the homeserver reports through Wardroom's Synapse module and its audit spool
 * (infra/synapse/modules/wardroom_synapse; docs/audit.md says which Synapse source each comes
 * from). `occurredAt` is when Synapse saw it; the record's `ts` is when the ledger stored it.
 */
const occurredAt = detail.timestamp();
const rule = detail.category(["no-public-rooms", "no-guest-access", "no-world-readable-history", "no-directory-publication", "encryption-algorithm", "no-encryption-downgrade", "portal-room-unencrypted", "no-protected-state-redaction", "bad-initial-state", "bad-creation-content", "no-puppet-impersonation", "unknown-sms-puppet"]);
const roomKind = detail.category(["clinical", "sms", "admin"]);

export const homeserverActions = [
  defineAuditAction({
    name: "session.logged_in",
    description: "A user logged in (actor and target: the user). Password logins name the new device; SSO and token logins name the provider.",
    fields: {
      occurredAt,
      method: detail.category(),
      deviceId: detail.id().optional(),
      authProvider: detail.id().optional(),
      source: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "session.login_failed",
    description:
      "Failed logins for one user name (as typed, qualified; a userHash instead when it is not an id; the owner of a refused login token; none for a bad token or a failed SSO callback) within one minute: one record per user and minute, with the count and the login methods tried.",
    fields: {
      occurredAt,
      minute: detail.timestamp(),
      count: detail.count(),
      reasons: detail.list(
        detail.category(["bad_password", "unknown_user", "account_locked", "user_deactivated", "rate_limited", "bad_token", "expired_token", "reused_token", "sso_failed", "refused"]),
      ),
      sources: detail.list(detail.id()),
      // Absent only in records spooled before methods were recorded (they were all password logins).
      methods: detail.list(detail.category()).optional(),
      userHash: detail.hash().optional(),
    },
  }),
  defineAuditAction({
    name: "session.logged_out",
    description: "An access token ended (logout, logout of all devices, device deletion). Actor: who asked; target: the user.",
    fields: {
      occurredAt,
      deviceId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "device.created",
    description: "A login gave the target user a new device (actor: who logged in; an appservice logging in as its user is the actor). Logging in again with an existing device id records no device.",
    fields: {
      occurredAt,
      deviceId: detail.id(),
      method: detail.category(),
    },
  }),
  defineAuditAction({
    name: "device.deleted",
    description: "Devices of the target user were deleted (by the user, an admin or an expired session); their clients are logged out.",
    fields: {
      occurredAt,
      deviceIds: detail.list(detail.id()),
    },
  }),
  defineAuditAction({
    name: "room.created",
    description: "A room was created (target: the room), with its kind; every kind but sms is end-to-end encrypted.",
    fields: {
      occurredAt,
      kind: roomKind,
      encrypted: detail.flag(),
    },
  }),
  defineAuditAction({
    name: "room.creation_refused",
    description: "The homeserver refused to create a room that would be public or unencrypted (403 naming the rule).",
    fields: { occurredAt, rule },
  }),
  defineAuditAction({
    name: "room.change_refused",
    description: "The homeserver refused a change that would weaken a room (target: the room; 403 naming the rule).",
    fields: { occurredAt, rule, eventType: detail.category() },
  }),
  ...(["invited", "joined", "left", "kicked", "banned", "knocked"] as const).map((verb) =>
    defineAuditAction({
      name: `room.member_${verb}`,
      description: `Membership in a clinical or SMS portal room: ${verb} (actor: who did it; target: the room; member: whom).`,
      fields: { occurredAt, roomKind: detail.category(["clinical", "sms"]), member: detail.id().optional() },
    }),
  ),
  defineAuditAction({
    name: "room.retention_fixed",
    description: "The retention sweep (actor system:synapse), or a server admin through the module's fix_retention endpoint (actor: that admin, e.g. the console's service account), gave a room that lacked it its kind's m.room.retention (sent as sentAs, the joined local member with the most power).",
    fields: { occurredAt, kind: roomKind, sentAs: detail.id() },
  }),
  defineAuditAction({
    name: "room.retention_unfixable",
    description: "The retention sweep, or a fix_retention request, found a room without retention and no joined local member allowed to set it (Synapse's default policy, clinical, applies).",
    fields: { occurredAt, kind: roomKind },
  }),
  defineAuditAction({
    name: "admin.api_used",
    description: "A request to Synapse's admin API (actor: the admin; target: the first user or room id in the path).",
    fields: {
      occurredAt,
      method: detail.category(),
      endpoint: detail.id(),
      status: detail.count().optional(),
      source: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "audit.source_record_refused",
    description:
      "A record from an audit source (the Synapse spool) did not fit the registry; it is kept as this record, naming its seq there, so nothing is dropped unseen.",
    fields: {
      source: detail.category(),
      sourceSeq: detail.count(),
      problem: detail.category(),
    },
  }),
];

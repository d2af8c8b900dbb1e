import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** SMS bridge actions. Targets are portal room ids, never phone numbers. */
export const smsActions = [
  defineAuditAction({
    name: "sms.relayed",
    description: "A message crossed the bridge (inbound from the patient, or outbound after the PHI/consent gate).",
    fields: {
      direction: detail.category(["inbound", "outbound"]),
      /** Who sent it: the clinician (outbound), the bridge for Wardroom's own texts, the patient's opaque puppet (inbound). */
      sender: detail.id().optional(),
      eventId: detail.id().optional(),
      provider: detail.id().optional(),
      providerMessageId: detail.id().optional(),
      phiCategories: detail.phiCategories().optional(),
      consentWarningHash: detail.hash().optional(),
      segments: detail.count().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.blocked",
    description: "The outbound gate refused to send a message; the event was redacted and the sender told why.",
    fields: {
      reason: detail.category(),
      eventId: detail.id().optional(),
      sender: detail.id().optional(),
      phiCategories: detail.phiCategories().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.blocked_notified",
    description:
      "The compliance bot told the sender (the target) of a blocked message in their end-to-end encrypted notices room (blockedSeq: the sms.blocked record), or recorded why not (skipped, undeliverable). The newest one is where the bot resumes: each blocked message is told once.",
    fields: {
      blockedSeq: detail.count(),
      outcome: detail.category(["sent", "skipped", "undeliverable"]),
      /** Why a notice was skipped or could not be delivered. */
      why: detail.category().optional(),
      /** The notices room and the notice's event (outcome sent). */
      roomId: detail.id().optional(),
      noticeEventId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.notices_room_replaced",
    description:
      "A user's (the target's) private notices room was not private enough (it federates, is unencrypted, others can join or are in it) and was replaced by a new one; the old room carries an m.room.tombstone pointing at the new one.",
    fields: {
      oldRoomId: detail.id(),
      newRoomId: detail.id(),
      problems: detail.list(detail.category()),
      /** Who keeps the room: the compliance bot's rooms, or Synapse's server notices rooms. */
      channel: detail.category(["compliance_bot", "server_notice"]),
      /** When Synapse replaced it (records from Synapse's module, through the audit spool). */
      occurredAt: detail.timestamp().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.withdrawn",
    description: "The clinician (the actor) deleted their message while it still waited in the outbox (quiet hours, retries); it was not texted.",
    fields: {
      /** The deleted message's event id (the outbox key). */
      eventId: detail.id(),
      sender: detail.id(),
    },
  }),
  defineAuditAction({
    name: "sms.conversation_opened",
    description: "A clinician (the actor) opened an SMS conversation with `!sms open` (or the console); the room is the target.",
    fields: {
      created: detail.flag(),
      via: detail.category(["room", "console", "cli"]),
    },
  }),
  defineAuditAction({
    name: "sms.webhook_rejected",
    description: "Provider webhooks were refused (bad signature, malformed body, replay, too large, rate limited); `count` of them from one source in one minute.",
    fields: {
      reason: detail.category(),
      provider: detail.id().optional(),
      httpStatus: detail.count().optional(),
      count: detail.count().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.opted_out",
    description: "The patient sent a stop keyword; nothing more is sent to the number.",
    fields: {
      keyword: detail.category().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.opted_in",
    description: "The patient sent a start keyword; a new risk warning is needed before PHI flows.",
    fields: {
      keyword: detail.category().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.failed",
    description: "A text could not cross the bridge: an outbound one not delivered to the provider after its retries, or an inbound one the homeserver would not take; the room was told.",
    fields: {
      eventId: detail.id().optional(),
      provider: detail.id().optional(),
      providerMessageId: detail.id().optional(),
      attempts: detail.count(),
      errorKind: detail.category(),
    },
  }),
  defineAuditAction({
    name: "sms.delivery_updated",
    description: "The provider reported a delivery status for an outbound text.",
    fields: {
      eventId: detail.id().optional(),
      providerMessageId: detail.id(),
      status: detail.category(["queued", "sent", "delivered", "failed", "undelivered"]),
      errorCode: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.staff_number_refused",
    description: "A staff phone number listed in the policy was not bridged (no provider-to-provider SMS).",
    fields: {
      direction: detail.category(["inbound", "outbound"]),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "sms.open_refused",
    description: "Someone outside the care team asked to open an SMS conversation.",
    fields: {
      reason: detail.category(),
    },
  }),
  defineAuditAction({
    name: "sms.media_withheld",
    description: "Picture messages from a patient were not posted in clear (policy sms.allowMedia is false).",
    fields: {
      providerMessageId: detail.id(),
      count: detail.count(),
    },
  }),
];

import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** SMS bridge actions. Targets are portal room ids, never phone numbers. */
export const smsActions = [
  defineAuditAction({
    name: "sms.relayed",
    description: "A message crossed the bridge (inbound from the patient, or outbound after the PHI/consent gate).",
    fields: {
      direction: detail.category(["inbound", "outbound"]),
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
    name: "sms.webhook_rejected",
    description: "A provider webhook was refused (bad signature, malformed body, replay).",
    fields: {
      reason: detail.category(),
      provider: detail.id().optional(),
      httpStatus: detail.count().optional(),
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
];

import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** Consent to SMS after the risk warning. Targets are portal room ids. */
export const consentActions = [
  defineAuditAction({
    name: "consent.warning_sent",
    description: "The SMS risk warning was sent to the patient (its template version by hash).",
    fields: {
      warningHash: detail.hash(),
      eventId: detail.id().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "consent.acknowledged",
    description: "The patient accepted the risk warning; PHI may be sent by SMS.",
    fields: {
      warningHash: detail.hash(),
      consentId: detail.id().optional(),
      eventId: detail.id().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "consent.declined",
    description: "The patient declined the risk warning; no PHI goes by SMS.",
    fields: {
      warningHash: detail.hash().optional(),
      eventId: detail.id().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "consent.revoked",
    description: "Consent was withdrawn (STOP keyword, staff or administrator).",
    fields: {
      reason: detail.category(),
      consentId: detail.id().optional(),
      eventId: detail.id().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
];

import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";
import { CONSENT_STATES } from "../../consent/stateNames.ts";

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
  defineAuditAction({
    name: "consent.reminder_sent",
    description: "The outstanding SMS risk warning was sent again because the reply was neither accept nor decline.",
    fields: {
      warningHash: detail.hash(),
      reminder: detail.count(),
      consentId: detail.id(),
      eventId: detail.id().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "consent.requested",
    description: "A clinician (the actor) asked the patient for consent again; a new risk warning follows.",
    fields: {
      consentId: detail.id(),
      previousState: detail.category(CONSENT_STATES),
      eventId: detail.id().optional(),
    },
  }),
  defineAuditAction({
    name: "consent.reset",
    description: "The patient opted back in (START): consent starts over and a new risk warning is needed before PHI.",
    fields: {
      reason: detail.category(),
      consentId: detail.id(),
      eventId: detail.id().optional(),
      providerMessageId: detail.id().optional(),
    },
  }),
];

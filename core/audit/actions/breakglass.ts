import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/**
 * Emergency access (break-glass). The target is the patient room; the requester is the actor.
 * The stated reason may name a patient, so only its hash is here: the text is kept with the
 * grant, for the security officers' review.
 */
export const breakGlassActions = [
  defineAuditAction({
    name: "breakglass.refused",
    description: "An emergency access request was refused (no emergency role, not a patient room, no reason, too long).",
    fields: { refusal: detail.category(["no_role", "not_a_patient_room", "reason_too_short", "too_long", "already_active"]) },
  }),
  defineAuditAction({
    name: "breakglass.granted",
    description: "Emergency access to a patient room was granted for a limited time; the requester joined the room.",
    fields: { grantId: detail.id(), minutes: detail.count(), expiresAt: detail.timestamp(), reasonHash: detail.hash() },
  }),
  defineAuditAction({
    name: "breakglass.notified",
    description: "The second person (the policy's notify role) was told of a grant, in an encrypted room.",
    fields: { grantId: detail.id(), notified: detail.count() },
  }),
  defineAuditAction({
    name: "breakglass.ended",
    description: "Emergency access ended (the requester left or was removed from the room).",
    fields: { grantId: detail.id(), why: detail.category(["expired", "ended_early", "grant_failed"]) },
  }),
];

import { defineAuditAction } from "../../core/audit/actionRegistry.ts";
import { detail } from "../../core/audit/detailFields.ts";

/** Audit actions of the bridge beyond the shared sms.* set (see core/audit/actions/sms.ts). */
export const bridgeAuditActions = [
  defineAuditAction({
    name: "sms.failed",
    description: "An outbound text could not be delivered to the provider after its retries; the room was told.",
    fields: {
      eventId: detail.id().optional(),
      provider: detail.id().optional(),
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
  defineAuditAction({
    name: "portal.created",
    description: "A portal room was created for a patient's phone number (the room id is the target; the number is not recorded).",
    fields: {
      invited: detail.count(),
    },
  }),
];

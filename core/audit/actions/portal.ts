import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** Portal rooms (one per patient phone number). Targets are room ids, never numbers. */
export const portalActions = [
  defineAuditAction({
    name: "portal.created",
    description: "A portal room was created for a patient's phone number (the room id is the target; the number is not recorded).",
    fields: {
      invited: detail.count(),
    },
  }),
  defineAuditAction({
    name: "portal.member_added",
    description: "A new care-team member was added to an existing portal room (wardroom users ... --join-portals).",
    fields: {
      member: detail.id(),
    },
  }),
];

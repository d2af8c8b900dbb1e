import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** Admin console. The typed user name is never recorded (it may be a mistyped password). */
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
];

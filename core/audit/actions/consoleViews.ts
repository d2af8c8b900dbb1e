import { defineAuditAction } from "../actionRegistry.ts";
import { detail } from "../detailFields.ts";

/** The pages and API resources whose views are recorded (every read of the console is). */
export const CONSOLE_VIEWS = ["dashboard", "audit", "consents", "consent_evidence", "break_glass", "policy", "rooms", "tokens", "openapi"] as const;

/**
 * Reads in the console: who looked at what, and exports. Filters are recorded as which ones
 * were used (flags), never their values: a target or a phone number typed into a filter
 * could itself be PHI.
 */
export const consoleViewActions = [
  defineAuditAction({
    name: "console.viewed",
    description: "Someone viewed a console page or read an API resource (which filters were used, how many rows were shown).",
    fields: {
      view: detail.category(CONSOLE_VIEWS),
      via: detail.category(["page", "api"]),
      results: detail.count().optional(),
      filters: detail.list(detail.category()).optional(),
    },
  }),
  defineAuditAction({
    name: "audit.exported",
    description: "Audit records were exported (CSV or JSON Lines, streamed); records is how many were written.",
    fields: {
      format: detail.category(["csv", "jsonl"]),
      records: detail.count(),
      filters: detail.list(detail.category()).optional(),
      via: detail.category(["page", "api", "cli"]),
      complete: detail.flag(),
    },
  }),
  defineAuditAction({
    name: "audit.verified",
    description: "The audit chain was verified from the console; ok and how many records were checked.",
    fields: { ok: detail.flag(), checked: detail.count(), problem: detail.category().optional() },
  }),
  defineAuditAction({
    name: "consent.evidence_viewed",
    description: "Someone opened one number's consent evidence trail (target: the phone reference).",
    fields: { events: detail.count(), via: detail.category(["page", "api"]) },
  }),
  defineAuditAction({
    name: "consent.evidence_exported",
    description: "One number's consent evidence trail was exported (target: the phone reference).",
    fields: { events: detail.count(), via: detail.category(["page", "api"]) },
  }),
];

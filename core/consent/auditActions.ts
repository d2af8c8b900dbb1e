import type { AuditActionRegistry } from "../audit/actionRegistry.ts";
import { consentActions } from "../audit/actions/consent.ts";
import type { AuditEntry } from "../audit/record.ts";
import type { ConsentEvent } from "./evidence.ts";
import type { ConsentState } from "./states.ts";

/**
 * The audit record of each consent event. Every consent action is declared in the one
 * registry (core/audit/actions/consent.ts). Targets are the number's phone reference
 * (phoneRef.ts), never the number; `consentId` is the id of the consent_events row, where the
 * evidence is.
 *
 * Every audit action a consent ledger writes:
 */
export const CONSENT_AUDIT_ACTION_NAMES = [
  "consent.warning_sent",
  "consent.reminder_sent",
  "consent.acknowledged",
  "consent.declined",
  "consent.revoked",
  "consent.requested",
  "consent.reset",
] as const;

/**
 * A narrowed registry plus the consent actions it lacks. The default registry already has them
 * all; this is for a process that builds its own, smaller registry.
 */
export function withConsentAuditActions(registry: AuditActionRegistry): AuditActionRegistry {
  return registry.with(...consentActions.filter((a) => registry.get(a.name) === undefined));
}

/** Consent actions the registry lacks (empty when a ledger can record every consent event). */
export function missingConsentAuditActions(registry: AuditActionRegistry): string[] {
  return CONSENT_AUDIT_ACTION_NAMES.filter((name) => registry.get(name) === undefined);
}

export interface ConsentAuditInput {
  /** The consent_events row id. */
  consentId: string;
  event: ConsentEvent;
  actor: string;
  phoneRef: string;
  /** State before the event. */
  previousState: ConsentState;
  /** Reminders sent after the event (reminder_sent). */
  reminders: number;
}

/** The audit entry for a consent event: ids, hashes and categories only, never text or the number. */
export function consentAuditEntry(input: ConsentAuditInput): AuditEntry {
  const entry = entryFor(input);
  // Absent optional ids are left out rather than stored as undefined.
  const details = Object.fromEntries(Object.entries(entry.details ?? {}).filter(([, v]) => v !== undefined));
  return { ...entry, details };
}

function entryFor(input: ConsentAuditInput): AuditEntry {
  const { event, consentId } = input;
  const base = { actor: input.actor, target: input.phoneRef };
  switch (event.type) {
    case "warning_sent":
      return {
        ...base,
        action: "consent.warning_sent",
        details: { warningHash: event.evidence.warningVersion, eventId: event.evidence.noticeEventId, providerMessageId: event.evidence.providerMessageId },
      };
    case "reminder_sent":
      return {
        ...base,
        action: "consent.reminder_sent",
        details: {
          warningHash: event.evidence.warningVersion,
          reminder: input.reminders,
          consentId,
          eventId: event.evidence.noticeEventId,
          providerMessageId: event.evidence.providerMessageId,
        },
      };
    case "accepted":
      return {
        ...base,
        action: "consent.acknowledged",
        details: { warningHash: event.evidence.warningVersion, consentId, eventId: event.evidence.reply.eventId, providerMessageId: event.evidence.reply.providerMessageId },
      };
    case "declined":
      return {
        ...base,
        action: "consent.declined",
        details: { warningHash: event.evidence.warningVersion, eventId: event.evidence.reply.eventId, providerMessageId: event.evidence.reply.providerMessageId },
      };
    case "opted_out":
      return {
        ...base,
        action: "consent.revoked",
        details: {
          reason: event.evidence.source === "sms" ? "stop_keyword" : "provider_opt_out",
          consentId,
          eventId: event.evidence.eventId,
          providerMessageId: event.evidence.providerMessageId,
        },
      };
    case "opted_in":
      return {
        ...base,
        action: "consent.reset",
        details: {
          reason: event.evidence.source === "sms" ? "start_keyword" : "provider_opt_in",
          consentId,
          eventId: event.evidence.eventId,
          providerMessageId: event.evidence.providerMessageId,
        },
      };
    case "revoked":
      return { ...base, action: "consent.revoked", details: { reason: event.evidence.reason, consentId, eventId: event.evidence.eventId } };
    case "requested":
      return { ...base, action: "consent.requested", details: { consentId, previousState: input.previousState, eventId: event.evidence.eventId } };
  }
}

import { ConsentTransitionError } from "./errors.ts";
import type { ConsentEvent } from "./evidence.ts";
import type { ConsentEventType, ConsentState } from "./stateNames.ts";
import { CONSENT_STATES } from "./stateNames.ts";

/**
 * Consent to receive health information by SMS, per patient number (docs/consent.md):
 *
 *   unknown --warning_sent--> warned --accepted--> accepted
 *                                    \--declined--> declined --requested--> unknown
 *   any state --opted_out (STOP)--> opted_out --opted_in (START)--> unknown
 *
 * Only `accepted` lets PHI through, and only while the accepted warning is still a current
 * one: acceptance binds to the warning's version (the hash of its exact text), so a changed
 * warning needs a new acceptance before PHI flows again.
 */
export { CONSENT_EVENT_TYPES, CONSENT_STATES, type ConsentEventType, type ConsentState } from "./stateNames.ts";

/** The warning a number was last sent: what a reply answers and what an acceptance binds to. */
export interface WarningRef {
  version: string;
  language: string;
  providerMessageId: string;
  sentAt: string;
  noticeEventId: string;
  roomId: string;
}

/** A number's consent: the fold of its events. */
export interface ConsentStatus {
  state: ConsentState;
  /** Set in warned, accepted and declined (the warning answered); null otherwise. */
  warning: WarningRef | null;
  /** Reminders sent since that warning. */
  reminders: number;
  /** How many events the number has; a writer that read revision N expects N (optimistic concurrency). */
  revision: number;
  /** When the last event was recorded; null when there is none. */
  updatedAt: string | null;
}

export const INITIAL_STATUS: ConsentStatus = Object.freeze({ state: "unknown", warning: null, reminders: 0, revision: 0, updatedAt: null });

/**
 * Every allowed (state, event) pair and the state it leads to. Anything missing is refused.
 * Guards on versions and the reminder limit come on top (see transition()).
 */
export const TRANSITIONS: Readonly<Record<ConsentState, Readonly<Partial<Record<ConsentEventType, ConsentState>>>>> = {
  unknown: { warning_sent: "warned", requested: "unknown", opted_out: "opted_out" },
  warned: {
    // Only a changed warning (new version) may replace the outstanding one; the same text again is a reminder.
    warning_sent: "warned",
    reminder_sent: "warned",
    accepted: "accepted",
    declined: "declined",
    revoked: "declined",
    requested: "unknown",
    opted_out: "opted_out",
  },
  // A changed warning (new version) asks again; until the new one is accepted no PHI flows.
  accepted: { warning_sent: "warned", revoked: "declined", opted_out: "opted_out" },
  declined: { requested: "unknown", opted_out: "opted_out" },
  // A repeated STOP is recorded (it is evidence too); only START leaves opted_out.
  opted_out: { opted_out: "opted_out", opted_in: "unknown" },
};

/** Why a pair is missing from TRANSITIONS, in words an operator understands. */
function whyNot(from: ConsentState, event: ConsentEventType): string {
  if (from === "opted_out") return "the number opted out (STOP); only START opts it back in, and nothing else may be sent or recorded until then";
  if (event === "opted_in") return "the number has not opted out";
  if (from === "unknown" && (event === "accepted" || event === "declined" || event === "reminder_sent")) return "no warning was sent";
  if (event === "revoked") return "there is no consent or pending warning to revoke";
  if (from === "declined" && event === "warning_sent") return "the patient declined; a clinician must request consent again first";
  if (from === "accepted" && event === "requested") return "the patient already accepted the current warning; revoke first, or send a changed warning";
  if (from === "accepted" || from === "declined") return "the warning was already answered";
  return "not a valid transition";
}

export interface TransitionOptions {
  /** When the event is recorded (ISO 8601). */
  at: string;
  /** The policy's `sms.consent.maxReminders`: a reminder beyond it is refused. */
  maxReminders?: number;
}

/**
 * The status after `event`, or a ConsentTransitionError when the event cannot happen now.
 * Pure: the ledger calls it inside its write transaction, the fold replays it.
 */
export function transition(status: ConsentStatus, event: ConsentEvent, options: TransitionOptions): ConsentStatus {
  const from = status.state;
  const to = TRANSITIONS[from][event.type];
  if (to === undefined) throw new ConsentTransitionError(from, event.type, "not_allowed", whyNot(from, event.type));
  const base = { revision: status.revision + 1, updatedAt: options.at };

  switch (event.type) {
    case "warning_sent": {
      const e = event.evidence;
      if ((from === "warned" || from === "accepted") && status.warning?.version === e.warningVersion) {
        throw new ConsentTransitionError(
          from,
          event.type,
          "same_version",
          from === "warned" ? "this warning is already outstanding; send a reminder instead" : "the patient already accepted this warning",
        );
      }
      const warning: WarningRef = {
        version: e.warningVersion,
        language: e.language,
        providerMessageId: e.providerMessageId,
        sentAt: e.sentAt,
        noticeEventId: e.noticeEventId,
        roomId: e.roomId,
      };
      return { ...base, state: to, warning, reminders: 0 };
    }
    case "reminder_sent": {
      if (status.warning?.version !== event.evidence.warningVersion) {
        throw new ConsentTransitionError(from, event.type, "version_mismatch", "a reminder re-sends the outstanding warning, and this names another version");
      }
      if (options.maxReminders !== undefined && status.reminders >= options.maxReminders) {
        throw new ConsentTransitionError(from, event.type, "reminder_limit", `${status.reminders} of at most ${options.maxReminders} reminders were already sent (sms.consent.maxReminders)`);
      }
      return { ...status, ...base, reminders: status.reminders + 1 };
    }
    case "accepted":
    case "declined": {
      const e = event.evidence;
      if (status.warning?.version !== e.warningVersion) {
        throw new ConsentTransitionError(from, event.type, "version_mismatch", "the reply names another warning version than the one last sent");
      }
      if (status.warning.providerMessageId !== e.warning.providerMessageId) {
        throw new ConsentTransitionError(from, event.type, "warning_mismatch", "the reply points to another warning message than the one last sent");
      }
      return { ...status, ...base, state: to };
    }
    case "revoked":
      return { ...status, ...base, state: to };
    case "requested":
    case "opted_out":
    case "opted_in":
      // A new warning is needed afterwards: forget the old one.
      return { ...base, state: to, warning: null, reminders: 0 };
  }
}

/** Replays events (oldest first) from the initial status; throws at the first impossible one. */
export function foldConsent(events: Iterable<{ event: ConsentEvent; ts: string }>): ConsentStatus {
  let status = INITIAL_STATUS;
  for (const { event, ts } of events) status = transition(status, event, { at: ts });
  return status;
}

/**
 * May PHI be texted to this number? Only in `accepted`, and only while the accepted warning
 * is one of the policy's current warnings (currentWarningVersions()): a changed warning text
 * needs a new acceptance. Everything else, including an unknown version, is no.
 */
export function mayReceivePhi(status: Pick<ConsentStatus, "state" | "warning">, currentVersions: ReadonlySet<string>): boolean {
  return status.state === "accepted" && status.warning !== null && currentVersions.has(status.warning.version);
}

/** May anything at all be texted to this number (the warning, logistics without PHI)? Not after STOP. */
export function mayReceiveAnything(status: Pick<ConsentStatus, "state">): boolean {
  return status.state !== "opted_out";
}

export function isConsentState(value: string): value is ConsentState {
  return (CONSENT_STATES as readonly string[]).includes(value);
}

import { classifyKeyword, matchKeyword, normalizeReply } from "../sms/keywords.ts";
import type { ConsentPolicy } from "./policy.ts";
import type { ConsentState, ConsentStatus } from "./states.ts";

/**
 * What a patient's SMS means for consent. Matching is that of the carrier keywords
 * (core/sms/keywords.ts): the whole reply, trimmed of spaces, punctuation and emoji, in any
 * case, accents ignored ("sí", "Si.", "SÍ!" are all SI). A sentence that merely contains a
 * keyword is `other`.
 */
export type ReplyKind = "accept" | "decline" | "stop" | "start" | "help" | "other";

export interface ReplyKeywords {
  accept: readonly string[];
  decline: readonly string[];
  stop: readonly string[];
  start: readonly string[];
  help: readonly string[];
}

export function replyKeywords(policy: ConsentPolicy): ReplyKeywords {
  return {
    accept: policy.sms.consent.acceptKeywords,
    decline: policy.sms.consent.declineKeywords,
    stop: policy.sms.keywords.stop,
    start: policy.sms.keywords.start,
    help: policy.sms.keywords.help,
  };
}

export interface ReplyClassification {
  kind: ReplyKind;
  /** The keyword matched, canonical (upper case, no accents: "SI"); null for `other`. */
  keyword: string | null;
}

const OTHER: ReplyClassification = Object.freeze({ kind: "other", keyword: null });

/**
 * Classifies a reply from a number in `state`. STOP, START and HELP mean the same in every
 * state (STOP first: opting out wins). Accept and decline keywords only answer a warning: in
 * `warned`, and an accept in `declined` (the patient changed their mind). Elsewhere they are
 * ordinary words: a "NO" to a clinician's question after acceptance is not a revocation.
 */
export function classifyReply(body: string, state: ConsentState, keywords: ReplyKeywords): ReplyClassification {
  const carrier = classifyKeyword(body, keywords);
  if (carrier !== null) return { kind: carrier.kind, keyword: normalizeReply(carrier.keyword) };
  if (state === "warned" || state === "declined") {
    const accept = matchKeyword(body, keywords.accept);
    if (accept !== null) return { kind: "accept", keyword: normalizeReply(accept) };
  }
  if (state === "warned") {
    const decline = matchKeyword(body, keywords.decline);
    if (decline !== null) return { kind: "decline", keyword: normalizeReply(decline) };
  }
  return OTHER;
}

/**
 * What the compliance bot does with a reply. `record_*` record that event (with the reply's
 * evidence); `send_warning` sends the warning for the patient's language and records
 * warning_sent (after `requested` when the number is in declined); `send_reminder` re-sends
 * the outstanding warning and records reminder_sent; `none` records nothing for consent (the
 * message itself is still bridged to the room, except after STOP).
 */
export type ReplyDecision =
  | { action: "record_opted_out" }
  /** Then the bot sends a new warning: START needs one before PHI flows again. */
  | { action: "record_opted_in" }
  | { action: "record_accepted" }
  | { action: "record_declined" }
  | { action: "send_warning"; reason: "first_contact" | "accept_after_decline" }
  | { action: "send_reminder"; reminder: number }
  | { action: "send_help" }
  | { action: "none"; reason: "opted_out" | "not_opted_out" | "reminders_exhausted" | "already_accepted" | "declined" };

/**
 * The decision for a classified reply. Reminders: a reply that is neither accept nor decline
 * gets a reminder while fewer than `maxReminders` (policy `sms.consent.maxReminders`) were
 * sent since the warning; after that nothing more is sent. After STOP nothing is sent at all,
 * not even the HELP text (the provider confirms the opt-out itself, as carriers require).
 */
export function decideReply(status: Pick<ConsentStatus, "state" | "reminders">, reply: ReplyClassification, maxReminders: number): ReplyDecision {
  const { state } = status;
  if (reply.kind === "stop") return { action: "record_opted_out" };
  if (state === "opted_out") return reply.kind === "start" ? { action: "record_opted_in" } : { action: "none", reason: "opted_out" };
  if (reply.kind === "start") return { action: "none", reason: "not_opted_out" };
  if (reply.kind === "help") return { action: "send_help" };
  switch (state) {
    case "unknown":
      return { action: "send_warning", reason: "first_contact" };
    case "warned":
      if (reply.kind === "accept") return { action: "record_accepted" };
      if (reply.kind === "decline") return { action: "record_declined" };
      return status.reminders < maxReminders
        ? { action: "send_reminder", reminder: status.reminders + 1 }
        : { action: "none", reason: "reminders_exhausted" };
    case "accepted":
      return { action: "none", reason: "already_accepted" };
    case "declined":
      // Changing one's mind days later: send the warning again rather than accept an answer
      // to a text the patient may no longer have in mind.
      return reply.kind === "accept" ? { action: "send_warning", reason: "accept_after_decline" } : { action: "none", reason: "declined" };
  }
}

import type { AuditEntry } from "../../core/audit/record.ts";
import type { ConsentStateName, PhiFinding } from "../../core/gate/outboundGate.ts";
import type { E164 } from "../../core/sms/phone.ts";
import type { InboundSms } from "./providers/types.ts";
import type { Portal } from "../../core/sms/portal.ts";

/**
 * What the bridge needs from the rest of Wardroom, as small interfaces: the process wires the
 * real consent ledger, audit ledger and PHI detector in; nothing here knows their storage.
 */

export interface CarrierKeywordEvidence {
  providerMessageId: string;
  keyword: string;
  at: Date;
  eventId?: string;
  /** The patient's language when they texted it (a two-letter code). */
  language?: string;
}

/** The consent side (consent/ConsentFlow.ts implements it, inside the bridge process). */
export interface ConsentPort {
  /** Must throw when the ledger cannot answer: the gate then blocks (fail closed). */
  currentState(phone: E164): Promise<ConsentStateName>;
  /** STOP: the number opted out of everything. */
  optOut(portal: Portal | undefined, phone: E164, evidence: CarrierKeywordEvidence): Promise<void>;
  /** START: opted back in; a new warning is needed before PHI flows. */
  optIn(portal: Portal | undefined, phone: E164, evidence: CarrierKeywordEvidence): Promise<void>;
  /** Any other text from the patient, once posted in the room (answers to the warning, first contact). */
  onPatientText(portal: Portal, msg: InboundSms, eventId: string): Promise<void>;
  /** The patient texted a language keyword: a warning they have not answered goes again in the new language; a first text gets its warning. */
  onLanguageChanged(portal: Portal): Promise<void>;
  /** A `!sms` / `!consent` command typed in a portal room (never relayed). */
  onCommand(portal: Portal, sender: string, body: string, eventId: string): Promise<void>;
  /** A clinician (or the console) asks for consent: sends the warning. */
  requestConsent(portal: Portal, requestedBy: string, via: "room" | "console" | "cli", eventId?: string, language?: string): Promise<string>;
}

export interface AuditPort {
  append(entry: AuditEntry): Promise<unknown>;
}

export type PhiDetector = (text: string) => PhiFinding;

/** Told about a message the gate blocked (the compliance side redacts it and tells the sender). */
export type BlockedListener = (blocked: {
  roomId: string;
  eventId: string;
  sender: string;
  reason: string;
  categories: string[];
}) => Promise<void>;

/** Told about every text the bridge sent (the consent flow keeps the warning's provider id). */
export type SentListener = (sent: {
  roomId: string;
  eventId: string | null;
  idempotencyKey: string;
  providerMessageId: string;
  phone: E164;
  sentAt: Date;
  /** The outbox row's meta (JSON), for system texts such as the consent warning. */
  meta: string | null;
}) => Promise<void>;

/** The compliance side as the bridge wires it: the consent port plus what it is told. */
export interface CompliancePort extends ConsentPort {
  onBlocked: BlockedListener;
  onSent: SentListener;
}

import type { AuditEntry } from "../../core/audit/record.ts";
import type { ConsentStateName, PhiFinding } from "../../core/gate/outboundGate.ts";
import type { E164 } from "../../core/sms/phone.ts";

/**
 * What the bridge needs from the rest of Wardroom, as small interfaces: the process wires the
 * real consent ledger, audit ledger and PHI detector in; nothing here knows their storage.
 */

export interface ConsentPort {
  /** Must throw when the ledger cannot answer: the gate then blocks (fail closed). */
  currentState(phone: E164): Promise<ConsentStateName>;
  /** STOP: the number opted out of everything. */
  optOut(phone: E164, evidence: { providerMessageId: string; keyword: string; at: Date }): Promise<void>;
  /** START: opted back in; a new warning is needed before PHI flows. */
  optIn(phone: E164, evidence: { providerMessageId: string; keyword: string; at: Date }): Promise<void>;
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
export type SentListener = (sent: { roomId: string; eventId: string | null; idempotencyKey: string; providerMessageId: string; phone: E164 }) => Promise<void>;

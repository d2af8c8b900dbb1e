import type { AuditRecord } from "../audit/record.ts";
import type { E164 } from "../sms/phone.ts";
import type { ConsentEvent, ConsentEvidence } from "./evidence.ts";
import type { ConsentEventType, ConsentState, ConsentStatus } from "./states.ts";

/** What a writer asks the ledger to record. */
export interface RecordConsentInput {
  /** The event with its evidence; the number is `event.evidence.phone`. */
  event: ConsentEvent;
  /** Who records it: a Matrix user id (staff) or a process (`system:compliance`), never a puppet of the patient. */
  actor: string;
  /**
   * The revision the writer's decision was based on (ConsentStatus.revision from
   * currentState). When the number moved since, nothing is recorded and a
   * ConsentConflictError is thrown. Without it the event is checked against whatever the
   * state is when the write lock is held.
   */
  expectedRevision?: number;
  /** Required for warning_sent: the exact text sent; its SHA-256 must equal the evidence's warningVersion. */
  warningText?: string;
  /** The policy's `sms.consent.maxReminders`: a reminder beyond it is refused. */
  maxReminders?: number;
}

/** One row of the consent ledger, as stored and exported. */
export interface ConsentEventRecord {
  /** Global order of the ledger (1, 2, ...). */
  seq: number;
  /** Unique id, also in the audit record (`consentId`). */
  id: string;
  phone: E164;
  phoneRef: string;
  /** 1 for the number's first event, then 2, 3...: (phone, revision) is unique. */
  revision: number;
  event: ConsentEventType;
  stateAfter: ConsentState;
  warningVersion: string | null;
  evidence: ConsentEvidence;
  actor: string;
  /** When the ledger recorded it (ISO 8601 UTC). */
  ts: string;
}

export interface RecordedConsent {
  record: ConsentEventRecord;
  status: ConsentStatus;
  /** The matching audit record. */
  audit: AuditRecord;
}

/** A warning text as the ledger keeps it: once per version. */
export interface StoredWarning {
  version: string;
  language: string;
  text: string;
  /** When the ledger first recorded a warning_sent with this version. */
  firstSentAt: string;
}

export interface ConsentHistory {
  phone: E164;
  phoneRef: string;
  status: ConsentStatus;
  /** Oldest first. */
  events: ConsentEventRecord[];
  /** The texts of the versions the events name. */
  warnings: StoredWarning[];
}

/** One line of an export: the warning texts first, then every event in ledger order. */
export type ConsentExportItem = ({ type: "warning" } & StoredWarning) | ({ type: "event" } & ConsentEventRecord);

export interface ConsentVerifyReport {
  ok: boolean;
  numbers: number;
  events: number;
  /** Located by phone reference, never by number. */
  problems: { phoneRef: string | null; message: string }[];
}

/**
 * The consent ledger (runtime/consent implements it on SQLite and PostgreSQL). Rules for
 * implementations:
 * - Reads that cannot be answered throw ConsentUnavailableError, never a default state: the
 *   SMS gate fails closed on it.
 * - record() validates the event against the number's current state under a per-number
 *   write lock, and stores the event, the new state and its audit record all or nothing.
 */
export interface ConsentLedger {
  /** The number's status; INITIAL_STATUS (unknown) when the ledger has no event for it. */
  currentState(phone: E164): Promise<ConsentStatus>;
  record(input: RecordConsentInput): Promise<RecordedConsent>;
  history(phone: E164): Promise<ConsentHistory>;
  /** The exact text of a warning version, or null when the ledger never sent it. */
  warningText(version: string): Promise<StoredWarning | null>;
  exportAll(options?: { pageSize?: number }): AsyncGenerator<ConsentExportItem>;
  /** Refolds every number's events and compares them with the stored states and warning texts. */
  verify(): Promise<ConsentVerifyReport>;
  phoneRef(phone: E164): string;
  close(): Promise<void>;
}

import { CheckFailedError, InputError } from "../errors.ts";
import type { ConsentEventType, ConsentState } from "./stateNames.ts";

/** Why a transition was refused; stable codes that callers and tests can branch on. */
export type TransitionRefusal =
  /** The event cannot happen in this state at all (accepting without a warning). */
  | "not_allowed"
  /** The reply or reminder names another warning version than the one last sent. */
  | "version_mismatch"
  /** The acknowledgment names another warning message than the one last sent. */
  | "warning_mismatch"
  /** A new warning was sent with the very version already outstanding or accepted. */
  | "same_version"
  /** The policy's `sms.consent.maxReminders` reminders were already sent. */
  | "reminder_limit";

/**
 * An impossible consent transition (accepting without a warning, a warning to an opted-out
 * number). Bad input for the state the number is in: exit code 2. Messages name states and
 * events only, never the phone number.
 */
export class ConsentTransitionError extends InputError {
  readonly from: ConsentState;
  readonly event: ConsentEventType;
  readonly refusal: TransitionRefusal;

  constructor(from: ConsentState, event: ConsentEventType, refusal: TransitionRefusal, why: string) {
    super(`consent: cannot record ${event} in state ${from}: ${why}`);
    this.from = from;
    this.event = event;
    this.refusal = refusal;
  }
}

/**
 * The number's consent moved since the writer read it (another process recorded an event
 * first). The writer must read the state again and decide anew; nothing was recorded.
 */
export class ConsentConflictError extends CheckFailedError {
  readonly expectedRevision: number | null;
  readonly actualRevision: number | null;

  constructor(expectedRevision: number | null, actualRevision: number | null) {
    super(
      expectedRevision === null
        ? "consent: another writer recorded an event for this number at the same time; read the state again"
        : `consent: the number's consent changed (revision ${actualRevision ?? "?"}, expected ${expectedRevision}); read the state again`,
    );
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }
}

/**
 * The consent ledger cannot answer (closed, unreachable, or its state disagrees with its
 * events). Callers fail closed: no PHI, and nothing recorded.
 */
export class ConsentUnavailableError extends CheckFailedError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`consent ledger unavailable: ${message}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * Errors that carry the CLI contract's exit codes (DESIGN.md): 2 for bad usage or bad input,
 * 1 for a check that ran and failed. Messages name the field, line or parameter and never
 * include message text or other PHI.
 */
export class WardroomError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad usage or bad input: a missing file, a malformed policy, a busy port. Exit code 2. */
export class InputError extends WardroomError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A check ran to completion and found a problem (a broken audit chain). Exit code 1. */
export class CheckFailedError extends WardroomError {
  constructor(message: string) {
    super(message, 1);
  }
}

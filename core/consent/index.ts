/** Consent to SMS after the risk warning: the state machine, warnings, replies, evidence and the ledger's interface. */
export * from "./states.ts";
export * from "./errors.ts";
export * from "./evidence.ts";
export * from "./policy.ts";
export * from "./warnings.ts";
export * from "./replies.ts";
export * from "./phoneRef.ts";
export * from "./auditActions.ts";
export * from "./ledger.ts";

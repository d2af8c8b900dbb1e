export * from "./wipe.ts";
export { SimulatedAccountActions } from "./SimulatedAccountActions.ts";
export * from "./idleSweep.ts";
export * from "./breakGlass.ts";
export { wipeAuditEntries } from "./wipeAudit.ts";

export * from "./wipe.ts";
export { SimulatedAccountActions } from "./SimulatedAccountActions.ts";

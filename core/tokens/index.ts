export * from "./scopes.ts";
export * from "./tokenFormat.ts";
export * from "./tokenDecision.ts";

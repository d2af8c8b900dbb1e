import type { Command } from "commander";
import { registerPolicyCommands } from "./policy.ts";
import { registerLocalCommands } from "./local.ts";
import { registerAuditCommands } from "./audit.ts";
import { registerConsentCommands } from "./consent.ts";
import { registerPhiCommands } from "./phi.ts";

/** Every CLI command group, registered explicitly. */
export function registerCommands(program: Command): void {
  registerPolicyCommands(program);
  registerLocalCommands(program);
  registerAuditCommands(program);
  registerConsentCommands(program);
  registerPhiCommands(program);
}

import type { Command } from "commander";
import { registerPolicyCommands } from "./policy.ts";
import { registerLocalCommands } from "./local.ts";
import { registerAuditCommands } from "./audit.ts";
import { registerConsentCommands } from "./consent.ts";
import { registerPhiCommands } from "./phi.ts";
import { registerWipeCommands } from "./wipe.ts";
import { registerAccountCommands } from "./accounts.ts";

/** Every CLI command group, registered explicitly. */
export function registerCommands(program: Command): void {
  registerPolicyCommands(program);
  registerLocalCommands(program);
  registerAuditCommands(program);
  registerConsentCommands(program);
  registerPhiCommands(program);
  registerWipeCommands(program);
  registerAccountCommands(program);
}

import { z } from "zod";
import { loadConfigFile } from "./loadConfigFile.ts";

/**
 * The compliance bot's configuration file (JSON or YAML, mode 0600): written by the local
 * stack (and the Pulumi program), read by bots/compliance/main.ts.
 */
export const ComplianceBotConfigSchema = z.strictObject({
  homeserverUrl: z.url(),
  serverName: z.string().min(1),
  userId: z.string().regex(/^@[^:]+:.+$/, "must be a Matrix user id"),
  passwordFile: z.string().min(1),
  bridgeUrl: z.url(),
  controlToken: z.string().min(16),
  /** Break-glass (`!breakglass`): where the grants, the roles and the audit ledger are, and the policy. */
  breakGlass: z
    .strictObject({
      storeUrl: z.string().min(1),
      directoryUrl: z.string().min(1),
      auditUrl: z.string().min(1),
      policyFile: z.string().min(1),
    })
    .optional(),
  /**
   * Blocked-message notices (the bridge's `blockedNotices: compliance_bot`): the bot reads
   * `sms.blocked` from this audit ledger and tells each sender in an encrypted room of theirs.
   * Absent: the bot sends none (the bridge uses Synapse's server notices).
   */
  blockedNotices: z.strictObject({ auditUrl: z.string().min(1) }).optional(),
});

export type ComplianceBotConfig = z.infer<typeof ComplianceBotConfigSchema>;

export function loadComplianceBotConfig(file: string): ComplianceBotConfig {
  return loadConfigFile(file, ComplianceBotConfigSchema, "compliance bot config");
}

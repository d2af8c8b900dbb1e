import { z } from "zod";
import { loadConfigFile } from "./loadConfigFile.ts";

/**
 * The lifecycle bot's configuration file (JSON or YAML, mode 0600: it names a password file):
 * written by the local stack and the Pulumi program, read by bots/lifecycle/main.ts.
 */
export const LifecycleBotConfigSchema = z.strictObject({
  homeserverUrl: z.url(),
  serverName: z.string().min(1),
  userId: z.string().regex(/^@[^:]+:.+$/),
  passwordFile: z.string().min(1),
  policyFile: z.string().min(1),
  auditUrl: z.string().min(1),
  breakGlassUrl: z.string().min(1),
  directoryUrl: z.string().min(1),
});

export type LifecycleBotConfig = z.infer<typeof LifecycleBotConfigSchema>;

export function loadLifecycleBotConfig(file: string): LifecycleBotConfig {
  return loadConfigFile(file, LifecycleBotConfigSchema, "lifecycle bot config");
}

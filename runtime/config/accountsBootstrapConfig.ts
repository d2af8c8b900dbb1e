import { z } from "zod";
import { ROLES } from "../../core/roles/index.ts";
import { loadConfigFile } from "./loadConfigFile.ts";

/**
 * The account bootstrap's configuration (runtime/bootstrap/accountsMain.ts): the Matrix
 * accounts the apps sign in as, registered with Synapse's shared secret. Written by the Pulumi
 * program (the `accounts` container of the Synapse main task); every secret is a file.
 */
export const AccountsBootstrapConfigSchema = z.strictObject({
  homeserverUrl: z.url(),
  serverName: z.string().min(1),
  sharedSecretFile: z.string().min(1),
  /** The role directory the accounts' roles go to (the one every process reads). */
  directoryUrl: z.string().min(1),
  accounts: z
    .array(
      z.strictObject({
        localpart: z.string().regex(/^[a-z0-9._=\-/]+$/),
        displayName: z.string().min(1),
        passwordFile: z.string().min(1),
        serverAdmin: z.boolean(),
        roles: z.array(z.enum(ROLES)).default([]),
      }),
    )
    .min(1),
  /** How long to wait for the homeserver to answer before giving up (ECS runs it again at the next deployment). */
  waitSeconds: z.number().int().positive().default(600),
});

export type AccountsBootstrapConfig = z.infer<typeof AccountsBootstrapConfigSchema>;

export function loadAccountsBootstrapConfig(file: string): AccountsBootstrapConfig {
  return loadConfigFile(file, AccountsBootstrapConfigSchema, "account bootstrap config");
}

import { z } from "zod";
import { loadConfigFile } from "./loadConfigFile.ts";

/**
 * The SCIM provisioning service's configuration (admin-console/scim/main.ts): written by the
 * Pulumi program; the local stack runs the same service in its own process (infra/local/scim.ts).
 */
export const ScimConfigSchema = z.strictObject({
  listen: z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }),
  /** The absolute URL the identity provider is given, ending in /scim/v2 (resources' meta.location). */
  publicUrl: z.url(),
  homeserverUrl: z.url(),
  serverName: z.string().min(1),
  serviceAccount: z.strictObject({ userId: z.string().regex(/^@[^:]+:.+$/), passwordFile: z.string().min(1) }),
  /** The bearer token the identity provider sends. */
  tokenFile: z.string().min(1),
  /** The token of Synapse's login hook (roles from the group claim); absent: no hook. */
  ssoHookTokenFile: z.string().min(1).optional(),
  directoryUrl: z.string().min(1),
  auditUrl: z.string().min(1),
  policyFile: z.string().min(1),
});

export type ScimConfig = z.infer<typeof ScimConfigSchema>;

export function loadScimConfig(file: string): ScimConfig {
  return loadConfigFile(file, ScimConfigSchema, "SCIM config");
}

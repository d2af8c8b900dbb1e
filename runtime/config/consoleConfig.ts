import { z } from "zod";
import { loadConfigFile } from "./loadConfigFile.ts";

/**
 * The admin console's configuration file (JSON or YAML, mode 0600: it names secret files):
 * written by the local stack (and the Pulumi program), read by admin-console/main.ts.
 */
export const ConsoleConfigSchema = z.strictObject({
  listen: z.strictObject({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }),
  /** How browsers reach the console (its own origin: the Origin check and the OIDC redirect). */
  publicUrl: z.url(),
  homeserverUrl: z.url(),
  serverName: z.string().min(1),
  /** The console's service account: a Synapse server admin (device deletion, locking). */
  serviceAccount: z.strictObject({ userId: z.string().regex(/^@[^:]+:.+$/, "must be a Matrix user id"), passwordFile: z.string().min(1) }),
  /** Signs the session cookie; made once by the deployment. */
  sessionSecretFile: z.string().min(1),
  /** Where sessions are stored: sqlite:/path or postgres://. */
  sessionsUrl: z.string().min(1),
  auditUrl: z.string().min(1),
  directoryUrl: z.string().min(1),
  policyFile: z.string().min(1),
  /** The review pages' ledgers and the API tokens (default: $WARDROOM_CONSENT_URL etc., else the state directory). */
  consentUrl: z.string().min(1).optional(),
  breakGlassUrl: z.string().min(1).optional(),
  tokensUrl: z.string().min(1).optional(),
  /** Journals of wipes started in the console (a restart resumes them). */
  wipeJournalDir: z.string().min(1),
  /** Where the console's wipe jobs are kept (sqlite:/path or postgres://; default: sessionsUrl, a table of its own). */
  wipeJobsUrl: z.string().min(1).optional(),
  loginRateLimit: z.strictObject({ windowMs: z.number().int().min(1000), limit: z.number().int().min(1).max(10_000) }).default({ windowMs: 15 * 60_000, limit: 20 }),
  /** Behind a TLS-terminating load balancer. */
  trustProxy: z.boolean().default(false),
  /** The console as an OpenID Connect client of the organisation's provider. */
  oidc: z
    .strictObject({
      issuer: z.url(),
      clientId: z.string().min(1),
      clientSecretFile: z.string().min(1),
      /** What to ask the provider for (default: the policy's identity.sso.scopes). */
      scopes: z.array(z.string().min(1)).min(1).optional(),
      /** Only for the local stack's development provider on http://127.0.0.1. */
      allowHttp: z.boolean().default(false),
    })
    .optional(),
  /** The break-glass administrator: the account's password plus TOTP. */
  breakGlass: z.strictObject({ userId: z.string().regex(/^@[^:]+:.+$/, "must be a Matrix user id"), totpSecretFile: z.string().min(1) }).optional(),
});

export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

export function loadConsoleConfig(file: string): ConsoleConfig {
  return loadConfigFile(file, ConsoleConfigSchema, "console config");
}

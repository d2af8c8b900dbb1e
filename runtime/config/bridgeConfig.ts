import { z } from "zod";
import { loadConfigFile } from "./loadConfigFile.ts";

/**
 * The bridge process's configuration file (JSON or YAML, mode 0600: it holds tokens). The
 * local stack and the Pulumi program write it, the bridge reads it; so its schema lives here,
 * where both can import it. `policyFile` points at the organisation's policy.
 */
const ProviderConfig = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("simulator"), baseUrl: z.url(), secret: z.string().min(16) }),
  z.strictObject({
    kind: z.literal("twilio"),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio Account SID (AC + 32 hex digits)"),
    authToken: z.string().min(16),
    apiKey: z.strictObject({ sid: z.string().min(1), secret: z.string().min(1) }).optional(),
    baseUrl: z.url().optional(),
    messagingServiceSid: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal("aws"),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as "us-east-1"'),
    topicArn: z.string().startsWith("arn:aws:sns:"),
    originationIdentity: z.string().min(1),
    endpoint: z.url().optional(),
    configurationSetName: z.string().optional(),
  }),
]);

export const BridgeConfigSchema = z.strictObject({
  homeserverUrl: z.url(),
  serverName: z.string().min(1),
  appserviceId: z.string().min(1),
  asToken: z.string().min(16),
  hsToken: z.string().min(16),
  botLocalpart: z.string().regex(/^[a-z0-9._=/-]+$/),
  listen: z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }),
  publicBaseUrl: z.url(),
  complianceBotUserId: z.string().regex(/^@[^:]+:.+$/).optional(),
  /** Shared with the compliance bot (and the console): authenticates the control API. */
  controlToken: z.string().min(16),
  /** Extra care-team members besides the role directory's (empty in the local stack). */
  careTeam: z.array(z.string().regex(/^@[^:]+:.+$/, "must be a Matrix user id")),
  /** The one role directory (runtime/roles/SqlRoleDirectory.ts), read at every message. */
  directoryUrl: z.string().min(1).optional(),
  policyFile: z.string().min(1),
  /**
   * How the sender of a blocked message is told: `server_notice` (Synapse's server notices:
   * a private room, but unencrypted, as Synapse has no keys) or `compliance_bot` (the bridge
   * only records `sms.blocked`; the compliance bot, configured with \`blockedNotices\`, tells
   * the sender in an end-to-end encrypted room). The local stack uses `compliance_bot`.
   */
  blockedNotices: z.enum(["server_notice", "compliance_bot"]).default("server_notice"),
  databases: z.strictObject({ bridge: z.string().min(1), audit: z.string().min(1), consent: z.string().min(1) }),
  provider: ProviderConfig,
});

export type BridgeConfig = z.infer<typeof BridgeConfigSchema>;
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export function loadBridgeConfig(file: string): BridgeConfig {
  return loadConfigFile(file, BridgeConfigSchema, "bridge config");
}

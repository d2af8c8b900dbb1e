import { secretRef } from "./containerFiles.ts";

/**
 * Each app's config file for its ECS task, rendered from plain values (so a test can parse it
 * with the schema the process loads: test/unit/infra/appConfigs.test.ts). Secrets appear only
 * as `${secret:NAME}` placeholders, in the config or as the whole content of a secret file the
 * entrypoint writes (mode 0600); APP_SECRET_NAMES lists which secrets each app's task needs.
 */

export const CONFIG_DIR = "/run/wardroom";
const SECRET_DIR = `${CONFIG_DIR}/secrets`;
const POLICY_FILE = "/app/policies/hipaa.yaml";
const RDS_TLS = "sslmode=verify-full&sslrootcert=/etc/ssl/certs/rds-global-bundle.pem";

/** The Matrix accounts the apps sign in as (registered by the `accounts` bootstrap: accountsBootstrapFiles). */
export const SERVICE_LOCALPART = "wardroom-service";
export const BREAK_GLASS_LOCALPART = "wardroom-breakglass";
/** The console's wipe journals: on the encrypted EFS file system mounted into the console task. */
export const WIPE_JOURNAL_DIR = "/data/wipes";

export interface AppConfigValues {
  domain: string;
  consoleDomain: string;
  serverName: string;
  dbHost: string;
  appserviceId: string;
  ports: { bridge: number; console: number; scim: number };
  /** The bridge's SMS provider block (aws or twilio), placeholders for its secrets. */
  provider: Record<string, unknown>;
  /** The console's OpenID client, when single sign-on is on. */
  consoleOidc?: { issuer: string; clientId: string; scopes?: string[] };
  /**
   * SCIM serves Synapse's SSO login hook (roles from the group claim at each login), with
   * the token in secret SSO_HOOK_TOKEN: on when single sign-on is on.
   */
  ssoLoginHook?: boolean;
}

export interface AppTaskFiles {
  /** Path -> content, for WARDROOM_FILES; the first is the config file. */
  files: Record<string, string>;
  configFile: string;
}

const postgres = (v: Pick<AppConfigValues, "dbHost">, user: string, secret: string, db: string) => `postgres://${user}:${secretRef(secret)}@${v.dbHost}:5432/${db}?${RDS_TLS}`;
// The bridge, consent, sessions, directory, tokens and break-glass stores share the app database
// (each has its own tables); the audit ledger is its own database, written by an append-only role.
const appDb = (v: Pick<AppConfigValues, "dbHost">) => postgres(v, "wardroom_app", "DB_APP", "wardroom");
const auditDb = (v: Pick<AppConfigValues, "dbHost">) => postgres(v, "wardroom_audit_writer", "DB_AUDIT_WRITER", "wardroom_audit");
const userId = (v: Pick<AppConfigValues, "serverName">, localpart: string) => `@${localpart}:${v.serverName}`;
const secretFile = (name: string) => `${SECRET_DIR}/${name.toLowerCase().replace(/_/g, "-")}`;
const homeserverUrl = (v: Pick<AppConfigValues, "domain">) => `https://${v.domain}`;
/** The lifecycle bot's copy of the HMAC key its checkpoints are sealed with ($WARDROOM_AUDIT_ANCHOR_KEY_FILE). */
export const AUDIT_ANCHOR_KEY_FILE = secretFile("AUDIT_ANCHOR_KEY");

export function bridgeConfig(v: AppConfigValues): Record<string, unknown> {
  return {
    homeserverUrl: homeserverUrl(v),
    serverName: v.serverName,
    appserviceId: v.appserviceId,
    asToken: secretRef("AS_TOKEN"),
    hsToken: secretRef("HS_TOKEN"),
    botLocalpart: "sms-bridge",
    listen: { host: "127.0.0.1", port: v.ports.bridge },
    publicBaseUrl: homeserverUrl(v),
    complianceBotUserId: userId(v, SERVICE_LOCALPART),
    controlToken: secretRef("CONTROL_TOKEN"),
    careTeam: [],
    directoryUrl: appDb(v),
    policyFile: POLICY_FILE,
    databases: { bridge: appDb(v), consent: appDb(v), audit: auditDb(v) },
    provider: v.provider,
    // Blocked-message notices go end-to-end encrypted from the compliance bot (its
    // `blockedNotices` below), not as Synapse's unencrypted server notices.
    blockedNotices: "compliance_bot",
  };
}

export function complianceConfig(v: AppConfigValues): Record<string, unknown> {
  return {
    homeserverUrl: homeserverUrl(v),
    serverName: v.serverName,
    userId: userId(v, SERVICE_LOCALPART),
    passwordFile: secretFile("SERVICE_PASSWORD"),
    // The bridge's control API, through the internal load balancer (a VPC-only listener rule).
    bridgeUrl: homeserverUrl(v),
    controlToken: secretRef("CONTROL_TOKEN"),
    breakGlass: { storeUrl: appDb(v), directoryUrl: appDb(v), auditUrl: auditDb(v), policyFile: POLICY_FILE },
    // The bridge's blockedNotices is compliance_bot: the bot tells senders from the audit ledger.
    blockedNotices: { auditUrl: auditDb(v) },
  };
}

export function lifecycleConfig(v: AppConfigValues): Record<string, unknown> {
  return {
    homeserverUrl: homeserverUrl(v),
    serverName: v.serverName,
    userId: userId(v, SERVICE_LOCALPART),
    passwordFile: secretFile("SERVICE_PASSWORD"),
    policyFile: POLICY_FILE,
    auditUrl: auditDb(v),
    breakGlassUrl: appDb(v),
    directoryUrl: appDb(v),
  };
}

export function consoleConfig(v: AppConfigValues): Record<string, unknown> {
  return {
    listen: { host: "127.0.0.1", port: v.ports.console },
    publicUrl: `https://${v.consoleDomain}`,
    homeserverUrl: homeserverUrl(v),
    serverName: v.serverName,
    serviceAccount: { userId: userId(v, SERVICE_LOCALPART), passwordFile: secretFile("SERVICE_PASSWORD") },
    sessionSecretFile: secretFile("CONSOLE_SESSION_SECRET"),
    sessionsUrl: appDb(v),
    auditUrl: auditDb(v),
    directoryUrl: appDb(v),
    policyFile: POLICY_FILE,
    consentUrl: appDb(v),
    breakGlassUrl: appDb(v),
    tokensUrl: appDb(v),
    // On EFS (KMS, TLS in transit): a wipe interrupted by a task replacement resumes in the next task.
    wipeJournalDir: WIPE_JOURNAL_DIR,
    // The ALB terminates the browser's TLS and sets X-Forwarded-*; only it reaches the task.
    trustProxy: true,
    ...(v.consoleOidc ? { oidc: { issuer: v.consoleOidc.issuer, clientId: v.consoleOidc.clientId, clientSecretFile: secretFile("CONSOLE_OIDC_CLIENT_SECRET"), ...(v.consoleOidc.scopes ? { scopes: v.consoleOidc.scopes } : {}) } } : {}),
    breakGlass: { userId: userId(v, BREAK_GLASS_LOCALPART), totpSecretFile: secretFile("BREAKGLASS_TOTP") },
  };
}

export function scimConfig(v: AppConfigValues): Record<string, unknown> {
  return {
    listen: { host: "127.0.0.1", port: v.ports.scim },
    publicUrl: `${homeserverUrl(v)}/scim/v2`,
    homeserverUrl: homeserverUrl(v),
    serverName: v.serverName,
    serviceAccount: { userId: userId(v, SERVICE_LOCALPART), passwordFile: secretFile("SERVICE_PASSWORD") },
    tokenFile: secretFile("SCIM_TOKEN"),
    ...(v.ssoLoginHook ? { ssoHookTokenFile: secretFile("SSO_HOOK_TOKEN") } : {}),
    directoryUrl: appDb(v),
    auditUrl: auditDb(v),
    policyFile: POLICY_FILE,
  };
}

/**
 * The one-off account bootstrap (runtime/bootstrap/accountsMain.ts), a container of the
 * Synapse main task: the service account the bots, the console and SCIM sign in as, and the
 * console's break-glass administrator (role admin), both server admins. The SMS bridge's
 * appservice needs no account: Synapse loads its registration file (homeserver.ts).
 */
export type AccountsBootstrapValues = Pick<AppConfigValues, "domain" | "serverName" | "dbHost">;

export function accountsBootstrapConfig(v: AccountsBootstrapValues): Record<string, unknown> {
  return {
    homeserverUrl: homeserverUrl(v),
    serverName: v.serverName,
    sharedSecretFile: secretFile("REGISTRATION_SHARED_SECRET"),
    directoryUrl: appDb(v),
    accounts: [
      { localpart: SERVICE_LOCALPART, displayName: "Wardroom", passwordFile: secretFile("SERVICE_PASSWORD"), serverAdmin: true, roles: [] },
      { localpart: BREAK_GLASS_LOCALPART, displayName: "Wardroom break-glass administrator", passwordFile: secretFile("BREAKGLASS_PASSWORD"), serverAdmin: true, roles: ["admin"] },
    ],
  };
}

/** The audit drain (runtime/audit/spoolDrainMain.ts): Synapse's audit spool into the ledger. */
export function auditDrainConfig(v: AppConfigValues): Record<string, unknown> {
  return { homeserverUrl: homeserverUrl(v), drainTokenFile: secretFile("AUDIT_DRAIN_TOKEN"), auditUrl: auditDb(v) };
}

export type AppKind = "sms-bridge" | "compliance" | "lifecycle" | "console" | "scim" | "audit-drain";

/** The secrets each app's files hold, as files of their own (the placeholder is the content). */
const SECRET_FILES: Record<AppKind, (v: AppConfigValues) => string[]> = {
  "sms-bridge": () => [],
  compliance: () => ["SERVICE_PASSWORD"],
  lifecycle: () => ["SERVICE_PASSWORD", "AUDIT_ANCHOR_KEY"],
  console: (v) => ["SERVICE_PASSWORD", "CONSOLE_SESSION_SECRET", "BREAKGLASS_TOTP", ...(v.consoleOidc ? ["CONSOLE_OIDC_CLIENT_SECRET"] : [])],
  scim: (v) => ["SERVICE_PASSWORD", "SCIM_TOKEN", ...(v.ssoLoginHook ? ["SSO_HOOK_TOKEN"] : [])],
  "audit-drain": () => ["AUDIT_DRAIN_TOKEN"],
};

const RENDER: Record<AppKind, (v: AppConfigValues) => Record<string, unknown>> = {
  "sms-bridge": bridgeConfig,
  compliance: complianceConfig,
  lifecycle: lifecycleConfig,
  console: consoleConfig,
  scim: scimConfig,
  "audit-drain": auditDrainConfig,
};

/** The config file and secret files of one app's task. */
export function appTaskFiles(app: AppKind, v: AppConfigValues): AppTaskFiles {
  const configFile = `${CONFIG_DIR}/${app}.json`;
  const files: Record<string, string> = { [configFile]: JSON.stringify(RENDER[app](v), null, 2) };
  for (const name of SECRET_FILES[app](v)) files[secretFile(name)] = secretRef(name);
  return { files, configFile };
}

/** The secrets the account bootstrap reads, each a file of its own. */
export const ACCOUNTS_SECRET_NAMES = ["REGISTRATION_SHARED_SECRET", "SERVICE_PASSWORD", "BREAKGLASS_PASSWORD", "DB_APP"] as const;

/** The config file and secret files of the `accounts` bootstrap container (homeserver.ts). */
export function accountsTaskFiles(v: AccountsBootstrapValues): AppTaskFiles {
  const configFile = `${CONFIG_DIR}/accounts.json`;
  const files: Record<string, string> = { [configFile]: JSON.stringify(accountsBootstrapConfig(v), null, 2) };
  for (const name of ["REGISTRATION_SHARED_SECRET", "SERVICE_PASSWORD", "BREAKGLASS_PASSWORD"]) files[secretFile(name)] = secretRef(name);
  return { files, configFile };
}

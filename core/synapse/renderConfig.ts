import { stringify } from "yaml";
import type { Policy, RoomKind } from "../policy/index.ts";
import { clientWellKnownContent } from "./clientGuidance.ts";
import { loginPolicyModule, renderOidcProviders, type OidcDeployment } from "./oidc.ts";

/**
 * Renders Synapse's homeserver.yaml from the policy plus where and how this deployment runs.
 * One renderer for every deployment: the local stack uses it now, the Pulumi program later.
 * Everything HIPAA-relevant comes from the policy; the deployment only says where things live.
 */

export type SynapseDatabase =
  | { kind: "sqlite"; path: string }
  | {
      kind: "postgres";
      host: string;
      port: number;
      user: string;
      /** Absent: libpq reads PGPASSWORD (how the AWS tasks get it, from Secrets Manager). */
      password?: string;
      database: string;
      /** libpq's sslmode and CA bundle (RDS with rds.force_ssl: verify-full against the RDS CA). */
      sslmode?: "require" | "verify-full";
      sslrootcert?: string;
      /**
       * Connections each Synapse process keeps (default 2..10). Worker mode runs one pool per
       * process, so one machine's PostgreSQL (100 connections by default) needs smaller ones.
       */
      pool?: { min: number; max: number };
    };

/** Secrets inline (the local stack writes the file itself) or as files Synapse reads at start. */
export type SynapseSecretSettings =
  | { registrationSharedSecret: string; macaroonSecretKey: string; formSecret: string }
  | { paths: { registrationSharedSecret: string; macaroonSecretKey: string; formSecret: string } };

export interface SynapseDeployment {
  /** The URL clients use, e.g. https://matrix.example.org/ or http://127.0.0.1:8008/. */
  publicBaseUrl: string;
  clientListener: {
    port: number;
    bindAddresses: string[];
    /** TLS on the listener itself (AWS: the load balancer speaks TLS to the tasks). */
    tls?: { certificatePath: string; privateKeyPath: string };
  };
  /** Prometheus metrics, on a private listener only. */
  metricsListener: { port: number; bindAddresses: string[] };
  database: SynapseDatabase;
  mediaStorePath: string;
  signingKeyPath: string;
  logConfigPath: string;
  pidFile?: string;
  secrets: SynapseSecretSettings;
  /** Application service registration files (the SMS bridge). */
  appServiceConfigFiles: string[];
  /**
   * The SMS bridge's appservice id: enables Wardroom's Synapse module (infra/synapse/modules),
   * which lets that appservice alone create unencrypted SMS portal rooms.
   */
  smsBridgeAppserviceId?: string;
  /**
   * Enables Wardroom's homeserver policy module (guardrails on rooms, the audit spool):
   * the file holding the token the audit drain (runtime/audit/SpoolDrain.ts) presents.
   */
  auditDrainTokenFile?: string;
  redis?: { host: string; port: number; useTls?: boolean; passwordPath?: string };
  /** Synapse media storage providers (AWS: synapse-s3-storage-provider). */
  mediaStorageProviders?: Record<string, unknown>[];
  /** The organisation's OpenID Connect provider, when the policy turns single sign-on on. */
  oidc?: OidcDeployment;
  /**
   * "production" keeps Synapse's rate limits; "local" raises them so one machine can run the
   * test suite's bursts of logins, room creation and messages.
   */
  rateLimits: "production" | "local";
  /**
   * bcrypt cost of new password hashes; Synapse's default (12) unless set. Only benchmarks
   * lower it, so that they measure the path under test rather than password hashing.
   */
  bcryptRounds?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `m.room.retention` content for a kind of room (what bots put in each room's state). */
export function retentionStateFor(policy: Policy, kind: RoomKind): { min_lifetime: number; max_lifetime: number } {
  const rule = policy.retention[kind];
  return { min_lifetime: rule.minLifetimeDays * DAY_MS, max_lifetime: rule.maxLifetimeDays * DAY_MS };
}

function retentionConfig(policy: Policy): Record<string, unknown> {
  const kinds = Object.values(policy.retention).filter((v): v is Policy["retention"]["clinical"] => typeof v === "object");
  const minDays = Math.min(...kinds.map((k) => k.minLifetimeDays));
  const maxDays = Math.max(...kinds.map((k) => k.maxLifetimeDays));
  return {
    enabled: true,
    // Rooms without an m.room.retention event get the clinical policy: staff rooms are the
    // default kind of room, and nothing should be kept forever by accident.
    default_policy: {
      min_lifetime: `${policy.retention.clinical.minLifetimeDays}d`,
      max_lifetime: `${policy.retention.clinical.maxLifetimeDays}d`,
    },
    allowed_lifetime_min: `${minDays}d`,
    allowed_lifetime_max: `${maxDays}d`,
    purge_jobs: [{ interval: `${policy.retention.purgeIntervalHours}h` }],
  };
}

/**
 * The config of wardroom_synapse.HomeserverPolicy (infra/synapse/modules): the policy's room
 * guardrails, the retention of each kind of room, and where the drain token is.
 */
export function homeserverPolicyConfig(policy: Policy, d: Pick<SynapseDeployment, "smsBridgeAppserviceId">, drainTokenFile: string): Record<string, unknown> {
  const r = policy.rooms;
  return {
    sms_bridge_appservice_id: d.smsBridgeAppserviceId ?? "",
    server_notices_user: `@${SERVER_NOTICES_LOCALPART}:${policy.homeserver.serverName}`,
    guardrails: {
      require_encryption: r.requireEncryption,
      allowed_join_rules: r.allowedJoinRules,
      allow_guest_access: r.allowGuestAccess,
      allow_world_readable: r.allowWorldReadable,
      allow_directory_publication: r.allowDirectoryPublication,
      admin_marker: r.adminMarker,
      retention: {
        clinical: retentionStateFor(policy, "clinical"),
        sms: retentionStateFor(policy, "sms"),
        admin: retentionStateFor(policy, "admin"),
      },
    },
    audit: { drain_token_file: drainTokenFile },
    retention_sweep_seconds: r.retentionSweepMinutes * 60,
  };
}

const SERVER_NOTICES_LOCALPART = "wardroom-notices";

const LOCAL_RATE_LIMITS = {
  rc_message: { per_second: 1000, burst_count: 1000 },
  rc_registration: { per_second: 1000, burst_count: 1000 },
  rc_login: {
    address: { per_second: 1000, burst_count: 1000 },
    account: { per_second: 1000, burst_count: 1000 },
    failed_attempts: { per_second: 1000, burst_count: 1000 },
  },
  rc_joins: { local: { per_second: 1000, burst_count: 1000 } },
  rc_joins_per_room: { per_second: 1000, burst_count: 1000 },
  rc_invites: {
    per_room: { per_second: 1000, burst_count: 1000 },
    per_user: { per_second: 1000, burst_count: 1000 },
    per_issuer: { per_second: 1000, burst_count: 1000 },
  },
  rc_room_creation: { per_second: 1000, burst_count: 1000 },
  rc_admin_redaction: { per_second: 1000, burst_count: 1000 },
};

export function renderSynapseConfig(policy: Policy, d: SynapseDeployment): Record<string, unknown> {
  const fed = policy.homeserver.federation;
  const database =
    d.database.kind === "sqlite"
      ? { name: "sqlite3", args: { database: d.database.path } }
      : {
          name: "psycopg2",
          args: {
            user: d.database.user,
            ...(d.database.password ? { password: d.database.password } : {}),
            dbname: d.database.database,
            host: d.database.host,
            port: d.database.port,
            cp_min: d.database.pool?.min ?? 2,
            cp_max: d.database.pool?.max ?? 10,
            ...(d.database.sslmode ? { sslmode: d.database.sslmode } : {}),
            ...(d.database.sslrootcert ? { sslrootcert: d.database.sslrootcert } : {}),
          },
        };

  // The client listener serves only the client and media APIs: no `federation` or `keys`
  // resource unless the policy allow-lists federation.
  const clientResources = fed.enabled ? ["client", "federation"] : ["client"];
  const modules: Array<{ module: string; config: Record<string, unknown> }> = [];
  if (d.smsBridgeAppserviceId) modules.push({ module: "wardroom_synapse.SmsPortalRooms", config: { appservice_id: d.smsBridgeAppserviceId } });
  if (d.auditDrainTokenFile) modules.push({ module: "wardroom_synapse.HomeserverPolicy", config: homeserverPolicyConfig(policy, d, d.auditDrainTokenFile) });
  // Lists idle devices in pages for the lifecycle bot's automatic logoff (server admins only).
  modules.push({ module: "wardroom_synapse.idle_devices.IdleDevices", config: {} });
  // Carries out break-glass grants and their end (server admins only; decided and audited by Wardroom).
  modules.push({ module: "wardroom_synapse.break_glass.BreakGlassAccess", config: {} });
  // With single sign-on on, password logins only for the accounts the policy names.
  modules.push(loginPolicyModule(policy, policy.homeserver.serverName));

  return {
    server_name: policy.homeserver.serverName,
    public_baseurl: d.publicBaseUrl,
    pid_file: d.pidFile,
    report_stats: false,
    log_config: d.logConfigPath,
    signing_key_path: d.signingKeyPath,
    media_store_path: d.mediaStorePath,
    listeners: [
      {
        port: d.clientListener.port,
        bind_addresses: d.clientListener.bindAddresses,
        type: "http",
        tls: Boolean(d.clientListener.tls),
        x_forwarded: true,
        resources: [{ names: clientResources, compress: false }],
      },
      { port: d.metricsListener.port, bind_addresses: d.metricsListener.bindAddresses, type: "metrics" },
    ],
    ...(d.clientListener.tls
      ? { tls_certificate_path: d.clientListener.tls.certificatePath, tls_private_key_path: d.clientListener.tls.privateKeyPath }
      : {}),
    enable_metrics: true,
    database,
    ...(d.redis
      ? {
          redis: {
            enabled: true,
            host: d.redis.host,
            port: d.redis.port,
            ...(d.redis.useTls ? { use_tls: true } : {}),
            ...(d.redis.passwordPath ? { password_path: d.redis.passwordPath } : {}),
          },
        }
      : {}),
    ...(d.mediaStorageProviders ? { media_storage_providers: d.mediaStorageProviders } : {}),

    // Secrets: generated once per deployment, never committed.
    ...("paths" in d.secrets
      ? {
          registration_shared_secret_path: d.secrets.paths.registrationSharedSecret,
          macaroon_secret_key_path: d.secrets.paths.macaroonSecretKey,
          form_secret_path: d.secrets.paths.formSecret,
        }
      : {
          registration_shared_secret: d.secrets.registrationSharedSecret,
          macaroon_secret_key: d.secrets.macaroonSecretKey,
          form_secret: d.secrets.formSecret,
        }),

    // Keep PHI inside the organisation: no federation unless allow-listed, no key servers.
    federation_domain_whitelist: fed.enabled ? fed.allowDomains : [],
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    allow_public_rooms_over_federation: false,
    allow_public_rooms_without_auth: false,
    allow_profile_lookup_over_federation: false,

    // Every new room is end-to-end encrypted (SMS portal rooms opt out explicitly).
    encryption_enabled_by_default_for_room_type: "all",

    // Unique user identification: accounts come from administrators or SSO only.
    enable_registration: false,
    allow_guest_access: false,
    enable_3pid_lookup: false,

    // Clients find the homeserver, and Wardroom's guidance for their settings, here.
    serve_client_wellknown: true,
    extra_well_known_client_content: clientWellKnownContent(policy),

    // No third-party fetches of links that may carry PHI; no presence leaking activity.
    url_preview_enabled: false,
    presence: { enabled: false },
    push: { include_content: false },

    // Profiles and the directory only show people one already shares a room with.
    require_auth_for_profile_requests: true,
    limit_profile_requests_to_users_who_share_rooms: true,
    include_profile_data_on_invite: false,
    user_directory: { enabled: true, search_all_users: false, prefer_local_users: true },

    // Sessions: short access tokens refreshed by clients; an idle client cannot refresh
    // after the idle limit; every login ends after the absolute lifetime.
    refreshable_access_token_lifetime: `${policy.sessions.accessTokenMinutes}m`,
    refresh_token_lifetime: `${policy.sessions.idleLogoffMinutes}m`,
    session_lifetime: `${policy.sessions.sessionLifetimeHours}h`,

    retention: retentionConfig(policy),
    // Redacted content (e.g. PHI a clinician tried to text) is purged from the database soon.
    redaction_retention_period: "1d",
    forget_rooms_on_leave: true,

    // Private notices to one user (e.g. "your message was not texted: it contained PHI"), in
    // an unencrypted room Synapse creates; they never carry message text.
    server_notices: {
      system_mxid_localpart: SERVER_NOTICES_LOCALPART,
      system_mxid_display_name: "Wardroom notices",
      room_name: "Wardroom notices",
    },
    app_service_config_files: d.appServiceConfigFiles,
    // A second layer under the module's refusal: Synapse itself publishes nothing.
    room_list_publication_rules: [{ action: "deny" }],
    modules,
    ...(renderOidcProviders(policy, d.oidc).length > 0 ? { oidc_providers: renderOidcProviders(policy, d.oidc) } : {}),
    ...(d.rateLimits === "local" ? LOCAL_RATE_LIMITS : {}),
    ...(d.bcryptRounds !== undefined ? { bcrypt_rounds: d.bcryptRounds } : {}),
  };
}

export function renderSynapseYaml(policy: Policy, d: SynapseDeployment): string {
  const body = stringify(renderSynapseConfig(policy, d), { lineWidth: 0 });
  return `# Generated by Wardroom from the policy; do not edit: change the policy and re-render.\n${body}`;
}

/**
 * Synapse's logging config: to a file, without request bodies. With `auditHandlers`, three
 * loggers also feed Wardroom's audit spool (infra/synapse/modules/wardroom_synapse/
 * log_handlers.py): device deletions, admin API requests, failed SSO callbacks and refused
 * non-password logins, which no module callback reports.
 */
export function renderSynapseLogConfig(logFile: string, level: "INFO" | "WARNING" = "INFO", options: { auditHandlers?: boolean } = {}): string {
  const audit = options.auditHandlers
    ? {
        handlers: {
          wardroom_devices: { class: "wardroom_synapse.log_handlers.DeviceDeletionHandler", level: "INFO" },
          wardroom_admin_api: { class: "wardroom_synapse.log_handlers.AdminApiHandler", level: "INFO" },
          wardroom_sso_failures: { class: "wardroom_synapse.log_handlers.SsoFailureHandler", level: "INFO" },
          wardroom_login_refusals: { class: "wardroom_synapse.log_handlers.LoginRefusalHandler", level: "INFO" },
        },
        loggers: {
          "synapse.handlers.device": { level: "INFO", handlers: ["wardroom_devices"] },
          "synapse.access": { level: "INFO", handlers: ["wardroom_admin_api", "wardroom_sso_failures"] },
          "synapse.http.server": { level: "INFO", handlers: ["wardroom_login_refusals"] },
        },
      }
    : { handlers: {}, loggers: {} };
  return stringify({
    version: 1,
    formatters: { precise: { format: "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s" } },
    handlers: {
      file: {
        class: "logging.handlers.TimedRotatingFileHandler",
        formatter: "precise",
        filename: logFile,
        when: "midnight",
        backupCount: 7,
        encoding: "utf8",
      },
      ...audit.handlers,
    },
    loggers: { "synapse.storage.SQL": { level: "INFO" }, ...audit.loggers },
    root: { level, handlers: ["file"] },
    disable_existing_loggers: false,
  });
}

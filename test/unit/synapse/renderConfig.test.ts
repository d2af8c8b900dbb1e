import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parsePolicy, type Policy } from "../../../core/policy/index.ts";
import { renderSynapseConfig, renderSynapseLogConfig, renderSynapseYaml, retentionStateFor, type SynapseDeployment } from "../../../core/synapse/renderConfig.ts";
import { defaultPolicyPath } from "../../../runtime/paths.ts";

function shippedPolicy(): Policy {
  const res = parsePolicy(readFileSync(defaultPolicyPath, "utf8"));
  if (!res.ok) throw new Error("shipped policy invalid");
  return res.policy;
}

const deployment: SynapseDeployment = {
  publicBaseUrl: "https://matrix.example.org/",
  clientListener: { port: 8008, bindAddresses: ["0.0.0.0"] },
  metricsListener: { port: 9000, bindAddresses: ["127.0.0.1"] },
  database: { kind: "postgres", host: "db.internal", port: 5432, user: "synapse", password: "pw", database: "synapse" },
  mediaStorePath: "/data/media",
  signingKeyPath: "/data/signing.key",
  logConfigPath: "/data/log.yaml",
  secrets: { registrationSharedSecret: "rss", macaroonSecretKey: "mac", formSecret: "form" },
  appServiceConfigFiles: ["/data/sms-bridge.yaml"],
  rateLimits: "production",
};

type Cfg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("Synapse config rendered from the policy", () => {
  const policy = shippedPolicy();
  const cfg = renderSynapseConfig(policy, deployment) as Cfg;

  it("encrypts every new room", () => {
    expect(cfg.encryption_enabled_by_default_for_room_type).toBe("all");
  });

  it("turns federation off: no federation listener and an empty allow-list", () => {
    expect(cfg.federation_domain_whitelist).toEqual([]);
    const names = cfg.listeners.flatMap((l: Cfg) => (l.resources ?? []).flatMap((r: Cfg) => r.names));
    expect(names).not.toContain("federation");
    expect(names).not.toContain("keys");
    expect(cfg.trusted_key_servers).toEqual([]);
    expect(cfg.allow_public_rooms_over_federation).toBe(false);
  });

  it("federates only with allow-listed domains when the policy enables it", () => {
    const fed = structuredClone(policy);
    fed.homeserver.federation = { enabled: true, allowDomains: ["partner.example.org"] };
    const c = renderSynapseConfig(fed, deployment) as Cfg;
    expect(c.federation_domain_whitelist).toEqual(["partner.example.org"]);
    expect(c.listeners[0].resources[0].names).toContain("federation");
  });

  it("closes registration and guest access", () => {
    expect(cfg.enable_registration).toBe(false);
    expect(cfg.allow_guest_access).toBe(false);
  });

  it("turns off URL previews and presence, and pushes without content", () => {
    expect(cfg.url_preview_enabled).toBe(false);
    expect(cfg.presence).toEqual({ enabled: false });
    expect(cfg.push).toEqual({ include_content: false });
  });

  it("limits profile lookups to users who share a room", () => {
    expect(cfg.require_auth_for_profile_requests).toBe(true);
    expect(cfg.limit_profile_requests_to_users_who_share_rooms).toBe(true);
    expect(cfg.user_directory.search_all_users).toBe(false);
  });

  it("takes retention from the policy", () => {
    expect(cfg.retention.enabled).toBe(true);
    expect(cfg.retention.default_policy).toEqual({ min_lifetime: "1d", max_lifetime: "90d" });
    expect(cfg.retention.allowed_lifetime_max).toBe("365d");
    expect(cfg.retention.purge_jobs).toEqual([{ interval: "12h" }]);
    expect(retentionStateFor(policy, "sms")).toEqual({ min_lifetime: 86_400_000, max_lifetime: 30 * 86_400_000 });
  });

  it("takes refresh tokens and the session lifetime from the policy", () => {
    expect(cfg.refreshable_access_token_lifetime).toBe("5m");
    expect(cfg.refresh_token_lifetime).toBe("15m");
    expect(cfg.session_lifetime).toBe("12h");
  });

  it("registers the SMS bridge appservice", () => {
    expect(cfg.app_service_config_files).toEqual(["/data/sms-bridge.yaml"]);
    const always = [
      { module: "wardroom_synapse.idle_devices.IdleDevices", config: {} },
      { module: "wardroom_synapse.break_glass.BreakGlassAccess", config: {} },
      { module: "wardroom_synapse.login_policy.LoginPolicy", config: { sso_enabled: true, password_accounts: ["@admin:wardroom.localhost", "@wardroom-bot:wardroom.localhost"] } },
    ];
    // Without the bridge, no portal rooms can be created; the lifecycle modules are always there.
    expect(cfg.modules).toEqual(always);
    const withBridge = renderSynapseConfig(policy, { ...deployment, smsBridgeAppserviceId: "wardroom-sms" }) as Cfg;
    expect(withBridge.modules).toEqual([{ module: "wardroom_synapse.SmsPortalRooms", config: { appservice_id: "wardroom-sms" } }, ...always]);
  });

  it("publishes the client guidance in /.well-known/matrix/client", () => {
    expect(cfg.serve_client_wellknown).toBe(true);
    const wk = cfg.extra_well_known_client_content as Record<string, { settings?: Array<{ id: string; text: string }> }>;
    expect(wk["io.element.e2ee"]).toEqual({ default: true, force_disable: false });
    expect(wk["org.wardroom.client_guidance"]?.settings?.map((s) => s.id)).toEqual(["app_lock", "notification_content", "device_lock", "shared_workstation"]);
    expect(wk["org.wardroom.client_guidance"]?.settings?.[0]?.text).toContain(`${policy.sessions.idleLogoffMinutes} minutes`);
    // Synapse refuses these keys in the extra content: it sets them itself.
    expect(Object.keys(wk)).not.toContain("m.homeserver");
  });

  it("enables the homeserver policy module with the policy's room rules, each kind's retention and the drain token", () => {
    const full = renderSynapseConfig(policy, { ...deployment, smsBridgeAppserviceId: "wardroom-sms", auditDrainTokenFile: "/run/secrets/drain" }) as Cfg;
    const mod = full.modules.find((m: Cfg) => m.module === "wardroom_synapse.HomeserverPolicy");
    expect(mod.config).toMatchObject({
      sms_bridge_appservice_id: "wardroom-sms",
      server_notices_user: `@wardroom-notices:${policy.homeserver.serverName}`,
      guardrails: {
        require_encryption: true,
        allowed_join_rules: ["invite", "restricted"],
        allow_guest_access: false,
        allow_world_readable: false,
        allow_directory_publication: false,
        admin_marker: "org.wardroom.admin_room",
        retention: {
          clinical: retentionStateFor(policy, "clinical"),
          sms: retentionStateFor(policy, "sms"),
          admin: retentionStateFor(policy, "admin"),
        },
      },
      audit: { drain_token_file: "/run/secrets/drain" },
    });
    // Synapse itself publishes nothing in the room directory, module or not.
    expect(cfg.room_list_publication_rules).toEqual([{ action: "deny" }]);
  });

  it("routes the device and request loggers to the audit handlers only when asked", () => {
    const plain = parse(renderSynapseLogConfig("/var/log/hs.log")) as Cfg;
    expect(plain.loggers["synapse.access"]).toBeUndefined();
    expect(plain.loggers["synapse.http.server"]).toBeUndefined();
    const audit = parse(renderSynapseLogConfig("/var/log/hs.log", "WARNING", { auditHandlers: true })) as Cfg;
    expect(audit.handlers.wardroom_devices.class).toBe("wardroom_synapse.log_handlers.DeviceDeletionHandler");
    expect(audit.loggers["synapse.handlers.device"]).toEqual({ level: "INFO", handlers: ["wardroom_devices"] });
    expect(audit.loggers["synapse.access"]).toEqual({ level: "INFO", handlers: ["wardroom_admin_api", "wardroom_sso_failures"] });
    expect(audit.handlers.wardroom_login_refusals.class).toBe("wardroom_synapse.log_handlers.LoginRefusalHandler");
    expect(audit.loggers["synapse.http.server"]).toEqual({ level: "INFO", handlers: ["wardroom_login_refusals"] });
    expect(audit.root).toEqual({ level: "WARNING", handlers: ["file"] });
  });

  it("serves metrics on a private listener", () => {
    const metrics = cfg.listeners.find((l: Cfg) => l.type === "metrics");
    expect(metrics).toMatchObject({ port: 9000, bind_addresses: ["127.0.0.1"] });
    expect(cfg.enable_metrics).toBe(true);
  });

  it("uses PostgreSQL or SQLite as the deployment says", () => {
    expect(cfg.database).toMatchObject({ name: "psycopg2", args: { host: "db.internal", dbname: "synapse" } });
    const lite = renderSynapseConfig(policy, { ...deployment, database: { kind: "sqlite", path: "/x/h.db" } }) as Cfg;
    expect(lite.database).toEqual({ name: "sqlite3", args: { database: "/x/h.db" } });
  });

  it("keeps Synapse's rate limits in production and raises them only for the local stack", () => {
    expect(cfg.rc_message).toBeUndefined();
    const local = renderSynapseConfig(policy, { ...deployment, rateLimits: "local" }) as Cfg;
    expect(local.rc_message.per_second).toBeGreaterThan(1);
  });

  it("renders YAML that reads back to the same settings", () => {
    const text = renderSynapseYaml(policy, deployment);
    expect(text.startsWith("# Generated by Wardroom")).toBe(true);
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(cfg)));
  });
});

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../runtime/paths.ts";
import type { AuditLedger } from "../../core/audit/index.ts";
import type { Policy } from "../../core/policy/index.ts";
import { ComplianceBotConfigSchema, ConsoleConfigSchema, type ComplianceBotConfig } from "../../runtime/config/index.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { startSimulator } from "./simulators/sms/index.ts";
import { generateSecret as generateTotpSecret } from "otplib";
import { CONSOLE_OIDC_CLIENT_ID, startLocalIdp, SYNAPSE_OIDC_CLIENT_ID, type LocalIdp } from "./identityProvider.ts";
import { FileAnchorSink, openAuditLedger, startPeriodicAnchors } from "../../runtime/audit/index.ts";
import { isRole } from "../../core/roles/index.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { ensureAccounts, LOCAL_ACCOUNTS, type CreatedAccount } from "./accounts.ts";
import { componentSpec, LOCAL_COMPONENTS, LOCAL_PORTS, type ComponentName, type StackPorts } from "./componentTable.ts";
import { startComponent, waitForHttp, waitForLogLine } from "./components.ts";
import { randomSecret, secretFile, writeSecretFile } from "./secrets.ts";
import { SSO_LOGIN_HOOK_PATH } from "../../admin-console/scim/ssoLoginHook.ts";
import { writeLocalBridgeFiles } from "./smsBridge.ts";
import { ensureSynapseDatabase, parsePostgresUrl } from "./database.ts";
import { assertPortFree } from "./networkPorts.ts";
import { ensureSynapseVenv } from "./python.ts";
import { startLocalSynapse, type LocalSynapse } from "./synapse.ts";
import { buildTopology, MINIMAL_WORKER_COUNTS } from "../../core/synapse/topology.ts";
import { freePort } from "./networkPorts.ts";
import { checkWorkerServices, type WorkerModeInput } from "./workerMode.ts";
import { startLocalScim, type LocalScim } from "./scim.ts";
import type { RunningSimulator } from "./simulators/sms/index.ts";

/** `.wardroom/local/stack.json`: the contract in DESIGN.md that tests and tools read. */
export interface StackInfo {
  /** `url` is the router's in worker mode; `workers` (name, kind, metrics URL) appears only then. */
  homeserver: { url: string; serverName: string; workers?: Array<{ name: string; kind: string; metricsUrl: string }> };
  /** When the policy turns single sign-on on: the development identity provider and its people. */
  idp?: { issuer: string; users: Array<{ username: string; passwordFile: string; groups: string[] }> };
  /** SCIM 2.0 provisioning: the identity provider's base URL and its bearer token's file. */
  scim: { url: string; tokenFile: string };
  sms: { provider: "simulator"; simulatorUrl: string; practiceNumber: string };
  admin: { userId: string; passwordFile: string };
  demoUsers: Array<{ userId: string; passwordFile: string; role: string; idpUsername?: string }>;
  /** The admin console (docs/console.md). */
  console: { url: string };
  /** Not part of the public contract: what the test harness needs beyond it. */
  internal: {
    stackDir: string;
    database: "sqlite" | "postgres";
    metricsUrl: string;
    serviceAccount: { userId: string; passwordFile: string };
    synapseConfigFile: string;
    registrationSharedSecretFile: string;
    bridge: { url: string; botUserId: string; pidFile: string; configFile: string };
    complianceBot: { userId: string; pidFile: string };
    /** Every row of the component table (componentTable.ts) as it runs in this stack. */
    components: Array<{ name: ComponentName; pidFile?: string; logFile?: string; ports: Partial<StackPorts> }>;
    auditDrain: { pidFile: string; drainTokenFile: string };
    /** The bridge store's database (its outbox, inbox and portals). */
    bridgeStoreUrl: string;
    auditUrl: string;
    consentUrl: string;
    directoryUrl: string;
    breakGlassUrl: string;
    /** Worker mode: where each worker runs (its pid file, log and HTTP listener), for tests that reach one directly. */
    synapseWorkers?: Array<{ name: string; kind: string; httpUrl: string; pidFile: string; logFile: string }>;
    /** The identity provider's admin API token (disable a person, back-channel logout). */
    idpAdminTokenFile?: string;
    /** The console's break-glass TOTP secret (base32) and its session database. */
    console: { totpSecretFile: string; sessionsUrl: string; pidFile: string };
  };
}

export interface LocalStackOptions {
  /** Where this stack keeps its state (.wardroom/local for `npm start`). */
  stackDir: string;
  policyFile: string;
  host: string;
  /** One port per row of LOCAL_PORTS (componentTable.ts). */
  ports: StackPorts;
  /** postgres://... to run Synapse on PostgreSQL; SQLite otherwise. */
  databaseUrl?: string;
  /** Where the bridge store and the audit and consent ledgers live (default: SQLite inside stackDir). */
  bridgeStoreUrl?: string;
  /**
   * Worker mode (WARDROOM_WORKERS=1): Synapse as main + the topology's workers behind a local
   * router, on this PostgreSQL (it replaces databaseUrl) and Redis.
   */
  workers?: WorkerModeInput;
  auditUrl?: string;
  consentUrl?: string;
  /** Where the role directory lives (default: inside stackDir). */
  directoryUrl?: string;
  /** Where audit checkpoints are appended (default: inside stackDir). */
  anchorsFile?: string;
  /** bcrypt cost of the accounts' password hashes: benchmarks lower it (Synapse's default otherwise). */
  bcryptRounds?: number;
  /** Synapse's rate limits: production-like unless a test profile relaxes them (default). */
  rateLimits?: "production" | "local";
  /** Write stack.json into stackDir once everything is healthy. */
  writeStackJson: boolean;
  progress: (line: string) => void;
}

/** The compliance bot's config, checked against the schema the bot reads it with. */
function writeComplianceBotConfig(dir: string, config: ComplianceBotConfig): string {
  const file = join(dir, "config.json");
  writeSecretFile(file, `${JSON.stringify(ComplianceBotConfigSchema.parse(config), null, 2)}\n`);
  return file;
}

export interface LocalStack {
  info: StackInfo;
  policy: Policy;
  stop(): Promise<void>;
}

function publicAccount(a: CreatedAccount): { userId: string; passwordFile: string } {
  return { userId: a.userId, passwordFile: a.passwordFileRelative };
}

/**
 * Starts the whole local stack: Synapse (installed on first use) and every other component,
 * creates the accounts, and writes stack.json. Problems a user can fix (a broken policy, a
 * busy port, no Python) throw InputError before anything is left running.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const policy = loadPolicyFile(o.policyFile);
  for (const p of LOCAL_PORTS) {
    await assertPortFree(o.ports[p.key], p.loopbackOnly ? "127.0.0.1" : o.host, p.label, p.env);
  }
  // Worker mode's PostgreSQL and Redis are checked first: one line naming the variable, exit 2.
  if (o.workers) await checkWorkerServices(o.workers, policy.homeserver.serverName);
  const databaseUrl = o.workers?.databaseUrl ?? o.databaseUrl;
  const database = databaseUrl ? parsePostgresUrl(databaseUrl) : ({ kind: "sqlite" } as const);
  if (database.kind === "postgres") await ensureSynapseDatabase(database);

  const python = await ensureSynapseVenv(o.progress);
  mkdirSync(o.stackDir, { recursive: true, mode: 0o700 });
  const stackJson = join(o.stackDir, "stack.json");
  rmSync(stackJson, { force: true });

  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    stoppers.length = 0;
    rmSync(stackJson, { force: true });
  };

  try {
    const serverName = policy.homeserver.serverName;
    // The role directory of the local accounts: the bridge reads it at every message, so the
    // care team is whoever has a care-team role now (policy sms.careTeam), not a frozen list.
    const bridgeStoreUrl = o.bridgeStoreUrl ?? `sqlite:${join(o.stackDir, "sms-bridge", "bridge.db")}`;
    const auditUrl = o.auditUrl ?? `sqlite:${join(o.stackDir, "audit", "audit.db")}`;
    const consentUrl = o.consentUrl ?? `sqlite:${join(o.stackDir, "consent", "consent.db")}`;
    const directoryUrl = o.directoryUrl ?? `sqlite:${join(o.stackDir, "directory", "directory.db")}`;
    const breakGlassUrl = `sqlite:${join(o.stackDir, "breakglass", "breakglass.db")}`;
    const simulatorUrl = `http://${o.host}:${o.ports.simulator}`;
    const homeserverUrl = `http://${o.host}:${o.ports.homeserver}`;
    const consoleUrl = `http://${o.host}:${o.ports.console}`;
    const consoleFiles = {
      totpSecretFile: join(o.stackDir, componentSpec("admin-console").dir, "secrets", "breakglass-totp"),
      sessionSecretFile: join(o.stackDir, componentSpec("admin-console").dir, "secrets", "session-secret"),
      sessionsUrl: `sqlite:${join(o.stackDir, componentSpec("admin-console").dir, "sessions.db")}`,
    };
    const bridgeFiles = writeLocalBridgeFiles({
      dir: join(o.stackDir, "sms-bridge"),
      homeserverUrl,
      serverName,
      host: o.host,
      bridgePort: o.ports.bridge,
      simulatorUrl,
      policyFile: o.policyFile,
      careTeam: [],
      directoryUrl,
      complianceBotUserId: `@${LOCAL_ACCOUNTS.find((a) => a.role === "service")!.localpart}:${serverName}`,
      databases: { bridge: bridgeStoreUrl, audit: auditUrl, consent: consentUrl },
    });

    const dir = (name: ComponentName) => join(o.stackDir, componentSpec(name).dir);
    const ssoHookTokenFile = join(dir("scim"), "secrets", "sso-login-hook-token");
    secretFile(ssoHookTokenFile, () => randomSecret(32));
    // What the components started so far offer the next ones.
    let synapse: LocalSynapse | undefined;
    let accounts: CreatedAccount[] = [];
    let simulator: RunningSimulator | undefined;
    let localIdp: LocalIdp | undefined;
    let scim: LocalScim | undefined;
    // Opened once everything runs; a restart before that is only a progress line.
    const late: { audit?: AuditLedger } = {};
    const byRole = (role: string) => accounts.filter((a) => a.role === role);
    const starters: Record<ComponentName, () => Promise<void>> = {
      "identity-provider": async () => {
        if (!policy.identity.sso.enabled) return;
        const started = await startLocalIdp({ dir: dir("identity-provider"), host: o.host, port: o.ports.idp, homeserverUrl, consoleUrl, policy });
        localIdp = started;
        stoppers.push(() => started.idp.close());
      },
      synapse: async () => {
        const started = await startLocalSynapse({
          dir: dir("synapse"),
          python,
          policy,
          host: o.host,
          port: o.ports.homeserver,
          metricsPort: o.ports.metrics,
          database,
          appServiceConfigFiles: [bridgeFiles.registrationFile],
          smsBridgeAppserviceId: bridgeFiles.appserviceId,
          // The development provider is on http://127.0.0.1: Synapse's https checks of its
          // metadata are skipped for it (and only for it).
          // Each SSO login hands the group claim to the SCIM component's login hook (roles
          // from groups); the hook's token is made here, before Synapse reads its config.
          ...(localIdp
            ? {
                oidc: {
                  issuer: localIdp.issuer,
                  clientId: SYNAPSE_OIDC_CLIENT_ID,
                  clientSecretPath: localIdp.synapseClientSecretFile,
                  insecureLocalIssuer: true,
                  groupSync: { callbackUrl: `http://${o.host === "0.0.0.0" ? "127.0.0.1" : o.host}:${o.ports.scim}${SSO_LOGIN_HOOK_PATH}`, tokenPath: ssoHookTokenFile },
                },
              }
            : {}),
          ...(o.bcryptRounds !== undefined ? { bcryptRounds: o.bcryptRounds } : {}),
          rateLimits: o.rateLimits ?? "production",
          // Supervised like the bridge and the bots: a visible line and an audit record.
          onRestart: (code, n, instance) => {
            const component = instance === "main" ? "synapse" : `synapse_${instance}`;
            o.progress(`${instance === "main" ? "Synapse" : `Synapse worker ${instance}`} exited (${code}); restarting (restart ${n})`);
            void late.audit
              ?.append({ actor: "system:local-stack", action: "stack.component_restarted", details: { component, restart: n, ...(code !== null && code >= 0 ? { exitCode: code } : {}) } })
              .catch(() => undefined);
          },
          ...(o.workers ? { workers: { topology: buildTopology(MINIMAL_WORKER_COUNTS), redis: o.workers.redis, allocatePort: () => freePort() } } : {}),
        });
        synapse = started;
        stoppers.push(() => started.stop());
        accounts = await ensureAccounts({
          homeserverUrl: started.url,
          serverName,
          sharedSecret: started.secrets.registrationSharedSecret,
          passwordDir: join(o.stackDir, "passwords"),
        });
        // The demo accounts' roles, in the one role directory every process reads.
        const roles = await SqlRoleDirectory.open(directoryUrl);
        try {
          for (const a of accounts) if (isRole(a.role)) await roles.setRoles(a.userId, [a.role], "local");
        } finally {
          await roles.close();
        }
      },
      "sms-simulator": async () => {
        const started = await startSimulator({
          port: o.ports.simulator,
          host: o.host,
          practiceNumber: policy.sms.practiceNumber,
          defaultCountry: policy.sms.defaultCountry,
          webhookUrl: bridgeFiles.webhookUrl,
          webhookSecret: bridgeFiles.simulatorSecret,
        });
        simulator = started;
        stoppers.push(() => started.close());
      },
      "sms-bridge": async () => {
        const bridge = startComponent("sms-bridge", dir("sms-bridge"), ["bots/sms-bridge/main.ts", "--config", bridgeFiles.configFile], o.progress);
        stoppers.push(() => bridge.stop());
        await waitForHttp(`${bridgeFiles.bridgeUrl}/health`, "the SMS bridge", bridge, join(dir("sms-bridge"), "stdout.log"));
      },
      "compliance-bot": async () => {
        const complianceConfig = writeComplianceBotConfig(dir("compliance-bot"), {
          homeserverUrl: synapse!.url,
          serverName,
          userId: byRole("service")[0]!.userId,
          passwordFile: byRole("service")[0]!.passwordFile,
          bridgeUrl: bridgeFiles.bridgeUrl,
          controlToken: bridgeFiles.controlToken,
          breakGlass: { storeUrl: breakGlassUrl, directoryUrl, auditUrl, policyFile: o.policyFile },
          // The bridge's blockedNotices is compliance_bot (infra/local/smsBridge.ts).
          blockedNotices: { auditUrl },
        });
        const complianceBot = startComponent("compliance-bot", dir("compliance-bot"), ["bots/compliance/main.ts", "--config", complianceConfig], o.progress);
        stoppers.push(() => complianceBot.stop());
        await waitForLogLine(join(dir("compliance-bot"), "stdout.log"), "compliance bot syncing", "the compliance bot", complianceBot);
      },
      "audit-drain": async () => {
        // Its own process (as in AWS), moving the homeserver's audit spool into the ledger.
        const config = join(dir("audit-drain"), "config.json");
        writeSecretFile(config, JSON.stringify({ homeserverUrl: synapse!.url, drainTokenFile: synapse!.auditDrainTokenFile, auditUrl }));
        const auditDrain = startComponent("audit-drain", dir("audit-drain"), ["runtime/audit/spoolDrainMain.ts", "--config", config], o.progress);
        stoppers.push(() => auditDrain.stop());
        await waitForLogLine(join(dir("audit-drain"), "stdout.log"), "audit drain running", "the audit drain", auditDrain);
      },
      "lifecycle-bot": async () => {
        const service = byRole("service")[0]!;
        const config = join(dir("lifecycle-bot"), "config.json");
        writeSecretFile(
          config,
          JSON.stringify({ homeserverUrl: synapse!.url, serverName, userId: service.userId, passwordFile: service.passwordFile, policyFile: o.policyFile, auditUrl, breakGlassUrl, directoryUrl }),
        );
        const lifecycleBot = startComponent("lifecycle-bot", dir("lifecycle-bot"), ["bots/lifecycle/main.ts", "--config", config], o.progress);
        stoppers.push(() => lifecycleBot.stop());
        await waitForLogLine(join(dir("lifecycle-bot"), "stdout.log"), "lifecycle bot running", "the lifecycle bot", lifecycleBot);
      },
      scim: async () => {
        const service = byRole("service")[0]!;
        const started = await startLocalScim({
          dir: dir("scim"),
          host: o.host,
          port: o.ports.scim,
          policy,
          homeserverUrl: synapse!.url,
          serverName,
          serviceAccount: { userId: service.userId, password: readFileSync(service.passwordFile, "utf8").trim() },
          directoryUrl,
          auditUrl,
          ssoHookTokenFile,
          logFile: join(o.stackDir, componentSpec("scim").logFile!),
        });
        scim = started;
        stoppers.push(() => started.stop());
      },
      "admin-console": async () => {
        const service = byRole("service")[0]!;
        const admin = byRole("admin")[0]!;
        // Made once at stack creation, kept (0600) for the next start: the break-glass
        // administrator's second factor and the key that signs session cookies.
        secretFile(consoleFiles.totpSecretFile, () => generateTotpSecret());
        secretFile(consoleFiles.sessionSecretFile, () => randomSecret(32));
        const config = join(dir("admin-console"), "config.json");
        const parsed = ConsoleConfigSchema.parse({
          listen: { host: o.host, port: o.ports.console },
          publicUrl: consoleUrl,
          homeserverUrl: synapse!.url,
          serverName,
          serviceAccount: { userId: service.userId, passwordFile: service.passwordFile },
          sessionSecretFile: consoleFiles.sessionSecretFile,
          sessionsUrl: consoleFiles.sessionsUrl,
          auditUrl,
          directoryUrl,
          policyFile: o.policyFile,
          consentUrl,
          breakGlassUrl,
          tokensUrl: `sqlite:${join(dir("admin-console"), "tokens.db")}`,
          wipeJournalDir: join(dir("admin-console"), "wipes"),
          ...(localIdp ? { oidc: { issuer: localIdp.issuer, clientId: CONSOLE_OIDC_CLIENT_ID, clientSecretFile: localIdp.consoleClientSecretFile, allowHttp: true } } : {}),
          breakGlass: { userId: admin.userId, totpSecretFile: consoleFiles.totpSecretFile },
        });
        writeSecretFile(config, `${JSON.stringify(parsed, null, 2)}\n`);
        const adminConsole = startComponent("admin-console", dir("admin-console"), ["admin-console/main.ts", "--config", config], o.progress);
        stoppers.push(() => adminConsole.stop());
        await waitForHttp(`${consoleUrl}/health`, "the admin console", adminConsole, join(dir("admin-console"), "stdout.log"));
      },
    };
    for (const component of LOCAL_COMPONENTS) {
      o.progress(`starting the ${component.title}`);
      await starters[component.name]();
    }
    const admin = byRole("admin")[0]!;
    const service = byRole("service")[0]!;
    const synapseDir = dir("synapse");
    const bridgeDir = dir("sms-bridge");
    const complianceDir = dir("compliance-bot");


    const info: StackInfo = {
      homeserver: {
        url: synapse!.url,
        serverName,
        ...(synapse!.workers ? { workers: synapse!.workers.map((w) => ({ name: w.name, kind: w.kind, metricsUrl: w.metricsUrl })) } : {}),
      },
      scim: { url: scim!.url, tokenFile: relative(repoRoot, scim!.tokenFile) },
      sms: { provider: "simulator", simulatorUrl: simulator!.url, practiceNumber: policy.sms.practiceNumber },
      admin: publicAccount(admin),
      ...(localIdp ? { idp: { issuer: localIdp.issuer, users: localIdp.users } } : {}),
      demoUsers: accounts
        .filter((a) => a.role === "clinician" || a.role === "auditor")
        .map((a) => ({ ...publicAccount(a), role: a.role, ...(localIdp?.users.some((u) => u.username === a.localpart) ? { idpUsername: a.localpart } : {}) })),
      console: { url: consoleUrl },
      internal: {
        stackDir: o.stackDir,
        database: database.kind,
        metricsUrl: `http://127.0.0.1:${o.ports.metrics}/_synapse/metrics`,
        serviceAccount: publicAccount(service),
        synapseConfigFile: synapse!.configFile,
        registrationSharedSecretFile: join(synapseDir, "secrets", "registration_shared_secret"),
        bridge: { url: bridgeFiles.bridgeUrl, botUserId: bridgeFiles.botUserId, pidFile: join(bridgeDir, "process.pid"), configFile: bridgeFiles.configFile },
        complianceBot: { userId: service.userId, pidFile: join(complianceDir, "process.pid") },
        components: LOCAL_COMPONENTS.map((row) => ({
          name: row.name,
          ...(row.pidFile ? { pidFile: join(o.stackDir, row.pidFile) } : {}),
          ...(row.logFile ? { logFile: join(o.stackDir, row.logFile) } : {}),
          ports: Object.fromEntries(row.ports.map((p) => [p.key, o.ports[p.key]])),
        })),
        bridgeStoreUrl,
        auditUrl,
        consentUrl,
        directoryUrl,
        breakGlassUrl,
        auditDrain: { pidFile: join(dir("audit-drain"), "process.pid"), drainTokenFile: synapse!.auditDrainTokenFile },
        ...(synapse!.workers ? { synapseWorkers: synapse!.workers.map((w) => ({ name: w.name, kind: w.kind, httpUrl: w.httpUrl, pidFile: w.pidFile, logFile: w.logFile })) } : {}),
        ...(localIdp ? { idpAdminTokenFile: localIdp.adminTokenFile } : {}),
        console: { totpSecretFile: consoleFiles.totpSecretFile, sessionsUrl: consoleFiles.sessionsUrl, pidFile: join(dir("admin-console"), "process.pid") },
      },
    };
    const audit = await openAuditLedger({ url: auditUrl });
    late.audit = audit;
    const periodic: { anchors?: { stop(): Promise<void> } } = {};
    // Runs last (stoppers run in reverse): once every process that writes records has stopped,
    // a last checkpoint covers everything, then the ledger closes.
    stoppers.unshift(async () => {
      await periodic.anchors?.stop();
      await audit.store.close();
    });
    await audit.append({ actor: "system:local-stack", action: "stack.started", details: { components: LOCAL_COMPONENTS.map((row) => row.auditName) } });
    // Checkpoints of the audit chain outside the database, so that a truncated ledger shows.
    const anchors = new FileAnchorSink(o.anchorsFile ?? join(o.stackDir, "audit", "anchors.jsonl"));
    await audit.anchor(anchors, { actor: "system:local-stack" });
    periodic.anchors = startPeriodicAnchors(audit, anchors, {
      intervalMinutes: policy.audit.anchorIntervalMinutes,
      lagSeconds: policy.audit.anchorLagSeconds,
      actor: "system:local-stack",
    });
    if (o.writeStackJson) writeFileSync(stackJson, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    return { info, policy, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Policy } from "../../core/policy/index.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { startSimulator } from "../../bots/sms-bridge/simulator/index.ts";
import { FileAnchorSink, openAuditLedger, startPeriodicAnchors } from "../../runtime/audit/index.ts";
import { ensureAccounts, LOCAL_ACCOUNTS, type CreatedAccount } from "./accounts.ts";
import { startComponent, waitForHttp, waitForLogLine } from "./components.ts";
import { writeSecretFile } from "./secrets.ts";
import { writeLocalBridgeFiles } from "./smsBridge.ts";
import { ensureSynapseDatabase, parsePostgresUrl } from "./database.ts";
import { assertPortFree } from "./ports.ts";
import { ensureSynapseVenv } from "./python.ts";
import { startLocalSynapse, type LocalSynapse } from "./synapse.ts";

/** `.wardroom/local/stack.json`: the contract in DESIGN.md that tests and tools read. */
export interface StackInfo {
  homeserver: { url: string; serverName: string };
  sms: { provider: "simulator"; simulatorUrl: string; practiceNumber: string };
  admin: { userId: string; passwordFile: string };
  demoUsers: Array<{ userId: string; passwordFile: string; role: string }>;
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
    auditDrain: { pidFile: string; drainTokenFile: string };
    auditUrl: string;
    consentUrl: string;
  };
}

export interface LocalStackOptions {
  /** Where this stack keeps its state (.wardroom/local for `npm start`). */
  stackDir: string;
  policyFile: string;
  host: string;
  ports: { homeserver: number; metrics: number; bridge: number; simulator: number };
  /** postgres://... to run Synapse on PostgreSQL; SQLite otherwise. */
  databaseUrl?: string;
  /** Where the audit and consent ledgers live (default: inside stackDir). */
  auditUrl?: string;
  consentUrl?: string;
  /** Where audit checkpoints are appended (default: inside stackDir). */
  anchorsFile?: string;
  /** bcrypt cost of the accounts' password hashes: benchmarks lower it (Synapse's default otherwise). */
  bcryptRounds?: number;
  /** Write stack.json into stackDir once everything is healthy. */
  writeStackJson: boolean;
  progress: (line: string) => void;
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
  await assertPortFree(o.ports.homeserver, o.host, "homeserver", "WARDROOM_HOMESERVER_PORT");
  await assertPortFree(o.ports.metrics, "127.0.0.1", "homeserver metrics", "WARDROOM_METRICS_PORT");
  await assertPortFree(o.ports.bridge, o.host, "SMS bridge", "WARDROOM_BRIDGE_PORT");
  await assertPortFree(o.ports.simulator, o.host, "SMS simulator", "WARDROOM_SIMULATOR_PORT");
  const database = o.databaseUrl ? parsePostgresUrl(o.databaseUrl) : ({ kind: "sqlite" } as const);
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
    const careTeam = [
      ...LOCAL_ACCOUNTS.filter((a) => policy.sms.careTeam.inviteRoles.includes(a.role)).map((a) => `@${a.localpart}:${serverName}`),
      ...policy.sms.careTeam.inviteUsers,
    ];
    const auditUrl = o.auditUrl ?? `sqlite:${join(o.stackDir, "audit", "audit.db")}`;
    const consentUrl = o.consentUrl ?? `sqlite:${join(o.stackDir, "consent", "consent.db")}`;
    const simulatorUrl = `http://${o.host}:${o.ports.simulator}`;
    const homeserverUrl = `http://${o.host}:${o.ports.homeserver}`;
    const bridgeFiles = writeLocalBridgeFiles({
      dir: join(o.stackDir, "sms-bridge"),
      homeserverUrl,
      serverName,
      host: o.host,
      bridgePort: o.ports.bridge,
      simulatorUrl,
      policyFile: o.policyFile,
      careTeam,
      complianceBotUserId: `@${LOCAL_ACCOUNTS.find((a) => a.role === "service")!.localpart}:${serverName}`,
      databases: { bridge: `sqlite:${join(o.stackDir, "sms-bridge", "bridge.db")}`, audit: auditUrl, consent: consentUrl },
    });

    o.progress("starting Synapse");
    const synapseDir = join(o.stackDir, "synapse");
    const synapse: LocalSynapse = await startLocalSynapse({
      dir: synapseDir,
      python,
      policy,
      host: o.host,
      port: o.ports.homeserver,
      metricsPort: o.ports.metrics,
      database,
      appServiceConfigFiles: [bridgeFiles.registrationFile],
      smsBridgeAppserviceId: bridgeFiles.appserviceId,
      ...(o.bcryptRounds !== undefined ? { bcryptRounds: o.bcryptRounds } : {}),
    });
    stoppers.push(() => synapse.process.stop());

    const accounts = await ensureAccounts({
      homeserverUrl: synapse.url,
      serverName,
      sharedSecret: synapse.secrets.registrationSharedSecret,
      passwordDir: join(o.stackDir, "passwords"),
    });
    const byRole = (role: string) => accounts.filter((a) => a.role === role);
    const admin = byRole("admin")[0]!;
    const service = byRole("service")[0]!;

    o.progress("starting the SMS simulator, the SMS bridge and the compliance bot");
    const simulator = await startSimulator({
      port: o.ports.simulator,
      host: o.host,
      practiceNumber: policy.sms.practiceNumber,
      defaultCountry: policy.sms.defaultCountry,
      webhookUrl: bridgeFiles.webhookUrl,
      webhookSecret: bridgeFiles.simulatorSecret,
    });
    stoppers.push(() => simulator.close());

    const bridgeDir = join(o.stackDir, "sms-bridge");
    const bridge = startComponent("sms-bridge", bridgeDir, ["bots/sms-bridge/main.ts", "--config", bridgeFiles.configFile], o.progress);
    stoppers.push(() => bridge.stop());
    await waitForHttp(`${bridgeFiles.bridgeUrl}/health`, "the SMS bridge", bridge, join(bridgeDir, "stdout.log"));

    const complianceDir = join(o.stackDir, "compliance");
    const complianceConfig = join(complianceDir, "config.json");
    writeSecretFile(
      complianceConfig,
      JSON.stringify({
        homeserverUrl: synapse.url,
        serverName,
        userId: service.userId,
        passwordFile: service.passwordFile,
        bridgeUrl: bridgeFiles.bridgeUrl,
        controlToken: bridgeFiles.controlToken,
      }),
    );
    const complianceBot = startComponent("compliance-bot", complianceDir, ["bots/compliance/main.ts", "--config", complianceConfig], o.progress);
    stoppers.push(() => complianceBot.stop());
    await waitForLogLine(join(complianceDir, "stdout.log"), "compliance bot syncing", "the compliance bot", complianceBot);

    // The audit drain: its own process (as in AWS), moving the homeserver's audit spool into
    // the ledger. Records wait in the spool while it is down. (One more component for the
    // component table being built concurrently.)
    const drainDir = join(o.stackDir, "audit-drain");
    const drainConfig = join(drainDir, "config.json");
    writeSecretFile(drainConfig, JSON.stringify({ homeserverUrl: synapse.url, drainTokenFile: synapse.auditDrainTokenFile, auditUrl }));
    const auditDrain = startComponent("audit-drain", drainDir, ["runtime/audit/spoolDrainMain.ts", "--config", drainConfig], o.progress);
    stoppers.push(() => auditDrain.stop());
    await waitForLogLine(join(drainDir, "stdout.log"), "audit drain running", "the audit drain", auditDrain);

    const info: StackInfo = {
      homeserver: { url: synapse.url, serverName },
      sms: { provider: "simulator", simulatorUrl: simulator.url, practiceNumber: policy.sms.practiceNumber },
      admin: publicAccount(admin),
      demoUsers: accounts
        .filter((a) => a.role === "clinician" || a.role === "auditor")
        .map((a) => ({ ...publicAccount(a), role: a.role })),
      internal: {
        stackDir: o.stackDir,
        database: database.kind,
        metricsUrl: `http://127.0.0.1:${o.ports.metrics}/_synapse/metrics`,
        serviceAccount: publicAccount(service),
        synapseConfigFile: synapse.configFile,
        registrationSharedSecretFile: join(synapseDir, "secrets", "registration_shared_secret"),
        bridge: { url: bridgeFiles.bridgeUrl, botUserId: bridgeFiles.botUserId, pidFile: join(bridgeDir, "process.pid"), configFile: bridgeFiles.configFile },
        complianceBot: { userId: service.userId, pidFile: join(complianceDir, "process.pid") },
        auditDrain: { pidFile: join(drainDir, "process.pid"), drainTokenFile: synapse.auditDrainTokenFile },
        auditUrl,
        consentUrl,
      },
    };
    const audit = await openAuditLedger({ url: auditUrl });
    const periodic: { anchors?: { stop(): Promise<void> } } = {};
    // Runs last (stoppers run in reverse): once every process that writes records has stopped,
    // a last checkpoint covers everything, then the ledger closes.
    stoppers.unshift(async () => {
      await periodic.anchors?.stop();
      await audit.store.close();
    });
    await audit.append({ actor: "system:local-stack", action: "stack.started", details: { components: ["synapse", "sms_simulator", "sms_bridge", "compliance_bot", "audit_drain"] } });
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

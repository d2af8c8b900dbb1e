import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.ts";
import type { Policy } from "../../core/policy/index.ts";
import type { OidcDeployment } from "../../core/synapse/oidc.ts";
import { renderSynapseLogConfig, renderSynapseYaml, type SynapseDatabase } from "../../core/synapse/renderConfig.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { killStale, logTail, startRestarting, startSupervised, type Restarting, type Supervised } from "./childProcess.ts";
import { ensureSynapseSecrets, randomSecret, secretFile, type SynapseSecrets } from "./secrets.ts";
import { repoRoot } from "../../runtime/paths.ts";

const synapseModulesDir = join(repoRoot, "infra", "synapse", "modules");

export interface LocalSynapseOptions {
  dir: string;
  python: string;
  policy: Policy;
  host: string;
  port: number;
  metricsPort: number;
  database: SynapseDatabase | { kind: "sqlite" };
  appServiceConfigFiles: string[];
  smsBridgeAppserviceId?: string;
  /** The identity provider, when the policy turns single sign-on on. */
  oidc?: OidcDeployment;
  /** bcrypt cost of new password hashes (benchmarks only; Synapse's default otherwise). */
  bcryptRounds?: number;
  /**
   * "production": Synapse's own login, message and join limits (what `npm start` ships, so an
   * evaluation shows the real behaviour); "local": relaxed, for the test harness and benches.
   */
  rateLimits: "production" | "local";
  /** Told when Synapse died after start-up and is being started again (a visible line, an audit record). */
  onRestart?: (exitCode: number | null, restart: number) => void;
}

export interface LocalSynapse {
  url: string;
  secrets: SynapseSecrets;
  configFile: string;
  /** The token the audit drain presents to the module's spool endpoints. */
  auditDrainTokenFile: string;
  /** Synapse, restarted when it dies after start-up (as the bridge and the bots are). */
  process: Restarting;
}

/** Renders the config into `dir`, starts Synapse and waits until /health answers. */
export async function startLocalSynapse(o: LocalSynapseOptions): Promise<LocalSynapse> {
  mkdirSync(join(o.dir, "media"), { recursive: true, mode: 0o700 });
  const signingKeyPath = join(o.dir, "signing.key");
  const secrets = ensureSynapseSecrets(join(o.dir, "secrets"), signingKeyPath);
  const url = `http://${o.host}:${o.port}`;
  const configFile = join(o.dir, "homeserver.yaml");
  const logConfigPath = join(o.dir, "log.config.yaml");
  const pidFile = join(o.dir, "homeserver.pid");
  const auditDrainTokenFile = join(o.dir, "secrets", "audit_drain_token");
  secretFile(auditDrainTokenFile, randomSecret);
  writeFileSync(logConfigPath, renderSynapseLogConfig(join(o.dir, "homeserver.log"), "INFO", { auditHandlers: true }));
  writeFileSync(
    configFile,
    renderSynapseYaml(o.policy, {
      publicBaseUrl: `${url}/`,
      clientListener: { port: o.port, bindAddresses: [o.host] },
      metricsListener: { port: o.metricsPort, bindAddresses: ["127.0.0.1"] },
      database: o.database.kind === "sqlite" ? { kind: "sqlite", path: join(o.dir, "homeserver.db") } : o.database,
      mediaStorePath: join(o.dir, "media"),
      signingKeyPath,
      logConfigPath,
      secrets,
      appServiceConfigFiles: o.appServiceConfigFiles,
      ...(o.smsBridgeAppserviceId ? { smsBridgeAppserviceId: o.smsBridgeAppserviceId } : {}),
      ...(o.oidc ? { oidc: o.oidc } : {}),
      auditDrainTokenFile,
      rateLimits: o.rateLimits,
      ...(o.bcryptRounds !== undefined ? { bcryptRounds: o.bcryptRounds } : {}),
    }),
    { mode: 0o600 },
  );

  killStale(pidFile, "synapse.app.homeserver");
  const launch = (): Supervised => {
    const proc = startSupervised("synapse", o.python, ["-m", "synapse.app.homeserver", "-c", configFile], {
      cwd: o.dir,
      logFile: join(o.dir, "stdout.log"),
      // Wardroom's Synapse module (infra/synapse/modules) is loaded from the repository.
      env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONPATH: [synapseModulesDir, process.env.PYTHONPATH].filter(Boolean).join(":") },
    });
    // Synapse writes its pid file only when it daemonizes; we keep one so that a later run can
    // clean up after a supervisor that was itself killed.
    if (proc.child.pid) writeFileSync(pidFile, `${proc.child.pid}\n`);
    void proc.exited.then(() => {
      if (existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() === String(proc.child.pid)) rmSync(pidFile, { force: true });
    });
    return proc;
  };
  // Until it is healthy once, a death is a start-up failure (reported below); after that it is
  // restarted, and the stack says so.
  let healthy = false;
  const supervised = startRestarting(launch, (code, n) => {
    if (healthy) o.onRestart?.(code, n);
  });
  const proc = supervised.current()!;

  const client = new SynapseClient({ baseUrl: url, timeoutMs: 2000 });
  const deadline = Date.now() + 180_000;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await supervised.stop();
      throw new InputError(
        `Synapse exited during start-up (exit ${exitCode}); see ${join(o.dir, "homeserver.log")}:\n` +
          `${logTail(join(o.dir, "stdout.log"))}\n${logTail(join(o.dir, "homeserver.log"), 5)}`,
      );
    }
    if (await client.isHealthy()) {
      healthy = true;
      return { url, secrets, configFile, auditDrainTokenFile, process: supervised };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await supervised.stop();
  throw new InputError(`Synapse did not become healthy within 180 s; see ${join(o.dir, "homeserver.log")}`);
}

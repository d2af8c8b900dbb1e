import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.ts";
import type { Policy } from "../../core/policy/index.ts";
import type { OidcDeployment } from "../../core/synapse/oidc.ts";
import { renderSynapseLogConfig, renderSynapseYaml, type SynapseDatabase, type SynapseDeployment } from "../../core/synapse/renderConfig.ts";
import type { SynapseTopology } from "../../core/synapse/topology.ts";
import { planLocalWorkers, type LocalPorts, type LocalProcessPlan } from "../../core/synapse/topologyLocal.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { killStale, logTail, startRestarting, startSupervised, type Restarting, type Supervised } from "./childProcess.ts";
import { ensureSynapseSecrets, randomSecret, secretFile, writeSecretFile, type SynapseSecrets } from "./secrets.ts";
import { startSynapseRouter, type SynapseRouter } from "./synapseRouter.ts";
import type { RedisSettings } from "./workerMode.ts";
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
  /** Told when Synapse (or, in worker mode, one of its processes) died after start-up and is being started again. */
  onRestart?: (exitCode: number | null, restart: number, instance: string) => void;
  /**
   * Worker mode: main, the topology's workers and a router on `port` that applies the routing
   * table. Needs PostgreSQL and Redis; `allocatePort` gives main and each worker its ports.
   */
  workers?: { topology: SynapseTopology; redis: RedisSettings; allocatePort: () => Promise<number> };
}

/** One Synapse process of worker mode, as stack.json lists it. */
export interface LocalSynapseWorker {
  name: string;
  kind: string;
  httpUrl: string;
  metricsUrl: string;
  pidFile: string;
  logFile: string;
  process: Restarting;
}

export interface LocalSynapse {
  url: string;
  secrets: SynapseSecrets;
  configFile: string;
  /** The token the audit drain presents to the module's spool endpoints. */
  auditDrainTokenFile: string;
  /** Synapse, restarted when it dies after start-up (as the bridge and the bots are); in worker mode the main process. */
  process: Restarting;
  /** Worker mode only: the workers (main excluded) and the router in front. */
  workers?: LocalSynapseWorker[];
  router?: SynapseRouter;
  /** Stops everything this started (the router, the workers, main). */
  stop(): Promise<void>;
}

/** Renders the config into `dir`, starts Synapse (in worker mode: main, the workers and the router) and waits until it is healthy. */
export async function startLocalSynapse(o: LocalSynapseOptions): Promise<LocalSynapse> {
  mkdirSync(join(o.dir, "media"), { recursive: true, mode: 0o700 });
  const signingKeyPath = join(o.dir, "signing.key");
  const secrets = ensureSynapseSecrets(join(o.dir, "secrets"), signingKeyPath);
  const url = `http://${o.host}:${o.port}`;
  const configFile = join(o.dir, "homeserver.yaml");
  const logConfigPath = join(o.dir, "log.config.yaml");
  const auditDrainTokenFile = join(o.dir, "secrets", "audit_drain_token");
  secretFile(auditDrainTokenFile, randomSecret);
  writeFileSync(logConfigPath, renderSynapseLogConfig(join(o.dir, "homeserver.log"), "INFO", { auditHandlers: true }));
  const deployment: SynapseDeployment = {
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
  };
  if (o.workers) return startWorkerMode(o, o.workers, deployment, { url, secrets, configFile, auditDrainTokenFile });

  writeFileSync(configFile, renderSynapseYaml(o.policy, deployment), { mode: 0o600 });
  const main = superviseSynapse(o, { instance: "main", args: ["-m", "synapse.app.homeserver", "-c", configFile], pidFile: join(o.dir, "homeserver.pid"), stdoutLog: join(o.dir, "stdout.log") });
  await waitHealthy(main, url, join(o.dir, "homeserver.log"), "Synapse");
  return { url, secrets, configFile, auditDrainTokenFile, process: main.supervised, stop: () => main.supervised.stop() };
}

interface SupervisedSynapse {
  instance: string;
  supervised: Restarting;
  stdoutLog: string;
  /** Set once it answered /health: from then on a death is a restart, not a start-up failure. */
  markHealthy(): void;
}

/** One Synapse process (main or a worker), restarted when it dies after start-up. */
function superviseSynapse(o: LocalSynapseOptions, p: { instance: string; args: string[]; pidFile: string; stdoutLog: string }): SupervisedSynapse {
  killStale(p.pidFile, p.args[1] ?? "synapse.app");
  const launch = (): Supervised => {
    const proc = startSupervised(p.instance === "main" ? "synapse" : `synapse ${p.instance}`, o.python, p.args, {
      cwd: o.dir,
      logFile: p.stdoutLog,
      // Wardroom's Synapse module (infra/synapse/modules) is loaded from the repository.
      env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONPATH: [synapseModulesDir, process.env.PYTHONPATH].filter(Boolean).join(":") },
    });
    // Synapse writes its pid file only when it daemonizes; we keep one so that a later run can
    // clean up after a supervisor that was itself killed.
    if (proc.child.pid) writeFileSync(p.pidFile, `${proc.child.pid}\n`);
    void proc.exited.then(() => {
      if (existsSync(p.pidFile) && readFileSync(p.pidFile, "utf8").trim() === String(proc.child.pid)) rmSync(p.pidFile, { force: true });
    });
    return proc;
  };
  // Until it is healthy once, a death is a start-up failure (reported by waitHealthy); after
  // that it is restarted, and the stack says so.
  let healthy = false;
  const supervised = startRestarting(launch, (code, n) => {
    if (healthy) o.onRestart?.(code, n, p.instance);
  });
  return { instance: p.instance, supervised, stdoutLog: p.stdoutLog, markHealthy: () => (healthy = true) };
}

async function waitHealthy(s: SupervisedSynapse, url: string, logFile: string, what: string): Promise<void> {
  const proc = s.supervised.current()!;
  const client = new SynapseClient({ baseUrl: url, timeoutMs: 2000 });
  const deadline = Date.now() + 180_000;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await s.supervised.stop();
      throw new InputError(`${what} exited during start-up (exit ${exitCode}); see ${logFile}:\n${logTail(s.stdoutLog)}\n${logTail(logFile, 5)}`);
    }
    if (await client.isHealthy()) {
      s.markHealthy();
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await s.supervised.stop();
  throw new InputError(`${what} did not become healthy within 180 s; see ${logFile}`);
}

/**
 * Worker mode: the files planLocalWorkers renders, main first (it creates and upgrades the
 * schema), then every worker at once, then the router on the homeserver port.
 */
async function startWorkerMode(
  o: LocalSynapseOptions,
  w: NonNullable<LocalSynapseOptions["workers"]>,
  base: SynapseDeployment,
  common: { url: string; secrets: SynapseSecrets; configFile: string; auditDrainTokenFile: string },
): Promise<LocalSynapse> {
  const workersDir = join(o.dir, "workers");
  mkdirSync(workersDir, { recursive: true, mode: 0o700 });
  const ports: Record<string, LocalPorts> = {};
  for (const instance of ["main", ...w.topology.workers.map((x) => x.name)]) {
    ports[instance] = {
      // Main's metrics port is the stack's (componentTable.ts); clients reach main only through the router.
      http: await w.allocatePort(),
      replication: await w.allocatePort(),
      metrics: instance === "main" ? o.metricsPort : await w.allocatePort(),
    };
  }
  const redisPasswordPath = join(o.dir, "secrets", "redis_password");
  if (w.redis.password) writeSecretFile(redisPasswordPath, w.redis.password);
  const d: SynapseDeployment = {
    ...base,
    // Nine processes with Synapse's default pool (10) would take most of a local PostgreSQL's
    // 100 connections; 3 each is plenty for one machine's load (the bench measures it).
    ...(base.database.kind === "postgres" ? { database: { ...base.database, pool: { min: 1, max: 3 } } } : {}),
    clientListener: { port: ports.main!.http, bindAddresses: ["127.0.0.1"] },
    redis: { host: w.redis.host, port: w.redis.port, ...(w.redis.useTls ? { useTls: true } : {}), ...(w.redis.password ? { passwordPath: redisPasswordPath } : {}) },
  };
  const plan = planLocalWorkers(o.policy, d, w.topology, { dir: o.dir, ports, replicationSecret: secretFile(join(o.dir, "secrets", "replication_secret"), randomSecret) });
  for (const f of plan.files) writeSecretFile(f.path, f.content);
  const started: SupervisedSynapse[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.supervised.stop().catch(() => undefined);
    started.length = 0;
  };
  const startOne = (p: LocalProcessPlan): SupervisedSynapse => {
    const isMain = p.instance === "main";
    if (!isMain) writeFileSync(join(workersDir, `${p.instance}.log.yaml`), renderSynapseLogConfig(join(workersDir, `${p.instance}.log`), "INFO", { auditHandlers: true }));
    const s = superviseSynapse(o, {
      instance: p.instance,
      args: p.args,
      pidFile: isMain ? join(o.dir, "homeserver.pid") : join(workersDir, `${p.instance}.pid`),
      stdoutLog: isMain ? join(o.dir, "stdout.log") : join(workersDir, `${p.instance}.stdout.log`),
    });
    started.push(s);
    return s;
  };
  const logOf = (instance: string) => (instance === "main" ? join(o.dir, "homeserver.log") : join(workersDir, `${instance}.log`));
  try {
    const [mainPlan, ...workerPlans] = plan.processes;
    await waitHealthy(startOne(mainPlan!), mainPlan!.httpUrl, logOf("main"), "Synapse (main process)");
    await Promise.all(workerPlans.map((p) => waitHealthy(startOne(p), p.httpUrl, logOf(p.instance), `Synapse worker ${p.instance}`)));
    const router = await startSynapseRouter({ host: o.host, port: o.port, topology: w.topology, targets: Object.fromEntries(plan.processes.map((p) => [p.instance, p.httpUrl])) });
    const byName = new Map(started.map((s) => [s.instance, s]));
    return {
      ...common,
      process: byName.get("main")!.supervised,
      router,
      workers: workerPlans.map((p) => ({
        name: p.instance,
        kind: p.kind,
        httpUrl: p.httpUrl,
        metricsUrl: p.metricsUrl,
        pidFile: join(workersDir, `${p.instance}.pid`),
        logFile: logOf(p.instance),
        process: byName.get(p.instance)!.supervised,
      })),
      stop: async () => {
        await router.close();
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

import { stringify } from "yaml";
import { InputError } from "../errors.ts";
import type { Policy } from "../policy/index.ts";
import { renderSynapseConfig, type SynapseDeployment } from "./renderConfig.ts";
import { MAIN_PROCESS, replicationInstances, type SynapseTopology, type SynapseWorker } from "./topology.ts";

/**
 * Renders the worker topology into Synapse's files: the shared homeserver config (the one
 * renderer, renderConfig.ts, plus the worker settings) and one small file per worker. The
 * same function serves the local worker mode and the AWS tasks; only the placement (hosts,
 * ports, paths) differs, and that is the deployment's to say.
 */

/** Where one Synapse process listens and how the others reach it. */
export interface ProcessPlacement {
  /** The address other processes use for it (instance_map): 127.0.0.1 locally, a private DNS name on AWS. */
  host: string;
  bindAddresses: string[];
  /** HTTP listener: client/media resources, or only /health for workers that serve no requests. */
  httpPort: number;
  /** HTTP replication listener, for main and the stream writers only. Never exposed to clients. */
  replicationPort: number;
  metricsPort: number;
}

export interface WorkerDeployment {
  placement(instance: string): ProcessPlacement;
  logConfigPath(instance: string): string;
  pidFile?(instance: string): string;
  /** The replication secret, inline (local) or as a file (AWS, from Secrets Manager). */
  replicationSecret: { value: string } | { path: string };
}

export type SynapseConfig = Record<string, unknown>;

/** The worker settings of the shared config: instance_map, stream_writers and who does which duty. */
export function renderWorkerSharedSettings(t: SynapseTopology, wd: WorkerDeployment): SynapseConfig {
  const instanceMap: Record<string, { host: string; port: number }> = {};
  for (const name of replicationInstances(t)) {
    const p = wd.placement(name);
    instanceMap[name] = { host: p.host, port: p.replicationPort };
  }
  return {
    instance_map: instanceMap,
    stream_writers: t.streamWriters,
    run_background_tasks_on: t.backgroundTasksOn,
    notify_appservices_from_worker: t.notifyAppservicesFrom,
    update_user_directory_from_worker: t.updateUserDirectoryFrom,
    pusher_instances: t.pusherInstances,
    // The main process stops serving media; the media repository workers do.
    enable_media_repo: false,
    media_instance_running_background_jobs: t.mediaBackgroundJobsOn,
    // Replication HTTP between processes is authenticated (it is never exposed to clients).
    ...("value" in wd.replicationSecret
      ? { worker_replication_secret: wd.replicationSecret.value }
      : { worker_replication_secret_path: wd.replicationSecret.path }),
  };
}

/**
 * The shared homeserver.yaml for a worker deployment: everything renderSynapseConfig says from
 * the policy, plus the worker settings and main's replication listener. Workers read this file
 * and then their own.
 */
export function renderSharedWorkerConfig(policy: Policy, d: SynapseDeployment, t: SynapseTopology, wd: WorkerDeployment): SynapseConfig {
  if (d.database.kind !== "postgres") throw new InputError("database: Synapse workers need PostgreSQL (SQLite is single-process only)");
  if (!d.redis) throw new InputError("redis: Synapse workers need Redis for replication");
  const base = renderSynapseConfig(policy, d);
  const main = wd.placement(MAIN_PROCESS);
  const replicationListener = {
    port: main.replicationPort,
    bind_addresses: main.bindAddresses,
    type: "http",
    tls: false,
    x_forwarded: false,
    resources: [{ names: ["replication"], compress: false }],
  };
  return {
    ...base,
    listeners: [...(base.listeners as unknown[]), replicationListener],
    ...renderWorkerSharedSettings(t, wd),
  };
}

/** One worker's own file (`worker_app`, `worker_name`, its listeners). */
export function renderWorkerConfig(w: SynapseWorker, d: Pick<SynapseDeployment, "clientListener">, wd: WorkerDeployment): SynapseConfig {
  const p = wd.placement(w.name);
  const tls = d.clientListener.tls;
  const listeners: Record<string, unknown>[] = [
    {
      type: "http",
      port: p.httpPort,
      bind_addresses: p.bindAddresses,
      tls: w.resources.length > 0 && Boolean(tls),
      x_forwarded: true,
      // "health" alone: the worker serves no requests but answers /health for its supervisor.
      resources: [{ names: w.resources.length > 0 ? [...w.resources] : ["health"], compress: false }],
    },
  ];
  if (w.streams.length > 0) {
    listeners.push({ type: "http", port: p.replicationPort, bind_addresses: p.bindAddresses, tls: false, resources: [{ names: ["replication"], compress: false }] });
  }
  listeners.push({ type: "metrics", port: p.metricsPort, bind_addresses: p.bindAddresses });
  return {
    worker_app: w.app,
    worker_name: w.name,
    worker_listeners: listeners,
    worker_log_config: wd.logConfigPath(w.name),
    ...(wd.pidFile ? { worker_pid_file: wd.pidFile(w.name) } : {}),
  };
}

export interface RenderedWorkerFiles {
  /** homeserver.yaml: read by main and by every worker. */
  shared: SynapseConfig;
  /** worker name -> its own file. */
  workers: Record<string, SynapseConfig>;
}

export function renderWorkerFiles(policy: Policy, d: SynapseDeployment, t: SynapseTopology, wd: WorkerDeployment): RenderedWorkerFiles {
  const workers: Record<string, SynapseConfig> = {};
  for (const w of t.workers) workers[w.name] = renderWorkerConfig(w, d, wd);
  return { shared: renderSharedWorkerConfig(policy, d, t, wd), workers };
}

export function toSynapseYaml(config: SynapseConfig): string {
  return `# Generated by Wardroom from the policy and the worker topology; do not edit.\n${stringify(config, { lineWidth: 0 })}`;
}

/**
 * How a worker is started: `python -m <app> -c shared -c worker`. The main process runs
 * synapse.app.homeserver with the shared file alone.
 */
export function workerCommand(w: SynapseWorker, sharedFile: string, workerFile: string): string[] {
  return ["-m", w.app, "-c", sharedFile, "-c", workerFile];
}

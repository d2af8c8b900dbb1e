import type { Policy } from "../policy/index.ts";
import type { SynapseDeployment } from "./renderConfig.ts";
import { MAIN_PROCESS, type SynapseTopology } from "./topology.ts";
import { renderWorkerFiles, toSynapseYaml, workerCommand, type ProcessPlacement, type WorkerDeployment } from "./topologyConfig.ts";

/**
 * The worker topology placed on one machine: every process on 127.0.0.1 with its own ports,
 * its files under one directory. Pure: the local stack allocates the ports, writes the files
 * this returns and starts the commands (the worker mode of `wardroom local up`).
 */

export interface LocalPorts {
  http: number;
  replication: number;
  metrics: number;
}

export interface LocalWorkerLayout {
  dir: string;
  /** instance name (main and every worker) -> its ports. */
  ports: Record<string, LocalPorts>;
  replicationSecret: string;
}

export interface LocalProcessPlan {
  instance: string;
  kind: string;
  /** Arguments after the Python interpreter. */
  args: string[];
  httpUrl: string;
  metricsUrl: string;
}

export interface LocalWorkerPlan {
  files: { path: string; content: string }[];
  processes: LocalProcessPlan[];
}

const join = (...parts: string[]): string => parts.join("/").replace(/\/+/g, "/");

export function localWorkerDeployment(layout: LocalWorkerLayout): WorkerDeployment {
  return {
    placement(instance: string): ProcessPlacement {
      const p = layout.ports[instance];
      if (!p) throw new Error(`no ports allocated for Synapse instance ${instance}`);
      return { host: "127.0.0.1", bindAddresses: ["127.0.0.1"], httpPort: p.http, replicationPort: p.replication, metricsPort: p.metrics };
    },
    logConfigPath: (instance) => join(layout.dir, "workers", `${instance}.log.yaml`),
    pidFile: (instance) => join(layout.dir, "workers", `${instance}.pid`),
    replicationSecret: { value: layout.replicationSecret },
  };
}

/** Every file and command of the local worker mode; `d` is the shared deployment (its clientListener is main's). */
export function planLocalWorkers(policy: Policy, d: SynapseDeployment, t: SynapseTopology, layout: LocalWorkerLayout): LocalWorkerPlan {
  const wd = localWorkerDeployment(layout);
  const rendered = renderWorkerFiles(policy, d, t, wd);
  const sharedPath = join(layout.dir, "homeserver.yaml");
  const files = [{ path: sharedPath, content: toSynapseYaml(rendered.shared) }];
  const url = (port: number): string => `http://127.0.0.1:${port}`;
  const mainPorts = layout.ports[MAIN_PROCESS] as LocalPorts;
  const processes: LocalProcessPlan[] = [
    {
      instance: MAIN_PROCESS,
      kind: "main",
      args: ["-m", "synapse.app.homeserver", "-c", sharedPath],
      httpUrl: url(d.clientListener.port),
      metricsUrl: `${url(mainPorts.metrics)}/_synapse/metrics`,
    },
  ];
  for (const w of t.workers) {
    const path = join(layout.dir, "workers", `${w.name}.yaml`);
    files.push({ path, content: toSynapseYaml(rendered.workers[w.name] as Record<string, unknown>) });
    const ports = layout.ports[w.name] as LocalPorts;
    processes.push({ instance: w.name, kind: w.kind, args: workerCommand(w, sharedPath, path), httpUrl: url(ports.http), metricsUrl: `${url(ports.metrics)}/_synapse/metrics` });
  }
  return { files, processes };
}

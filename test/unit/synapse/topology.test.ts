import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { InputError } from "../../../core/errors.ts";
import { buildTopology, MINIMAL_WORKER_COUNTS, replicationInstances, STREAM_WRITER_STREAMS, type WorkerCounts } from "../../../core/synapse/topology.ts";
import { renderWorkerFiles } from "../../../core/synapse/topologyConfig.ts";
import { planLocalWorkers } from "../../../core/synapse/topologyLocal.ts";
import { localDeployment, localPorts, shippedPolicy } from "./workerFixtures.ts";

type Cfg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const counts: WorkerCounts = { clientReaders: 2, syncWorkers: 3, eventPersisters: 2, pushers: 1, mediaRepositories: 1 };

describe("the worker topology", () => {
  const t = buildTopology(counts);

  it("has every worker kind Wardroom uses, with unique names", () => {
    const names = t.workers.map((w) => w.name);
    expect(new Set(names).size).toBe(names.length);
    expect(t.workers.map((w) => w.kind).sort()).toEqual(
      ["appservice", "background", "client_reader", "client_reader", "event_persister", "event_persister", "media_repository", "pusher", "stream_writer", "sync", "sync", "sync"].sort(),
    );
  });

  it("writes events on the persisters and the other streams on the one stream writer", () => {
    expect(t.streamWriters.events).toEqual(["event_persister1", "event_persister2"]);
    for (const s of STREAM_WRITER_STREAMS) expect(t.streamWriters[s]).toEqual(["stream_writer1"]);
    expect(replicationInstances(t)).toEqual(["main", "event_persister1", "event_persister2", "stream_writer1"]);
  });

  it("serves the SMS bridge's transactions from the appservice worker", () => {
    expect(t.notifyAppservicesFrom).toBe("appservice1");
    expect(t.workers.find((w) => w.name === "appservice1")?.resources).toEqual(["client"]);
  });

  it("refuses counts out of range, naming the key", () => {
    expect(() => buildTopology({ ...counts, syncWorkers: 0 })).toThrow(InputError);
    expect(() => buildTopology({ ...counts, syncWorkers: 0 })).toThrow(/workers\.syncWorkers/);
    expect(() => buildTopology({ ...counts, eventPersisters: 1.5 })).toThrow(/workers\.eventPersisters/);
    expect(() => buildTopology({ ...counts, clientReaders: 99 })).toThrow(/workers\.clientReaders: must be a whole number from 1 to 16/);
  });
});

/**
 * The rules below are the ones Synapse applies when it loads the files (synapse/config/workers.py
 * of the pinned release) and the ones docs/workers.md states.
 */
describe("the rendered Synapse files for the local worker mode", () => {
  const policy = shippedPolicy();
  const t = buildTopology(counts);
  const names = ["main", ...t.workers.map((w) => w.name)];
  const layout = { dir: "/state/synapse", ports: localPorts(names), replicationSecret: "repl-secret" };
  const plan = planLocalWorkers(policy, localDeployment, t, layout);
  const shared = parse(plan.files[0]!.content) as Cfg;
  const workerFiles: Cfg = Object.fromEntries(plan.files.slice(1).map((f) => [f.path.split("/").pop()!.replace(".yaml", ""), parse(f.content) as Cfg]));

  it("puts main and every stream writer in instance_map, at its replication listener", () => {
    expect(Object.keys(shared.instance_map).sort()).toEqual(["event_persister1", "event_persister2", "main", "stream_writer1"]);
    for (const [stream, writers] of Object.entries(shared.stream_writers as Record<string, string[]>)) {
      for (const w of writers) expect(shared.instance_map[w], `${stream} writer ${w}`).toBeDefined();
    }
    const mainReplication = shared.listeners.find((l: Cfg) => l.resources?.[0]?.names.includes("replication"));
    expect(mainReplication.port).toBe(shared.instance_map.main.port);
    for (const w of ["event_persister1", "stream_writer1"]) {
      const l = workerFiles[w].worker_listeners.find((x: Cfg) => x.resources?.[0]?.names.includes("replication"));
      expect(l.port).toBe(shared.instance_map[w].port);
    }
  });

  it("has exactly one writer for the single-writer streams", () => {
    for (const s of ["typing", "to_device", "account_data", "presence", "push_rules"]) expect(shared.stream_writers[s]).toHaveLength(1);
    expect(shared.stream_writers.events.length).toBeGreaterThan(0);
  });

  it("moves duties off main: background tasks, appservices, pushers, media, user directory", () => {
    expect(shared.run_background_tasks_on).toBe("background1");
    expect(shared.notify_appservices_from_worker).toBe("appservice1");
    expect(shared.update_user_directory_from_worker).toBe("background1");
    expect(shared.pusher_instances).toEqual(["pusher1"]);
    expect(shared.enable_media_repo).toBe(false);
    expect(shared.media_instance_running_background_jobs).toBe("media1");
    expect(shared.worker_replication_secret).toBe("repl-secret");
    expect(shared.redis).toEqual({ enabled: true, host: "127.0.0.1", port: 6379 });
  });

  it("keeps the policy's settings in the shared file (one renderer)", () => {
    expect(shared.encryption_enabled_by_default_for_room_type).toBe("all");
    expect(shared.federation_domain_whitelist).toEqual([]);
    expect(shared.modules[0].module).toBe("wardroom_synapse.SmsPortalRooms");
  });

  it("gives each worker its app, name, listeners and log config", () => {
    expect(Object.keys(workerFiles).sort()).toEqual(t.workers.map((w) => w.name).sort());
    for (const w of t.workers) {
      const f = workerFiles[w.name];
      expect(f.worker_app).toBe(w.kind === "media_repository" ? "synapse.app.media_repository" : "synapse.app.generic_worker");
      expect(f.worker_name).toBe(w.name);
      expect(f.worker_log_config).toBe(`/state/synapse/workers/${w.name}.log.yaml`);
      const http = f.worker_listeners[0];
      expect(http.type).toBe("http");
      expect(http.resources[0].names).toEqual(w.kind === "media_repository" ? ["media"] : w.resources.length ? ["client"] : ["health"]);
      expect(f.worker_listeners.at(-1).type).toBe("metrics");
    }
  });

  it("never serves federation and never exposes replication outside the machine", () => {
    for (const f of [shared, ...Object.values(workerFiles)]) {
      const listeners = (f.listeners ?? f.worker_listeners) as Cfg[];
      for (const l of listeners) {
        expect(l.bind_addresses).toEqual(["127.0.0.1"]);
        expect(l.resources?.[0]?.names ?? []).not.toContain("federation");
      }
    }
  });

  it("gives every process distinct ports and a start command", () => {
    const ports = plan.processes.flatMap((p) => [new URL(p.httpUrl).port, new URL(p.metricsUrl).port]);
    expect(new Set(ports).size).toBe(ports.length);
    const sync1 = plan.processes.find((p) => p.instance === "sync1")!;
    expect(sync1.args).toEqual(["-m", "synapse.app.generic_worker", "-c", "/state/synapse/homeserver.yaml", "-c", "/state/synapse/workers/sync1.yaml"]);
    expect(plan.processes[0]!.args).toEqual(["-m", "synapse.app.homeserver", "-c", "/state/synapse/homeserver.yaml"]);
  });

  it("refuses SQLite and a missing Redis", () => {
    const wd = { placement: () => ({ host: "h", bindAddresses: ["h"], httpPort: 1, replicationPort: 2, metricsPort: 3 }), logConfigPath: () => "l", replicationSecret: { value: "s" } };
    expect(() => renderWorkerFiles(policy, { ...localDeployment, database: { kind: "sqlite", path: "x" } }, t, wd)).toThrow(/database: Synapse workers need PostgreSQL/);
    const { redis: _redis, ...noRedis } = localDeployment;
    expect(() => renderWorkerFiles(policy, noRedis, t, wd)).toThrow(/redis: Synapse workers need Redis/);
  });

  it("renders the minimal topology the local worker mode starts", () => {
    const small = buildTopology(MINIMAL_WORKER_COUNTS);
    expect(small.workers.map((w) => w.name)).toEqual(["client_reader1", "sync1", "event_persister1", "stream_writer1", "media1", "background1", "pusher1", "appservice1"]);
  });
});

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey } from "../../../core/synapse/signingKey.ts";
import { buildTopology, STREAM_WRITER_STREAMS } from "../../../core/synapse/topology.ts";
import { planLocalWorkers } from "../../../core/synapse/topologyLocal.ts";
import { ensureSynapseVenv } from "../../../infra/local/python.ts";
import { repoRoot } from "../../../runtime/paths.ts";
import { localDeployment, localPorts, shippedPolicy } from "./workerFixtures.ts";

/**
 * The pinned Synapse itself loads the rendered files (its own config parser, as
 * `python -m synapse.app.generic_worker -c shared -c worker` does before it starts): every
 * worker file is accepted and each process takes the duties the topology gives it.
 */
const LOAD = `
import json, sys
from synapse.config.homeserver import HomeServerConfig
out = {}
for args in json.loads(sys.argv[1]):
    c = HomeServerConfig.load_config("wardroom-check", args)
    w = c.worker
    out[w.instance_name] = {
        "app": w.worker_app, "events": w.writers.events, "typing": w.writers.typing, "receipts": w.writers.receipts,
        "background": w.run_background_tasks, "appservices": w.should_notify_appservices, "pushers": w.start_pushers,
        "media": c.media.can_load_media_repo, "userDirectory": w.should_update_user_directory,
        "replication": sorted(w.instance_map.keys()),
    }
print(json.dumps(out))
`;

type Duties = Record<string, { app: string | null; events: string[]; typing: string[]; receipts: string[]; background: boolean; appservices: boolean; pushers: boolean; media: boolean; userDirectory: boolean; replication: string[] }>;

describe("the rendered worker files, loaded by the pinned Synapse", () => {
  const dir = mkdtempSync(join(tmpdir(), "wardroom-workers-"));
  const t = buildTopology({ clientReaders: 1, syncWorkers: 2, eventPersisters: 2, pushers: 1, mediaRepositories: 1 });
  let duties: Duties = {};

  beforeAll(async () => {
    const python = await ensureSynapseVenv(() => {});
    const d = { ...localDeployment, signingKeyPath: join(dir, "signing.key"), logConfigPath: join(dir, "log.yaml"), mediaStorePath: join(dir, "media"), appServiceConfigFiles: [] };
    const plan = planLocalWorkers(shippedPolicy(), d, t, { dir, ports: localPorts(["main", ...t.workers.map((w) => w.name)]), replicationSecret: "replication-secret" });
    for (const f of plan.files) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
    }
    writeFileSync(d.signingKeyPath, generateSigningKey());
    const logYaml = "version: 1\nroot: {level: WARNING}\n";
    writeFileSync(d.logConfigPath, logYaml);
    for (const w of t.workers) writeFileSync(join(dir, "workers", `${w.name}.log.yaml`), logYaml);
    const argv = plan.processes.map((p) => p.args.filter((_, i) => i >= 2));
    const res = spawnSync(python, ["-c", LOAD, JSON.stringify(argv)], {
      encoding: "utf8",
      env: { ...process.env, PYTHONPATH: join(repoRoot, "infra", "synapse", "modules") },
      timeout: 120_000,
    });
    if (res.status !== 0) throw new Error(`Synapse refused the rendered config:\n${res.stderr.split("\n").slice(-15).join("\n")}`);
    duties = JSON.parse(res.stdout) as Duties;
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts main and every worker", () => {
    expect(Object.keys(duties).sort()).toEqual(["master", ...t.workers.map((w) => w.name)].sort());
    expect(duties.media1!.app).toBe("synapse.app.media_repository");
    expect(duties.sync1!.app).toBe("synapse.app.generic_worker");
  });

  it("agrees on the stream writers and instance_map", () => {
    for (const d of Object.values(duties)) {
      expect(d.events).toEqual(["event_persister1", "event_persister2"]);
      expect(d.typing).toEqual(["stream_writer1"]);
      expect(d.receipts).toEqual(["stream_writer1"]);
    }
    // Synapse keeps main in instance_map as "master".
    expect(duties.sync1!.replication).toEqual(["event_persister1", "event_persister2", "master", "stream_writer1"]);
    expect(STREAM_WRITER_STREAMS).toContain("push_rules");
  });

  it("runs each duty on exactly the process the topology names", () => {
    const on = (duty: keyof Duties[string]) => Object.entries(duties).filter(([, d]) => d[duty] === true).map(([n]) => n);
    expect(on("background")).toEqual(["background1"]);
    expect(on("appservices")).toEqual(["appservice1"]);
    expect(on("pushers")).toEqual(["pusher1"]);
    expect(on("userDirectory")).toEqual(["background1"]);
    expect(on("media")).toEqual(["media1"]);
  });
});

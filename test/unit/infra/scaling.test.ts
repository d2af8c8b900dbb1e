import { beforeAll, describe, expect, it } from "vitest";
import { TOKEN_BUCKETS } from "../../../core/synapse/topologyRoutes.ts";
import { exampleStackConfig, mockPulumi, ofType, runProgram, type RecordedResource } from "./pulumiMocks.ts";

/** Scaling is a config change: more workers in `wardroom:workers`, more ECS services and rules. */
let resources: RecordedResource[] = [];
beforeAll(async () => {
  resources = await mockPulumi(exampleStackConfig({ "wardroom:workers": { clientReaders: 3, syncWorkers: 5, eventPersisters: 4, pushers: 2, mediaRepositories: 2 } }), "scaled");
  await runProgram();
}, 60_000);

describe("a stack scaled through wardroom:workers", () => {
  it("runs one ECS service per worker", () => {
    const services = ofType(resources, "aws:ecs/service:Service")
      .filter((s) => s.name.startsWith("homeserver-"))
      .map((s) => (s.inputs.tags as Record<string, string>)["wardroom:synapse-instance"]);
    expect(services.filter((n) => n?.startsWith("sync"))).toHaveLength(5);
    expect(services.filter((n) => n?.startsWith("client_reader"))).toHaveLength(3);
    expect(services.filter((n) => n?.startsWith("event_persister"))).toHaveLength(4);
    expect(services.filter((n) => n?.startsWith("media"))).toHaveLength(2);
    expect(services).toHaveLength(1 + 3 + 5 + 4 + 1 + 2 + 1 + 2 + 1);
  });

  it("registers every event persister in Cloud Map for instance_map", () => {
    const dns = ofType(resources, "aws:servicediscovery/service:Service").map((s) => s.inputs.name);
    expect(dns.sort()).toEqual(["event-persister1", "event-persister2", "event-persister3", "event-persister4", "main", "stream-writer1"]);
  });

  it("spreads the 36 token buckets over the five sync workers on both listeners", () => {
    const headerRules = ofType(resources, "aws:lb/listenerRule:ListenerRule").filter((r) => JSON.stringify(r.inputs.conditions).includes("Authorization"));
    const values = headerRules.flatMap((r) => (r.inputs.conditions as { httpHeader?: { values: string[] } }[]).flatMap((c) => c.httpHeader?.values ?? []));
    expect(values).toHaveLength(2 * TOKEN_BUCKETS.length);
    expect(ofType(resources, "aws:lb/targetGroup:TargetGroup").filter((t) => String(t.inputs.name).includes("worker-sync"))).toHaveLength(5);
  });
});

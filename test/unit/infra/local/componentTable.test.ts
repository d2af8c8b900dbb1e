import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allocatePorts, LOCAL_COMPONENTS, LOCAL_PORTS, portsAsEnv, portsFromEnv } from "../../../../infra/local/componentTable.ts";
import { repoRoot } from "../../../../runtime/paths.ts";

describe("the local stack's component table", () => {
  it("gives every port a distinct variable and default, and reads them from the environment", () => {
    expect(new Set(LOCAL_PORTS.map((p) => p.env)).size).toBe(LOCAL_PORTS.length);
    expect(new Set(LOCAL_PORTS.map((p) => p.defaultPort)).size).toBe(LOCAL_PORTS.length);
    expect(portsFromEnv({})).toEqual({ idp: 8092, homeserver: 8008, metrics: 9008, bridge: 8009, simulator: 8090, scim: 8094, console: 8093 });
    expect(portsFromEnv({ WARDROOM_BRIDGE_PORT: "18009" }).bridge).toBe(18009);
    expect(() => portsFromEnv({ WARDROOM_SIMULATOR_PORT: "70000" })).toThrow(/^WARDROOM_SIMULATOR_PORT: must be a port number/);
  });

  it("round-trips allocated ports through the environment a `local up` child reads", async () => {
    let next = 20000;
    const ports = await allocatePorts(async () => next++);
    expect(portsFromEnv(portsAsEnv(ports))).toEqual(ports);
  });

  it("names a state folder per component, and the README lists every port variable", () => {
    expect(new Set(LOCAL_COMPONENTS.map((c) => c.dir)).size).toBe(LOCAL_COMPONENTS.length);
    for (const c of LOCAL_COMPONENTS) if (c.pidFile) expect(c.pidFile.startsWith(`${c.dir}/`)).toBe(true);
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    for (const p of LOCAL_PORTS) expect(readme).toContain(`\`${p.env}\``);
  });
});

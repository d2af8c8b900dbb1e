import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../infra/local/networkPorts.ts";
import { defaultPolicyPath } from "../../../runtime/paths.ts";
import { runCli } from "../../helpers/cli.ts";

/** `local up` refuses to start, with one clear line and exit 2, when the operator must fix something. */
describe("wardroom local up: problems an operator can fix", () => {
  const state = mkdtempSync(join(tmpdir(), "wardroom-up-"));
  let busy: Server;
  let busyPort = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    busyPort = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it("exits 2 naming the bad key of a broken policy, before starting anything", async () => {
    const file = join(state, "broken.yaml");
    writeFileSync(file, readFileSync(defaultPolicyPath, "utf8").replace("idleLogoffMinutes: 15", "idleLogoffMinutes: 600"));
    const res = await runCli(["local", "up", "--policy", file], { env: { WARDROOM_STATE_DIR: state } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/sessions\.idleLogoffMinutes: must be at most 60/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(state, "local", "stack.json"))).toBe(false);
  });

  it("exits 2 with one line when the homeserver port is busy", async () => {
    const res = await runCli(["local", "up"], { env: { WARDROOM_STATE_DIR: state, WARDROOM_HOMESERVER_PORT: String(busyPort) } });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(
      `wardroom: port ${busyPort} on 127.0.0.1 is busy (homeserver); stop what uses it or set WARDROOM_HOMESERVER_PORT to another port`,
    );
  });

  it("exits 2 with one line when no usable Python is installed", async () => {
    const res = await runCli(["local", "up"], {
      env: {
        WARDROOM_STATE_DIR: state,
        WARDROOM_VENV: join(state, "no-venv"),
        WARDROOM_PYTHON: "/nonexistent/python3",
        WARDROOM_HOMESERVER_PORT: String(await freePort()),
        WARDROOM_METRICS_PORT: String(await freePort()),
        WARDROOM_BRIDGE_PORT: String(await freePort()),
        WARDROOM_SIMULATOR_PORT: String(await freePort()),
      },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^wardroom: no usable Python found: Synapse needs Python >= 3\.10/);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 for a port that is not a number", async () => {
    const res = await runCli(["local", "up"], { env: { WARDROOM_STATE_DIR: state, WARDROOM_HOMESERVER_PORT: "http" } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/WARDROOM_HOMESERVER_PORT: must be a port number/);
  });
});

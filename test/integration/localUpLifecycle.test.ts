import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allocatePorts, LOCAL_COMPONENTS, portsAsEnv } from "../../infra/local/componentTable.ts";
import { freePort } from "../../infra/local/networkPorts.ts";
import type { StackInfo } from "../../infra/local/stack.ts";
import { venvDir } from "../../infra/local/python.ts";
import { repoRoot, stateDir } from "../../runtime/paths.ts";
import { loginAs } from "../helpers/matrix.ts";

// The lifecycle of `local up` does not depend on Synapse's database: vitest.config.ts runs this
// file in the SQLite project only, so that the other projects do not start extra homeservers.

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, child: ChildProcess, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const got = probe();
    if (got !== undefined) return got;
    if (child.exitCode !== null) throw new Error(`local up exited (${child.exitCode}) before ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("wardroom local up (npm start)", () => {
  const state = mkdtempSync(join(stateDir(), "test", "lifecycle-"));
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  async function up(...args: string[]): Promise<{ child: ChildProcess; info: StackInfo; stdout: () => string }> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WARDROOM_STATE_DIR: state,
      WARDROOM_VENV: venvDir(),
      ...portsAsEnv(await allocatePorts(() => freePort())),
    };
    delete env.WARDROOM_DATABASE_URL;
    const child = spawn(process.execPath, [join(repoRoot, "bin", "wardroom.mjs"), "local", "up", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", () => undefined);
    const file = join(state, "local", "stack.json");
    const info = await waitFor("stack.json", () => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StackInfo) : undefined), child);
    return { child, info, stdout: () => out };
  }

  async function sigterm(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    return exited;
  }

  it("starts, writes stack.json per the contract, stops every child on SIGTERM, and reuses its state", async () => {
    const first = await up();
    expect(first.info).toMatchObject({
      homeserver: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), serverName: "wardroom.localhost" },
      admin: { userId: "@admin:wardroom.localhost", passwordFile: expect.stringMatching(/passwords\/admin\.txt$/) },
    });
    expect(first.info.demoUsers.map((u) => u.role)).toEqual(expect.arrayContaining(["clinician", "auditor"]));
    const passwordPath = join(repoRoot, first.info.admin.passwordFile);
    expect(readFileSync(passwordPath, "utf8").trim().length).toBeGreaterThanOrEqual(20);
    expect((await import("node:fs")).statSync(passwordPath).mode & 0o777).toBe(0o600);
    // SCIM provisioning (DESIGN.md): its base URL, and its bearer token in a 0600 file.
    expect(first.info.scim).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/), tokenFile: expect.stringMatching(/scim\/secrets\/token$/) });
    expect((await import("node:fs")).statSync(join(repoRoot, first.info.scim.tokenFile)).mode & 0o777).toBe(0o600);
    const spc = await fetch(`${first.info.scim.url}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${readFileSync(join(repoRoot, first.info.scim.tokenFile), "utf8").trim()}` } });
    expect(spc.status).toBe(200);

    const admin = await loginAs(first.info, first.info.admin);
    const { room_id } = await admin.createRoom({ name: "survives a restart" });
    // Every separate process of the component table (Synapse, the bridge, the bot...).
    const processes = LOCAL_COMPONENTS.filter((c) => c.pidFile !== undefined);
    expect(processes.map((c) => c.name)).toEqual(expect.arrayContaining(["synapse", "sms-bridge", "compliance-bot", "lifecycle-bot"]));
    const pids = processes.map((c) => Number(readFileSync(join(state, "local", c.pidFile!), "utf8")));
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
    const signingKey = readFileSync(join(state, "local", "synapse", "signing.key"), "utf8");
    // `npm start` ships Synapse's production-like rate limits; only the test profile relaxes them.
    const homeserverYaml = readFileSync(join(state, "local", "synapse", "homeserver.yaml"), "utf8");
    expect(homeserverYaml).not.toMatch(/per_second: 1000/);
    const password = readFileSync(passwordPath, "utf8");

    expect(await sigterm(first.child)).toBe(0);
    // No orphans: Synapse, the bridge and the bot are gone once `local up` has exited.
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    for (const c of processes) expect(existsSync(join(state, "local", c.pidFile!))).toBe(false);
    expect(existsSync(join(state, "local", "stack.json"))).toBe(false);

    const second = await up("--json");
    // --json prints what stack.json holds, as one JSON document, once everything is up.
    const printed = await waitFor("the --json document", () => {
      try {
        return JSON.parse(second.stdout()) as StackInfo;
      } catch {
        return undefined;
      }
    }, second.child);
    expect(printed).toEqual(second.info);
    expect(readFileSync(join(state, "local", "synapse", "signing.key"), "utf8")).toBe(signingKey);
    expect(readFileSync(passwordPath, "utf8")).toBe(password);
    const again = await loginAs(second.info, second.info.admin);
    expect((await again.getJoinedRooms()).joined_rooms).toContain(room_id);
    expect(await sigterm(second.child)).toBe(0);
  }, 400_000);
});

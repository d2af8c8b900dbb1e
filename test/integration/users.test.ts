import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { defaultActionRegistry, type AuditRecord } from "../../core/audit/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { stateDir } from "../../runtime/paths.ts";
import { runCli } from "../helpers/cli.ts";
import { loginAs, rawRequest } from "../helpers/matrix.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { AdminApi, bridgeSecret, eventually, patientTexts, uniquePhone } from "../helpers/sms.ts";

interface Row {
  userId: string;
  displayName: string | null;
  roles: string[];
  locked: boolean;
  deactivated: boolean;
  lastSeenTs: number | null;
}

describeWithStack("user management (wardroom users ...)", (stack) => {
  let env: NodeJS.ProcessEnv = {};
  const onboarding = mkdtempSync(join(stateDir(), "test", "onboarding-"));

  beforeAll(async () => {
    const admin = await loginAs(stack(), stack().admin);
    env = {
      WARDROOM_HOMESERVER_URL: stack().homeserver.url,
      WARDROOM_ADMIN_TOKEN: admin.getAccessToken() ?? "",
      WARDROOM_AUDIT_URL: stack().internal.auditUrl,
      WARDROOM_DIRECTORY_URL: stack().internal.directoryUrl,
      WARDROOM_POLICY: `${stack().internal.stackDir}/policy.yaml`,
    };
  });

  const cli = async (...args: string[]) => runCli(args, { env });
  const login = (userId: string, password: string) =>
    rawRequest(stack(), "POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password } });
  async function records(action: string, target: string): Promise<AuditRecord[]> {
    const ledger = await openAuditLedger({ url: stack().internal.auditUrl, actions: defaultActionRegistry(), mustExist: true });
    try {
      return (await ledger.query({ action, target })).records;
    } finally {
      await ledger.close();
    }
  }

  it("lists staff with their roles from the role directory (DESIGN.md's shape)", async () => {
    const res = await cli("users", "list", "--json");
    expect(res.code).toBe(0);
    const rows = JSON.parse(res.stdout) as Row[];
    const alice = rows.find((r) => r.userId === stack().demoUsers.find((u) => u.role === "clinician")!.userId);
    expect(alice).toMatchObject({ displayName: expect.any(String), roles: ["clinician"], locked: false, deactivated: false });
    expect(Object.keys(alice!).sort()).toEqual(["deactivated", "displayName", "lastSeenTs", "locked", "roles", "userId"]);
    expect(alice!.lastSeenTs === null || typeof alice!.lastSeenTs === "number").toBe(true);
    expect(rows.find((r) => r.userId === stack().admin.userId)?.roles).toEqual(["admin"]);
    // Patient puppets are not staff accounts.
    expect(rows.some((r) => r.userId.startsWith("@sms_"))).toBe(false);
  });

  it("adds a clinician with a first password in a 0600 file, changes roles, and deactivates a leaver; all audited", async () => {
    const localpart = `dr.new.${randomBytes(3).toString("hex")}`;
    const passwordFile = join(onboarding, `${localpart}.txt`);
    const added = await cli("users", "add", localpart, "--name", "Dr New", "--role", "clinician", "--password-file", passwordFile, "--json");
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const { userId } = JSON.parse(added.stdout) as { userId: string };
    expect(userId).toBe(`@${localpart}:${stack().homeserver.serverName}`);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(added.stdout).not.toContain(readFileSync(passwordFile, "utf8").trim());
    expect((await login(userId, readFileSync(passwordFile, "utf8").trim())).status).toBe(200);
    expect((await cli("users", "add", localpart, "--name", "Again")).stderr).toMatch(/already exists/);

    const changed = await cli("users", "role", userId, "--add", "emergency", "--remove", "clinician", "--json");
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({ added: ["emergency"], removed: ["clinician"], roles: ["emergency"] });
    const shown = JSON.parse((await cli("users", "show", userId, "--json")).stdout) as Row & { devices: unknown[] };
    expect(shown.roles).toEqual(["emergency"]);
    expect(shown.devices).toHaveLength(1);

    const gone = await cli("users", "deactivate", userId);
    expect(gone.code).toBe(0);
    // Deactivation removes the password: the login is refused as any bad password would be.
    expect((await login(userId, readFileSync(passwordFile, "utf8").trim())).status).toBe(403);
    expect(JSON.parse((await cli("users", "show", userId, "--json")).stdout)).toMatchObject({ roles: [], deactivated: true });

    const actor = stack().admin.userId;
    expect(await records("user.created", userId)).toEqual([expect.objectContaining({ actor, details: { role: "clinician", roles: ["clinician"], admin: false } })]);
    expect((await records("user.roles_changed", userId)).sort((a, b) => a.seq - b.seq).map((r) => r.details)).toEqual([
      { added: ["clinician"], removed: [], source: "local" },
      { added: ["emergency"], removed: ["clinician"], source: "local" },
      { added: [], removed: ["emergency"], source: "local" },
    ]);
    expect(await records("user.deactivated", userId)).toEqual([expect.objectContaining({ actor, details: { erased: false } })]);
  });

  it("names the bad role, the bad localpart and the missing account", async () => {
    const badRole = await cli("users", "role", stack().admin.userId, "--add", "doctor");
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/"doctor" is not a role/);
    const badName = await cli("users", "add", "Dr Upper", "--name", "x");
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/localpart/);
    const missing = await cli("users", "show", `@nobody.${randomBytes(3).toString("hex")}:${stack().homeserver.serverName}`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/userId: no account/);
  });

  it("a new clinician joins the existing patient rooms with one command, is invited to new ones, and may open SMS conversations", async () => {
    const admin = await AdminApi.login(stack());
    const before = uniquePhone();
    await patientTexts(stack(), before, "hello, is this the clinic");
    const existing = await admin.waitForPortal(before);

    const localpart = `dr.joiner.${randomBytes(3).toString("hex")}`;
    const added = await cli("users", "add", localpart, "--name", "Dr Joiner", "--role", "clinician", "--join-portals", "--password-file", join(onboarding, `${localpart}.txt`), "--json");
    // Other test files leave rooms behind that only look like portals; those are named, not fatal.
    expect(added.stderr).not.toContain(existing);
    expect(added.code).toBe(0);
    const { userId, portalsJoined } = JSON.parse(added.stdout) as { userId: string; portalsJoined: number };
    expect(portalsJoined).toBeGreaterThanOrEqual(1);
    expect((await admin.members(existing))[userId]).toBe("join");
    expect((await records("portal.member_added", existing)).map((r) => r.details)).toEqual([{ member: userId }]);

    // The bridge reads the care team from the role directory when it creates a portal room.
    const after = uniquePhone();
    await patientTexts(stack(), after, "hi, question about my refill");
    const fresh = await admin.waitForPortal(after);
    // Synapse shows the room's state before it has sent createRoom's invites: wait for them.
    expect(await eventually("the new clinician's invitation", async () => (await admin.members(fresh))[userId])).toBe("invite");

    // And may open an SMS conversation (the care-team check reads the same directory).
    const opened = await fetch(`${stack().internal.bridge.url}/_wardroom/v1/sms/open`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridgeSecret(stack(), "control_token")}`, "content-type": "application/json" },
      body: JSON.stringify({ phone: uniquePhone(), requestedBy: userId }),
    });
    expect(opened.status).toBe(200);
    // Without the role, refused.
    await cli("users", "role", userId, "--remove", "clinician");
    const refused = await fetch(`${stack().internal.bridge.url}/_wardroom/v1/sms/open`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridgeSecret(stack(), "control_token")}`, "content-type": "application/json" },
      body: JSON.stringify({ phone: uniquePhone(), requestedBy: userId }),
    });
    expect(refused.status).toBe(403);
    expect((await cli("users", "role", userId, "--join-portals")).stderr).toMatch(/--join-portals: .* is not on the care team/);
  });
});

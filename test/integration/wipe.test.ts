import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { createClient, type MatrixClient } from "matrix-js-sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { defaultActionRegistry, type AuditRecord } from "../../core/audit/index.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { stateDir } from "../../runtime/paths.ts";
import { runCli } from "../helpers/cli.ts";
import { loginAs, rawRequest, registerUser } from "../helpers/matrix.ts";
import { describeWithStack, readPassword } from "../helpers/stack.ts";
import { AdminApi, patientTexts, uniquePhone } from "../helpers/sms.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";

describeWithStack("remote wipe (wardroom wipe, users lock/unlock, devices list)", (stack) => {
  let adminToken = "";
  let env: NodeJS.ProcessEnv = {};
  const passwords = new Map<string, string>();
  const clients: MatrixClient[] = [];

  beforeAll(async () => {
    const admin = await loginAs(stack(), stack().admin);
    adminToken = admin.getAccessToken() ?? "";
    clients.push(admin);
    env = {
      WARDROOM_HOMESERVER_URL: stack().homeserver.url,
      WARDROOM_ADMIN_TOKEN: adminToken,
      WARDROOM_AUDIT_URL: stack().internal.auditUrl,
      // The wipe journal lives here: a fresh one per test run.
      WARDROOM_STATE_DIR: mkdtempSync(join(stateDir(), "test", "wipe-")),
    };
  });
  afterAll(() => clients.forEach((c) => c.stopClient()));

  /** A fresh account; its password is kept for the logins of this file. */
  async function newUser(name: string): Promise<string> {
    const { userId, password: made } = await registerUser(stack(), name);
    passwords.set(userId, made);
    return userId;
  }

  async function login(userId: string, refresh = false): Promise<{ status: number; body: Record<string, unknown> }> {
    return rawRequest(stack(), "POST", "/_matrix/client/v3/login", {
      body: { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password: passwords.get(userId), refresh_token: refresh },
    });
  }

  async function records(action: string, target: string): Promise<AuditRecord[]> {
    const ledger = await openAuditLedger({ url: stack().internal.auditUrl, actions: defaultActionRegistry(), mustExist: true });
    try {
      return (await ledger.query({ action, target })).records;
    } finally {
      await ledger.close();
    }
  }

  it("deletes every device (hard logout, refresh token dead), locks, redacts, deletes media, and audits it", async () => {
    const userId = await newUser("wipe.me");
    const phone = await login(userId, true);
    const laptop = await login(userId);
    expect(phone.status).toBe(200);
    const phoneToken = phone.body.access_token as string;
    const refreshToken = phone.body.refresh_token as string;
    expect(refreshToken).toBeTruthy();

    // The user writes in a room shared with a colleague, and uploads a file.
    const user = createClient({ baseUrl: stack().homeserver.url, accessToken: laptop.body.access_token as string, userId });
    const colleague = clients[0]!;
    const { room_id } = await user.createRoom({ name: "handover", invite: [colleague.getUserId()!] });
    await colleague.joinRoom(room_id);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await user.sendTextMessage(room_id, `handover note ${i}`)).event_id);
    await user.uploadContent(Buffer.from("a photo"), { name: "photo.jpg", type: "image/jpeg" });

    const listed = await runCli(["devices", "list", userId, "--json"], { env });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(3);

    const res = await runCli(["wipe", userId, "--redact", "--media", "--json"], { env });
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as { ok: boolean; devicesDeleted: string[]; locked: boolean; mediaDeleted: number; roomsRedacted: number };
    expect(report).toMatchObject({ ok: true, locked: true, mediaDeleted: 1, roomsRedacted: 1 });
    expect(report.devicesDeleted).toHaveLength(3);
    expect(res.stderr).toMatch(/wipe: delete_devices: done \(3\)/);

    // The phone's next request: unknown token, and NOT a soft logout, so the client clears its data.
    const whoami = await rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token: phoneToken });
    expect(whoami).toMatchObject({ status: 401, body: { errcode: "M_UNKNOWN_TOKEN", soft_logout: false } });
    const refreshed = await rawRequest(stack(), "POST", "/_matrix/client/v3/refresh", { body: { refresh_token: refreshToken } });
    expect(refreshed.status).toBe(401);

    // Locked: no new login; unlocked again by its own audited command.
    expect((await login(userId)).body.errcode).toBe("M_USER_LOCKED");
    expect((await runCli(["users", "unlock", userId], { env })).code).toBe(0);
    expect((await login(userId)).status).toBe(200);

    // The colleague sees the redactions.
    const seen = await rawRequest(stack(), "GET", `/_matrix/client/v3/rooms/${encodeURIComponent(room_id)}/messages?dir=b&limit=50`, { token: adminToken });
    const byId = new Map((seen.body.chunk as Array<{ event_id: string; content: Record<string, unknown>; unsigned?: { redacted_because?: unknown } }>).map((e) => [e.event_id, e]));
    for (const id of sent) {
      expect(byId.get(id)?.content).toEqual({});
      expect(byId.get(id)?.unsigned?.redacted_because).toBeDefined();
    }
    const media = await rawRequest(stack(), "GET", `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/media`, { token: adminToken });
    expect(media.body.total).toBe(0);

    const adminId = stack().admin.userId;
    expect(await records("device.wiped", userId)).toEqual([expect.objectContaining({ actor: adminId, details: expect.objectContaining({ devicesDeleted: 3, locked: true, mediaDeleted: 1 }) })]);
    expect(await records("account.locked", userId)).toEqual([expect.objectContaining({ actor: adminId, details: { reason: "remote_wipe" } })]);
    expect(await records("account.unlocked", userId)).toEqual([expect.objectContaining({ actor: adminId })]);
  });

  it("--redact portal redacts the user's messages in patient rooms only, and the care team sees the redactions", async () => {
    const userId = await newUser("wipe.portal");
    const directory = await SqlRoleDirectory.open(stack().internal.directoryUrl);
    await directory.setRoles(userId, ["clinician"], "local");
    await directory.close();
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello, can I ask about my visit");
    const admin = await AdminApi.login(stack());
    const portal = await admin.waitForPortal(phone);
    // Into the existing patient room (only the bridge may invite there), through Wardroom's module.
    const adminClient = new SynapseClient({ baseUrl: stack().homeserver.url, token: adminToken });
    await adminClient.request("POST", "/_synapse/client/wardroom/v1/room_membership", { body: { room_id: portal, user_id: userId, action: "grant" } });
    const token = (await login(userId)).body.access_token as string;
    const user = createClient({ baseUrl: stack().homeserver.url, accessToken: token, userId });
    const inPortal = (await user.sendTextMessage(portal, "we will call you tomorrow morning")).event_id;
    const { room_id: staffRoom } = await user.createRoom({ name: "staff" });
    const inStaff = (await user.sendTextMessage(staffRoom, "handover done")).event_id;

    const res = await runCli(["wipe", userId, "--redact", "portal", "--json"], { env });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, roomsRedacted: 1 });
    const portalMessages = await admin.messages(portal);
    expect(portalMessages.find((m) => m.event_id === inPortal)?.content).toEqual({});
    // Another member of the patient room (the bridge's view, as the care team's) sees it redacted.
    expect(portalMessages.find((m) => m.event_id === inPortal)?.unsigned?.redacted_because).toBeDefined();
    const staff = await admin.messages(staffRoom);
    expect(staff.find((m) => m.event_id === inStaff)?.content).toMatchObject({ body: "handover done" });
  });

  it("a wipe killed mid-way and run again finishes without repeating steps", async () => {
    const userId = await newUser("wipe.crash");
    const phone = await login(userId);
    // Killed (SIGKILL) right after the lock is journaled.
    const crashed = await runCli(["wipe", userId], { env: { ...env, WARDROOM_FAULT_AFTER_STEP: "lock_account" } });
    expect(crashed.code).toBeNull();
    expect(crashed.stderr).toMatch(/lock_account: done/);
    expect(crashed.stderr).not.toMatch(/delete_late_devices: done/);

    const again = await runCli(["wipe", userId, "--json"], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/resuming wipe/);
    expect(again.stderr).toMatch(/delete_devices: already done \(2\)/);
    expect(again.stderr).toMatch(/lock_account: already done/);
    const report = JSON.parse(again.stdout) as { resumed: boolean; steps: Array<{ step: string; resumed: boolean }> };
    expect(report.resumed).toBe(true);
    expect(report.steps.map((s) => [s.step, s.resumed])).toEqual([["delete_devices", true], ["lock_account", true], ["delete_late_devices", false]]);
    const whoami = await rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token: phone.body.access_token as string });
    expect(whoami.body).toMatchObject({ errcode: "M_UNKNOWN_TOKEN", soft_logout: false });
    // One audit record for the whole wipe, written when it finished.
    expect(await records("device.wiped", userId)).toHaveLength(1);
  });

  it("--dry-run prints the plan and changes nothing; one device can be wiped without a lock", async () => {
    const userId = await newUser("wipe.one");
    const phone = await login(userId);
    const laptop = await login(userId);
    const dry = await runCli(["wipe", userId, "--dry-run", "--json"], { env });
    expect(dry.code).toBe(0);
    expect((JSON.parse(dry.stdout) as { intended: string[] }).intended[0]).toMatch(/^would delete 3 device\(s\)/);
    expect((await rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token: phone.body.access_token as string })).status).toBe(200);
    expect(await records("device.wiped", userId)).toHaveLength(0);

    const one = await runCli(["wipe", userId, "--device", phone.body.device_id as string, "--no-lock"], { env });
    expect(one.code).toBe(0);
    expect((await rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token: phone.body.access_token as string })).body.errcode).toBe("M_UNKNOWN_TOKEN");
    expect((await rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token: laptop.body.access_token as string })).status).toBe(200);
    expect((await login(userId)).status).toBe(200);
  });

  it("refuses without admin credentials, and names a bad user id", async () => {
    const userId = await newUser("wipe.nobody");
    const clinicianLogin = await login(userId);
    const notAdmin = await runCli(["wipe", userId], { env: { ...env, WARDROOM_ADMIN_TOKEN: clinicianLogin.body.access_token as string } });
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toBe(`wardroom: WARDROOM_ADMIN_TOKEN: ${userId} is not a server administrator\n`);
    expect((await rawRequest(stack(), "GET", "/_matrix/client/v3/account/whoami", { token: clinicianLogin.body.access_token as string })).status).toBe(200);
    const bad = await runCli(["wipe", "dr.alice"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/userId/);
    expect(readPassword(stack().admin.passwordFile).length).toBeGreaterThan(0);
  });
});

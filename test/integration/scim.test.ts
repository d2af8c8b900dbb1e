import { afterAll, beforeAll, expect, it } from "vitest";
import { readPassword, describeWithStack } from "../helpers/stack.ts";
import { AdminApi, bridgeSecret, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { MatrixHttpError, SynapseClient } from "../../runtime/synapse/index.ts";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/**
 * SCIM provisioning against the real stack: the identity provider's calls (as Entra ID and
 * Okta send them) change the Synapse account, the role directory and what the bridge's gate
 * lets a person do, at once.
 */
describeWithStack("SCIM provisioning from the identity provider (issue 14, items 3 and 4)", (stack) => {
  let admin: AdminApi;
  let directory: SqlRoleDirectory;
  let clinicianGroup: string;
  const run = `${process.pid}${Date.now().toString(36)}`;

  async function scim(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const token = readPassword(stack().scim.tokenFile);
    const res = await fetch(`${stack().scim.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function provision(userName: string): Promise<{ id: string; userId: string }> {
    const res = await scim("POST", "/Users", { schemas: [USER], userName, name: { givenName: "Test", familyName: "Nurse" }, displayName: "Test Nurse", active: true });
    expect(res.status).toBe(201);
    return { id: res.json.id as string, userId: `@${userName.toLowerCase()}:${stack().homeserver.serverName}` };
  }

  /** The person signs in (the test stack has single sign-on off, so with a password set for the test). */
  async function signIn(userId: string, password: string, device: string): Promise<SynapseClient> {
    const anonymous = new SynapseClient({ baseUrl: stack().homeserver.url });
    const { accessToken } = await anonymous.loginWithPassword(userId, password, device);
    return anonymous.withToken(accessToken);
  }

  async function whoami(client: SynapseClient): Promise<string> {
    try {
      await client.request("GET", "/_matrix/client/v3/account/whoami");
      return "ok";
    } catch (err) {
      return err instanceof MatrixHttpError ? (err.errcode ?? String(err.status)) : "error";
    }
  }

  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    directory = await SqlRoleDirectory.open(stack().internal.directoryUrl);
    const found = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "clinician"')}`);
    const existing = (found.json.Resources as Array<{ id: string }> | undefined)?.[0];
    clinicianGroup = existing?.id ?? ((await scim("POST", "/Groups", { schemas: [GROUP], displayName: "clinician" })).json.id as string);
  });

  afterAll(async () => {
    await directory?.close();
  });

  it("create makes the Matrix account (the SSO localpart of userName), audited; joining the clinician group gives the role in the directory", async () => {
    const { id, userId } = await provision(`Scim.Create${run}`);
    const account = await admin.get<{ name: string; displayname: string; deactivated: boolean; locked: boolean }>(`/_synapse/admin/v2/users/${encodeURIComponent(userId)}`);
    expect(account).toMatchObject({ name: userId, displayname: "Test Nurse", deactivated: false, locked: false });
    expect(await directory.rolesOf(userId)).toEqual([]);
    const patched = await scim("PATCH", `/Groups/${clinicianGroup}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ value: id }] }] });
    expect(patched.status).toBe(200);
    expect(await directory.rolesFrom(userId, "scim")).toEqual(["clinician"]);
    const ledger = await openAuditLedger({ url: stack().internal.auditUrl });
    try {
      const created = (await ledger.query({ action: "scim.user_created", limit: 200 })).records.find((r) => r.target === userId);
      expect(created?.details).toEqual({ scimId: id, accountCreated: true, active: true, roles: [] });
      const roles = (await ledger.query({ action: "scim.roles_changed", limit: 200 })).records.find((r) => r.target === userId);
      expect(roles?.details).toEqual({ added: ["clinician"], removed: [] });
    } finally {
      await ledger.store.close();
    }
  });

  it("a clinician removed from the clinician group at the IdP can no longer text a patient: the gate refuses the next message", async () => {
    const { id, userId } = await provision(`scim.gate${run}`);
    await scim("PATCH", `/Groups/${clinicianGroup}`, { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] });
    const password = `pw-${run}-gate`;
    await admin.client.request("PUT", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`, { body: { password, logout_devices: false } });
    const nurse = await signIn(userId, password, "phone");

    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello");
    const roomId = await admin.waitForPortal(phone);
    await eventually("the warning at the phone", async () => ((await textsTo(stack(), phone)).length === 1 ? true : undefined));
    // In the room as any care-team member is (the bridge invites; the test does not wait for the portal's own invite).
    const asBridge = new SynapseClient({ baseUrl: stack().homeserver.url, token: bridgeSecret(stack(), "as_token") });
    await asBridge.invite(roomId, userId).catch(() => undefined);
    await nurse.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, { body: {} });

    const send = (body: string) => nurse.request<{ event_id: string }>("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${run}${body.length}${Math.random().toString(36).slice(2)}`, { body: { msgtype: "m.text", body } });
    await send("The clinic opens at 9 tomorrow.");
    await eventually("the clinician's text at the phone", async () => ((await textsTo(stack(), phone)).some((t) => t.body === "The clinic opens at 9 tomorrow.") ? true : undefined));

    const removed = await scim("PATCH", `/Groups/${clinicianGroup}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: `members[value eq "${id}"]` }] });
    expect(removed.status).toBe(200);
    expect(await directory.rolesOf(userId)).toEqual([]);

    const textsBefore = (await textsTo(stack(), phone)).length;
    const { event_id } = await send("Please bring your insurance card.");
    await eventually("the message redacted by the gate", async () => {
      const m = (await admin.client.roomMessages(roomId)).find((e) => e.event_id === event_id);
      return m && Object.keys(m.content).length === 0 ? true : undefined;
    });
    const ledger = await openAuditLedger({ url: stack().internal.auditUrl });
    try {
      const blocked = (await ledger.query({ action: "sms.blocked", limit: 200 })).records.find((r) => r.details.eventId === event_id);
      expect(blocked).toMatchObject({ actor: userId, details: { reason: "not_care_team" } });
    } finally {
      await ledger.store.close();
    }
    expect((await textsTo(stack(), phone)).length).toBe(textsBefore);
  });

  it("active: false (Entra ID's PATCH) logs off every device at once (M_UNKNOWN_TOKEN) and locks the account; active again unlocks it", async () => {
    const { id, userId } = await provision(`scim.leaver${run}`);
    const password = `pw-${run}-leaver`;
    await admin.client.request("PUT", `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`, { body: { password, logout_devices: false } });
    const phone = await signIn(userId, password, "phone");
    const laptop = await signIn(userId, password, "laptop");
    expect([await whoami(phone), await whoami(laptop)]).toEqual(["ok", "ok"]);

    const res = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(res.status).toBe(200);
    expect(res.json.active).toBe(false);
    // At once: when the SCIM call has answered, no session of the person is left.
    expect([await whoami(phone), await whoami(laptop)]).toEqual(["M_UNKNOWN_TOKEN", "M_UNKNOWN_TOKEN"]);
    const login = await signIn(userId, password, "again").then(
      () => "signed in",
      (err: MatrixHttpError) => err.errcode,
    );
    expect(login).toBe("M_USER_LOCKED");

    const back = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: true } }] });
    expect(back.status).toBe(200);
    expect(await whoami(await signIn(userId, password, "after"))).toBe("ok");
  });

  it("DELETE deactivates the account for good (policy identity.scim.onDelete: deactivate)", async () => {
    const { id, userId } = await provision(`scim.deleted${run}`);
    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
    const account = await admin.get<{ deactivated: boolean }>(`/_synapse/admin/v2/users/${encodeURIComponent(userId)}`);
    expect(account.deactivated).toBe(true);
    expect((await scim("GET", `/Users/${id}`)).status).toBe(404);
  });

  it("refuses a wrong token with a SCIM 401 and creates nothing", async () => {
    const res = await fetch(`${stack().scim.url}/Users`, { method: "POST", headers: { authorization: "Bearer wrong", "content-type": "application/scim+json" }, body: JSON.stringify({ schemas: [USER], userName: `scim.intruder${run}` }) });
    expect(res.status).toBe(401);
    const lookup = await admin.client.request("GET", `/_synapse/admin/v2/users/${encodeURIComponent(`@scim.intruder${run}:${stack().homeserver.serverName}`)}`).then(
      () => 200,
      (err: MatrixHttpError) => err.status,
    );
    expect(lookup).toBe(404);
  });
});

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stateDir } from "../../runtime/paths.ts";
import { beforeAll, expect, it } from "vitest";
import { defaultActionRegistry, type AuditLedger } from "../../core/audit/index.ts";
import { MemoryRoleDirectory } from "../../core/roles/index.ts";
import { SynapseClient } from "../../runtime/synapse/index.ts";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import { BreakGlassService, type BreakGlassNotifier } from "../../runtime/breakglass/BreakGlassService.ts";
import { SqlBreakGlassStore } from "../../runtime/breakglass/SqlBreakGlassStore.ts";
import { SynapseBreakGlassRooms } from "../../runtime/breakglass/SynapseBreakGlassRooms.ts";
import { loadPolicyFile } from "../../runtime/policy.ts";
import { backends } from "../helpers/databases.ts";
import { AdminApi, eventually, patientTexts, uniquePhone } from "../helpers/sms.ts";
import { loginWithCrypto, registerUser } from "../helpers/matrix.ts";
import { SqlRoleDirectory } from "../../runtime/roles/SqlRoleDirectory.ts";
import { EventType, type MatrixClient } from "matrix-js-sdk";
import { describeWithStack, readPassword } from "../helpers/stack.ts";

describeWithStack("break-glass access to a patient room", (stack) => {
  const MIN = 60_000;
  let admin: AdminApi;
  let rooms: SynapseBreakGlassRooms;
  let audit: AuditLedger;
  let portal = "";
  let clinicalRoom = "";
  let emergencyUser = "";
  let officer = "";
  const storeUrl = backends[0]!.freshUrl("breakglass");

  const passwords = new Map<string, string>();
  async function newUser(name: string): Promise<string> {
    const { userId, password } = await registerUser(stack(), name);
    passwords.set(userId, password);
    return userId;
  }

  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    const synapse = new SynapseClient({ baseUrl: stack().homeserver.url });
    const token = (await synapse.loginWithPassword(stack().admin.userId, readPassword(stack().admin.passwordFile))).accessToken;
    rooms = new SynapseBreakGlassRooms(synapse.withToken(token));
    audit = await openAuditLedger({ url: stack().internal.auditUrl, actions: defaultActionRegistry() });
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello, is the clinic open today");
    portal = await admin.waitForPortal(phone);
    clinicalRoom = (await synapse.withToken(token).request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", { body: { name: "ward 3" } })).room_id;
    emergencyUser = await newUser("er.doc");
    officer = await newUser("sec.officer");
  });

  function service(roles: MemoryRoleDirectory, store: SqlBreakGlassStore, now: () => Date, told: Array<{ grantId: string; recipients: string[] }>): BreakGlassService {
    const notify: BreakGlassNotifier = async (grant, recipients) => {
      told.push({ grantId: grant.id, recipients });
      return recipients;
    };
    return new BreakGlassService({ store, roles, rooms, notify, audit, policy: loadPolicyFile(`${stack().internal.stackDir}/policy.yaml`), now });
  }

  it("grants at once, tells the security officer, and ends by itself, even across a restart", async () => {
    const roles = new MemoryRoleDirectory();
    await roles.setRoles(emergencyUser, ["emergency"], "local");
    await roles.setRoles(officer, ["security_officer"], "local");
    let now = new Date();
    const told: Array<{ grantId: string; recipients: string[] }> = [];
    const store = await SqlBreakGlassStore.open(storeUrl);
    const first = service(roles, store, () => now, told);

    const res = await first.request({ requester: emergencyUser, roomId: portal, reason: "patient unresponsive on the phone, need history", minutes: 20 });
    expect(res.ok).toBe(true);
    expect((await admin.members(portal))[emergencyUser]).toBe("join");
    expect(told).toEqual([{ grantId: res.grant!.id, recipients: [officer] }]);
    expect(await first.endDue()).toEqual([]);

    // The process restarts; a new one reads the grant from the store and ends it when due.
    await store.close();
    const reopened = await SqlBreakGlassStore.open(storeUrl);
    now = new Date(now.getTime() + 20 * MIN);
    const ended = await service(roles, reopened, () => now, told).endDue();
    expect(ended.map((g) => g.id)).toEqual([res.grant!.id]);
    expect((await admin.members(portal))[emergencyUser]).toBe("leave");
    expect((await reopened.list()).find((g) => g.id === res.grant!.id)).toMatchObject({ endReason: "expired", notified: [officer] });
    await reopened.close();

    const trail = (await audit.query({ target: portal })).records.filter((r) => r.action.startsWith("breakglass.")).sort((a, b) => a.seq - b.seq);
    expect(trail.map((r) => [r.action, r.actor])).toEqual([
      ["breakglass.granted", emergencyUser],
      ["breakglass.notified", "system:breakglass"],
      ["breakglass.ended", "system:breakglass"],
    ]);
    // The reason may name a patient: only its hash is audited.
    expect(JSON.stringify(trail)).not.toContain("unresponsive");
  });

  it("refuses without the emergency role, outside patient rooms and without a reason; each refusal audited", async () => {
    const roles = new MemoryRoleDirectory();
    const nobody = await newUser("no.role");
    await roles.setRoles(emergencyUser, ["emergency"], "local");
    const store = await SqlBreakGlassStore.open(storeUrl);
    try {
      const s = service(roles, store, () => new Date(), []);
      expect(await s.request({ requester: nobody, roomId: portal, reason: "I want to read this chat" })).toMatchObject({ ok: false, refusal: "no_role" });
      expect(await s.request({ requester: emergencyUser, roomId: clinicalRoom, reason: "emergency in ward three" })).toMatchObject({ ok: false, refusal: "not_a_patient_room" });
      expect(await s.request({ requester: emergencyUser, roomId: portal, reason: "urgent" })).toMatchObject({ ok: false, refusal: "reason_too_short" });
      expect(await s.request({ requester: emergencyUser, roomId: portal, reason: "a long enough reason", minutes: 600 })).toMatchObject({ ok: false, refusal: "too_long" });
      expect((await admin.members(portal))[nobody]).toBeUndefined();
      const refusals = (await audit.query({ action: "breakglass.refused" })).records.filter((r) => r.actor === nobody || r.actor === emergencyUser);
      expect(refusals.map((r) => r.details.refusal).sort()).toEqual(["no_role", "not_a_patient_room", "reason_too_short", "too_long"]);
    } finally {
      await store.close();
    }
  });

  /** The latest notices a client sees in a room, decrypted. */
  function notices(client: MatrixClient, roomId: string): string[] {
    return (client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? []).filter((e) => e.getType() === EventType.RoomMessage && e.getContent().msgtype === "m.notice").map((e) => String(e.getContent().body));
  }

  it("!breakglass in an encrypted room grants at once and tells the security officer in an encrypted room", async () => {
    // Roles come from the stack's one role directory, which the compliance bot reads.
    const directory = await SqlRoleDirectory.open(stack().internal.directoryUrl);
    const er = await newUser("er.nurse");
    const sec = await newUser("sec.lead");
    const nobody = await newUser("just.staff");
    await directory.setRoles(er, ["clinician", "emergency"], "local");
    await directory.setRoles(sec, ["security_officer"], "local");
    await directory.close();
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hi, this is about my appointment");
    const patientRoom = await admin.waitForPortal(phone);

    const secClient = await loginWithCrypto(stack(), { userId: sec, passwordFile: writePassword(sec) });
    const erClient = await loginWithCrypto(stack(), { userId: er, passwordFile: writePassword(er) });
    const other = await loginWithCrypto(stack(), { userId: nobody, passwordFile: writePassword(nobody) });
    try {
      const botId = stack().internal.complianceBot.userId;
      const { room_id } = await erClient.createRoom({ name: "ER triage", invite: [botId] });
      await eventually("the bot in the room", async () => ((await admin.members(room_id))[botId] === "join" ? true : undefined));
      await erClient.sendTextMessage(room_id, `!breakglass ${phone} 15 patient unresponsive on the phone, need the history`);
      const answer = await eventually("the bot's answer", async () => notices(erClient, room_id).find((n) => n.startsWith("Break-glass access")));
      expect(answer).toMatch(/^Break-glass access granted: you are in the patient room for 15 minutes/);
      expect(answer).not.toContain(phone);
      expect((await admin.members(patientRoom))[er]).toBe("join");

      // The security officer is invited to the bot's encrypted notices room and reads who, where and why.
      const noticesRoom = await eventually("the security notices invitation", async () => secClient.getRooms().find((r) => r.getMyMembership() === "invite")?.roomId);
      await secClient.joinRoom(noticesRoom);
      expect(await secClient.getStateEvent(noticesRoom, "m.room.encryption", "")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
      const told = await eventually("the decrypted notice", async () => notices(secClient, noticesRoom).find((n) => n.startsWith("Break-glass:")));
      expect(told).toContain(er);
      expect(told).toContain(patientRoom);
      expect(told).toContain("patient unresponsive on the phone");

      // Without the emergency role: refused, and nothing changes in the patient room.
      const { room_id: otherRoom } = await other.createRoom({ name: "ward", invite: [botId] });
      await eventually("the bot in the other room", async () => ((await admin.members(otherRoom))[botId] === "join" ? true : undefined));
      await other.sendTextMessage(otherRoom, `!breakglass ${patientRoom} I would like to read this chat please`);
      expect(await eventually("the refusal", async () => notices(other, otherRoom).find((n) => n.startsWith("Break-glass access")))).toBe("Break-glass access refused: break-glass access needs the emergency role.");
      expect((await admin.members(patientRoom))[nobody]).toBeUndefined();
    } finally {
      for (const c of [secClient, erClient, other]) {
        c.stopClient();
        await c.logout(true).catch(() => undefined);
      }
    }
  });

  function writePassword(userId: string): string {
    const file = join(stateDir(), "test", `pw-${randomBytes(4).toString("hex")}.txt`);
    writeFileSync(file, passwords.get(userId)!, { mode: 0o600 });
    return file;
  }
});

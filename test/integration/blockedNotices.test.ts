import { afterAll, beforeAll, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { EventType, type MatrixClient } from "matrix-js-sdk";
import { displayPhone } from "../../bots/sms-bridge/Portals.ts";
import { matrixEventUri } from "../../core/compliance/blockedNotice.ts";
import { BLOCKED_NOTICES_ROOM_NAME, BLOCKED_SEQ_KEY } from "../../core/compliance/blockedNotices.ts";
import { queryDatabase } from "../helpers/databases.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs, loginWithCrypto, rawRequest, registerUser } from "../helpers/matrix.ts";
import { AdminApi, bridgeSecret, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

/** The audit ledger's records of one action, oldest first, on whichever database the stack keeps it. */
async function auditRecords(auditUrl: string, action: string): Promise<Array<{ seq: number; target: string | null; details: Record<string, unknown> }>> {
  const rows = (await queryDatabase(auditUrl, "SELECT seq, target, details FROM audit_records WHERE action = ? ORDER BY seq", [action])) as Array<{ seq: number; target: string | null; details: string }>;
  return rows.map((r) => ({ seq: Number(r.seq), target: r.target, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** Issue 10, item 6: the blocked-message notice names the room, links the event, and is private. */
describeWithStack("the private notice about a blocked message", (stack) => {
  let admin: AdminApi;
  let alice: MatrixClient;
  let bob: MatrixClient;
  const noticesUser = () => `@wardroom-notices:${stack().homeserver.serverName}`;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    alice = await loginAs(stack(), clinician(stack(), 0));
    bob = await loginAs(stack(), clinician(stack(), 1));
  });
  afterAll(async () => {
    for (const c of [alice, bob]) await c?.logout(true).catch(() => undefined);
  });

  /** The user's notices room (the one they share with the notices user) and its messages. */
  async function noticesRoomOf(userId: string, match: (body: string) => boolean): Promise<{ roomId: string; content: Record<string, unknown> }> {
    return eventually(`a notice to ${userId}`, async () => {
      const { rooms } = await admin.get<{ rooms: Array<{ room_id: string }> }>(`/_synapse/admin/v1/rooms?search_term=${encodeURIComponent("Wardroom notices")}`);
      for (const r of rooms) {
        const members = await admin.members(r.room_id);
        if (members[userId] === undefined || members[noticesUser()] !== "join") continue;
        const found = (await admin.messages(r.room_id)).find((m) => match(String(m.content.body)));
        if (found) return { roomId: r.room_id, content: found.content };
      }
      return undefined;
    });
  }

  async function expectPrivate(roomId: string): Promise<void> {
    const state = await admin.state(roomId);
    const content = (type: string) => state.find((e) => e.type === type && e.state_key === "")?.content ?? {};
    expect(content("m.room.create")["m.federate"]).toBe(false);
    expect(content("m.room.join_rules").join_rule).toBe("invite");
    expect(content("m.room.guest_access").guest_access).toBe("forbidden");
    expect(content("m.room.history_visibility").history_visibility).not.toBe("world_readable");
  }

  // ---- the local stack's channel: the compliance bot, end-to-end encrypted (blockedNotices: compliance_bot) ----

  const botId = () => stack().internal.complianceBot.userId;

  /** The decrypted blocked-message notices a client sees in a room: seq -> bodies. */
  function decryptedNotices(client: MatrixClient, roomId: string): Array<{ seq: number; body: string; formatted: string; encrypted: boolean }> {
    return (client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [])
      .filter((e) => e.getType() === EventType.RoomMessage && typeof e.getContent()[BLOCKED_SEQ_KEY] === "number")
      .map((e) => ({ seq: Number(e.getContent()[BLOCKED_SEQ_KEY]), body: String(e.getContent().body), formatted: String(e.getContent().formatted_body), encrypted: e.isEncrypted() }));
  }

  /** The client's notices room from the bot (by its name; invitations are joined). */
  async function joinNoticesRoom(client: MatrixClient): Promise<string> {
    const room = await eventually("the notices room from the bot", async () =>
      client.getRooms().find((r) => ["invite", "join"].includes(r.getMyMembership()) && r.name === BLOCKED_NOTICES_ROOM_NAME),
    );
    if (room.getMyMembership() === "invite") await client.joinRoom(room.roomId);
    return room.roomId;
  }

  async function blockedSeq(eventId: string): Promise<number> {
    return eventually(`the sms.blocked record of ${eventId}`, async () => (await auditRecords(stack().internal.auditUrl, "sms.blocked")).find((r) => r.details.eventId === eventId)?.seq);
  }
  async function notifiedRecords(): Promise<Array<{ seq: number; target: string | null; details: Record<string, unknown> }>> {
    return auditRecords(stack().internal.auditUrl, "sms.blocked_notified");
  }

  it("tells the sender in an encrypted room of their own: names the patient room, links the event, never the text", async () => {
    // A device with keys (the plain client above has none): the bot encrypts for every device.
    const alice = await loginWithCrypto(stack(), clinician(stack(), 0));
    try {
      const phone = uniquePhone();
      await patientTexts(stack(), phone, "hello, about my appointment");
      const roomId = await admin.waitForPortal(phone);
      await eventually("the warning texted", async () => ((await textsTo(stack(), phone)).length > 0 ? true : undefined));
      await alice.joinRoom(roomId);
      const { event_id } = await alice.sendTextMessage(roomId, "Your biopsy showed melanoma, call me about surgery");
      const seq = await blockedSeq(event_id);

      const noticesRoom = await joinNoticesRoom(alice);
      const [notice] = await eventually("the decrypted notice", async () => {
        const found = decryptedNotices(alice, noticesRoom).filter((n) => n.seq === seq);
        return found.length > 0 ? found : undefined;
      });
      expect(notice!.encrypted).toBe(true);
      const link = matrixEventUri(roomId, event_id);
      expect(notice!.body).toContain(`"SMS ${displayPhone(phone as never)}"`);
      expect(notice!.body).toContain(link);
      expect(notice!.formatted).toContain(`href="${link}"`);
      for (const text of [notice!.body, notice!.formatted]) {
        expect(text).not.toMatch(/biopsy|melanoma|surgery/i);
        expect(text).not.toMatch(/https?:/);
      }

      // On the server it is ciphertext: nothing of the notice in the clear.
      const raw = (await admin.client.roomMessages(noticesRoom)).filter((e) => e.sender === botId() && (e.type === "m.room.message" || e.type === "m.room.encrypted"));
      expect(raw.length).toBeGreaterThan(0);
      expect(raw.every((e) => e.type === "m.room.encrypted")).toBe(true);

      // Private: encrypted, invite-only, no guests, never federated, only the bot and alice.
      await expectPrivate(noticesRoom);
      const state = await admin.state(noticesRoom);
      expect(state.find((e) => e.type === "m.room.encryption")?.content.algorithm).toBe("m.megolm.v1.aes-sha2");
      expect(state.find((e) => e.type === "m.room.create")?.sender).toBe(botId());
      const members = await admin.members(noticesRoom);
      expect(members).toEqual({ [alice.getUserId()!]: "join", [botId()]: "join" });
      const joined = await bob.joinRoom(noticesRoom).then(
        () => "joined",
        (err: { errcode?: string }) => err.errcode,
      );
      expect(joined).toBe("M_FORBIDDEN");

      // Audited once, with ids only (no phone number, no text).
      const told = (await notifiedRecords()).filter((r) => r.details.blockedSeq === seq);
      expect(told).toEqual([expect.objectContaining({ target: alice.getUserId(), details: { blockedSeq: seq, outcome: "sent", roomId: noticesRoom, noticeEventId: expect.stringMatching(/^\$/) } })]);
      expect(JSON.stringify(told)).not.toContain(phone.slice(2));
      // Synapse's unencrypted server notices are not used on this channel.
      const { rooms } = await admin.get<{ rooms: Array<{ room_id: string }> }>(`/_synapse/admin/v1/rooms?search_term=${encodeURIComponent("Wardroom notices")}`);
      for (const r of rooms) {
        if ((await admin.members(r.room_id))[alice.getUserId()!] === undefined) continue;
        expect((await admin.messages(r.room_id)).some((m) => String(m.content.body).includes(event_id.slice(1)))).toBe(false);
      }

      // ---- the bot down while messages are blocked: each told once after its restart ----
      const pid = Number(readFileSync(stack().internal.complianceBot.pidFile, "utf8"));
      process.kill(pid, "SIGSTOP");
      const held: string[] = [];
      try {
        for (const text of ["Her HIV test came back positive", "Start metformin 500 mg for the diabetes", "The MRI shows a tumor"]) {
          held.push((await alice.sendTextMessage(roomId, text)).event_id);
        }
        for (const e of held) await blockedSeq(e); // blocked and recorded while the bot cannot act
      } finally {
        process.kill(pid, "SIGKILL"); // a stopped process dies at once; the stack starts a new one
        process.kill(pid, "SIGCONT");
      }
      const heldSeqs = await Promise.all(held.map((e) => blockedSeq(e)));
      await eventually("the held notices told after the restart", async () => {
        const done = new Set((await notifiedRecords()).map((r) => r.details.blockedSeq));
        return heldSeqs.every((s) => done.has(s)) ? true : undefined;
      }, 90_000);
      expect(Number(readFileSync(stack().internal.complianceBot.pidFile, "utf8"))).not.toBe(pid);
      // The final state: each blocked message has one record, the first not repeated (the bot
      // goes in seq order, so a repeat would come before the held ones), one notice each.
      const all = (await notifiedRecords()).filter((r) => [seq, ...heldSeqs].includes(Number(r.details.blockedSeq)));
      expect(all.map((r) => r.details.blockedSeq).sort()).toEqual([seq, ...heldSeqs].sort());
      expect(all.every((r) => r.details.outcome === "sent" && r.details.roomId === noticesRoom)).toBe(true);
      const seen = await eventually("the held notices decrypted by alice", async () => {
        const n = decryptedNotices(alice, noticesRoom);
        return heldSeqs.every((s) => n.some((x) => x.seq === s)) ? n : undefined;
      });
      expect(seen.map((n) => n.seq).sort()).toEqual([seq, ...heldSeqs].sort());

      // ---- the sender left the room: invited again, and the next notice waits there ----
      await alice.leave(noticesRoom);
      await eventually("alice out of the notices room", async () => ((await admin.members(noticesRoom))[alice.getUserId()!] === "leave" ? true : undefined));
      const { event_id: later } = await alice.sendTextMessage(roomId, "Your cancer screening was abnormal");
      const laterSeq = await blockedSeq(later);
      await eventually("alice invited again", async () => ((await admin.members(noticesRoom))[alice.getUserId()!] === "invite" ? true : undefined));
      await alice.joinRoom(noticesRoom);
      await eventually("the notice after re-joining, decrypted", async () => (decryptedNotices(alice, noticesRoom).some((n) => n.seq === laterSeq) ? true : undefined));
      expect((await notifiedRecords()).filter((r) => r.details.blockedSeq === laterSeq)).toHaveLength(1);
    } finally {
      await alice.logout(true).catch(() => undefined);
    }
  });

  // ---- Synapse's server notices (blockedNotices: server_notice), through the module's endpoint ----

  it("repairs a notices room that others could join before the next notice", async () => {
    const user = await registerUser(stack(), "notices");
    const notice = (body: string) =>
      rawRequest(stack(), "POST", "/_synapse/client/wardroom/v1/server_notice", { token: bridgeSecret(stack(), "as_token"), body: { user_id: user.userId, body, formatted_body: `<b>${body}</b>` } });
    const first = await notice("first notice");
    expect(first.status).toBe(200);
    const oldRoom = String(first.body.room_id);
    await expectPrivate(oldRoom);

    // A notices room weakened after the fact (as Synapse's old preset made them, with guests
    // allowed): here the server administrator takes power in it (Synapse's make_room_admin)
    // and opens it to the members of another room.
    const adminId = stack().admin.userId;
    await admin.client.request("POST", `/_synapse/admin/v1/rooms/${encodeURIComponent(oldRoom)}/make_room_admin`, { body: { user_id: adminId } });
    await admin.client.join(oldRoom);
    const other = await admin.client.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", { body: { name: "other" } });
    await admin.client.request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(oldRoom)}/state/m.room.join_rules/`, {
      body: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: other.room_id }] },
    });

    expect((await admin.state(oldRoom)).find((e) => e.type === "m.room.join_rules")?.content.join_rule).toBe("restricted");

    // The bridge's next notice: the room is made private again before the notice goes in.
    const second = await notice("second notice");
    expect(second, JSON.stringify(second.body)).toMatchObject({ status: 200, body: { room_id: oldRoom } });
    await expectPrivate(oldRoom);
    // The administrator who got in while it was open is out again.
    expect((await admin.members(oldRoom))[adminId]).toBe("leave");
    const found = await noticesRoomOf(user.userId, (b) => b === "second notice");
    expect(found.roomId).toBe(oldRoom);
    expect(found.content.formatted_body).toBe("<b>second notice</b>");
  });

  it("refuses a malformed notice request, naming the field", async () => {
    const bad = await rawRequest(stack(), "POST", "/_synapse/client/wardroom/v1/server_notice", {
      token: bridgeSecret(stack(), "as_token"),
      body: { user_id: alice.getUserId(), body: "x", formatted_body: 7 },
    });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/formatted_body/);
  });
});

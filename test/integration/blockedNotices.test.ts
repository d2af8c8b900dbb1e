import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { displayPhone } from "../../bots/sms-bridge/Portals.ts";
import { matrixEventUri } from "../../core/compliance/blockedNotice.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs, rawRequest, registerUser } from "../helpers/matrix.ts";
import { AdminApi, bridgeSecret, eventually, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

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

  it("names the patient room and links the removed event, without its text, in a room nobody else can join", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello, about my appointment");
    const roomId = await admin.waitForPortal(phone);
    await eventually("the warning texted", async () => ((await textsTo(stack(), phone)).length > 0 ? true : undefined));
    await alice.joinRoom(roomId);
    const { event_id } = await alice.sendTextMessage(roomId, "Your biopsy showed melanoma, call me about surgery");

    const notice = await noticesRoomOf(alice.getUserId()!, (b) => b.includes(event_id.slice(1)) || b.includes(encodeURIComponent(event_id.slice(1))));
    const body = String(notice.content.body);
    const link = matrixEventUri(roomId, event_id);
    expect(body).toContain(`"SMS ${displayPhone(phone as never)}"`);
    expect(body).toContain(link);
    expect(String(notice.content.formatted_body)).toContain(`href="${link}"`);
    // Nothing of the message itself, and no link to an outside domain.
    for (const text of [body, String(notice.content.formatted_body)]) {
      expect(text).not.toMatch(/biopsy|melanoma|surgery/i);
      expect(text).not.toMatch(/https?:/);
    }
    expect(link).toMatch(/^matrix:roomid\/[^/]+\/e\/[^/]+$/);

    // Private: only alice and the notices user, invite-only, no guests, never federated.
    await expectPrivate(notice.roomId);
    const members = await admin.members(notice.roomId);
    expect(Object.keys(members).sort()).toEqual([alice.getUserId()!, noticesUser()].sort());
    // Another clinician cannot join it.
    const joined = await bob.joinRoom(notice.roomId).then(
      () => "joined",
      (err: { errcode?: string }) => err.errcode,
    );
    expect(joined).toBe("M_FORBIDDEN");
    expect((await admin.members(notice.roomId))[bob.getUserId()!]).toBeUndefined();
  });

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

import { beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { ConsentStateName } from "../../../core/gate/outboundGate.ts";
import { roomIdOf, userIdOf } from "../../../core/matrix/ids.ts";
import { detectPhi } from "../../../core/phi/index.ts";
import { parsePhone } from "../../../core/sms/phone.ts";
import { policyWithoutQuietHours } from "../../helpers/policy.ts";
import { isOnCareTeam, StaticRoleDirectory, type RoleDirectory } from "../../../core/roles/roleDirectory.ts";
import type { ConsentPort } from "../../../bots/sms-bridge/capabilities.ts";
import { SimulatedRoomActions } from "../../../bots/sms-bridge/matrix/SimulatedRoomActions.ts";
import { isReply, stripReplyFallback } from "../../../bots/sms-bridge/ClinicianTexts.ts";
import { RoomEvents } from "../../../bots/sms-bridge/RoomEvents.ts";
import { BridgeStore, type MatrixEventIn } from "../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../runtime/db.ts";

const ROOM = "!portal:example.org";
const ALICE = "@dr.alice:example.org";
const AUDITOR = "@auditor.carol:example.org";
const PATIENT = parsePhone("+15555550142", { check: "possible" });

let n = 0;
function message(body: string, extra: Record<string, unknown> = {}, sender = ALICE): MatrixEventIn {
  n += 1;
  return { event_id: `$m${n}`, room_id: ROOM, sender, type: "m.room.message", content: { msgtype: "m.text", body, ...extra }, origin_server_ts: Date.now() };
}

describe("RoomEvents (what happens in portal rooms), against simulated rooms", () => {
  let store: BridgeStore;
  let rooms: SimulatedRoomActions;
  let roomEvents: RoomEvents;
  let consent: ConsentStateName;
  let roles: RoleDirectory;
  const audit: Array<{ action: string; actor: string; details?: Record<string, unknown> }> = [];
  const blocked: string[] = [];

  beforeEach(async () => {
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    store = new BridgeStore(db);
    await store.savePortal({ phone: PATIENT, roomId: roomIdOf(ROOM), puppetUserId: userIdOf("@sms_0123456789abcdef01234567:example.org"), language: "en", timeZone: "UTC", createdAt: new Date() });
    rooms = new SimulatedRoomActions("@sms-bridge:example.org");
    consent = "accepted";
    roles = new StaticRoleDirectory({ [ALICE]: ["clinician"], [AUDITOR]: ["auditor"] });
    audit.length = 0;
    blocked.length = 0;
    roomEvents = new RoomEvents({
      store,
      matrix: rooms,
      consent: { currentState: async () => consent } as unknown as ConsentPort,
      audit: { append: async (e) => void audit.push(e) },
      detectPhi,
      policy: policyWithoutQuietHours(),
      serverName: "example.org",
      complianceBotUserId: "@wardroom-bot:example.org",
      onBlocked: async (b) => void blocked.push(b.eventId),
      isCareTeam: (userId) => isOnCareTeam(roles, policyWithoutQuietHours(), userId),
      log: pino({ level: "silent" }),
      kickOutbox: () => undefined,
    });
  });

  it("texts a message that starts with quoted lines whole when it is not a reply (issue 10, item 3)", async () => {
    const body = "> Take 1 tablet in the morning\n> and 1 at night\n\nCall us if anything changes.";
    const e = message(body);
    await roomEvents.handle(e);
    expect((await store.outboxByKey(e.event_id))?.body).toBe(body);
  });

  it("strips the quote of a real reply (m.in_reply_to) before texting", async () => {
    const e = message("> <@sms_0123:example.org> Can I come at 3?\n\nYes, 3 is fine.", { "m.relates_to": { "m.in_reply_to": { event_id: "$earlier" } } });
    await roomEvents.handle(e);
    expect((await store.outboxByKey(e.event_id))?.body).toBe("Yes, 3 is fine.");
  });

  it("decides what a reply is from the relation, not from the text", () => {
    expect(isReply({ "m.relates_to": { "m.in_reply_to": { event_id: "$x" } } })).toBe(true);
    expect(isReply({ "m.relates_to": { rel_type: "m.thread", event_id: "$x" } })).toBe(false);
    expect(isReply({})).toBe(false);
    expect(stripReplyFallback("> a\n> b\n\nc", false)).toBe("> a\n> b\n\nc");
    expect(stripReplyFallback("> a\n> b\n\nc", true)).toBe("c");
  });

  it("blocks PHI without consent: nothing queued, the sender audited and told", async () => {
    consent = "unknown";
    const e = message("Your HIV test results are back");
    await roomEvents.handle(e);
    expect(await store.outboxByKey(e.event_id)).toBeUndefined();
    expect(blocked).toEqual([e.event_id]);
    expect(audit.find((a) => a.action === "sms.blocked")).toMatchObject({ actor: ALICE, details: { sender: ALICE, reason: expect.any(String) } });
  });

  it("ignores the puppet's own texts and senders from other servers", async () => {
    const fromPuppet = message("hello", {}, "@sms_0123456789abcdef01234567:example.org");
    const foreign = message("hello", {}, "@mallory:elsewhere.org");
    await roomEvents.handle(fromPuppet);
    await roomEvents.handle(foreign);
    expect(await store.outboxByKey(fromPuppet.event_id)).toBeUndefined();
    expect(await store.outboxByKey(foreign.event_id)).toBeUndefined();
    expect(rooms.calls).toEqual([]);
  });

  it("refuses a sender who is not on the care team at the time of the message, with a notice (issue 10, item 2)", async () => {
    const fromAuditor = message("Hi, this is the clinic", {}, AUDITOR);
    await roomEvents.handle(fromAuditor);
    expect(await store.outboxByKey(fromAuditor.event_id)).toBeUndefined();
    expect(blocked).toEqual([fromAuditor.event_id]);
    expect(audit.find((a) => a.action === "sms.blocked")).toMatchObject({ actor: AUDITOR, details: { reason: "not_care_team", sender: AUDITOR } });
    // Commands too: an outsider cannot re-send the warning.
    const command = message("!consent request", {}, AUDITOR);
    await roomEvents.handle(command);
    expect(blocked).toEqual([fromAuditor.event_id, command.event_id]);

    // The directory is asked at every message: a role taken away counts from the next one.
    const before = message("See you at 3");
    await roomEvents.handle(before);
    expect(await store.outboxByKey(before.event_id)).toBeDefined();
    roles = new StaticRoleDirectory({ [ALICE]: ["auditor"] });
    const after = message("See you at 4");
    await roomEvents.handle(after);
    expect(await store.outboxByKey(after.event_id)).toBeUndefined();
  });

  it("withdraws a queued text its sender deleted, audited as sms.withdrawn (not as a gate refusal)", async () => {
    const e = message("Wrong patient, sorry");
    await roomEvents.handle(e);
    expect((await store.outboxByKey(e.event_id))?.status).toBe("queued");
    await roomEvents.handle({ event_id: "$redaction", room_id: ROOM, sender: ALICE, type: "m.room.redaction", content: { redacts: e.event_id }, origin_server_ts: Date.now() });
    expect(await store.outboxByKey(e.event_id)).toMatchObject({ status: "failed", body: "", last_error: "withdrawn" });
    expect(audit.map((a) => a.action)).toEqual(["sms.withdrawn"]);
    expect(audit[0]).toMatchObject({ actor: ALICE, details: { eventId: e.event_id, sender: ALICE } });
    expect(rooms.events(ROOM).map((c) => c.content.body)).toEqual(["Withdrawn: the deleted message was not texted."]);
    // A redaction from another room does not touch this room's outbox.
    const other = message("See you at 3");
    await roomEvents.handle(other);
    await roomEvents.handle({ event_id: "$elsewhere", room_id: "!other:example.org", sender: ALICE, type: "m.room.redaction", content: { redacts: other.event_id }, origin_server_ts: Date.now() });
    expect((await store.outboxByKey(other.event_id))?.status).toBe("queued");
  });

  it("refuses when the role directory cannot answer (fail closed)", async () => {
    roles = { rolesOf: async () => Promise.reject(new Error("directory down")), usersWithRole: async () => [] };
    const e = message("See you at 3");
    await roomEvents.handle(e);
    expect(await store.outboxByKey(e.event_id)).toBeUndefined();
    expect(audit.find((a) => a.action === "sms.blocked")?.details).toMatchObject({ reason: "role_directory_unavailable" });
  });
});

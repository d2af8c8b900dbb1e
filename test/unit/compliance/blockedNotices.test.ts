import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditLedger, AuditRecord } from "../../../core/audit/index.ts";
import { BLOCKED_SEQ_KEY, deliveryFailure, noticesRoomProblems, noticesRoomRequest, planBlockedNotices, resumeAfter, type NoticesRoomState } from "../../../core/compliance/blockedNotices.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { BlockedNoticeSender } from "../../../bots/compliance/BlockedNoticeSender.ts";
import { SimulatedNoticeRooms } from "../../../bots/compliance/SimulatedNoticeRooms.ts";

const SERVER = "wardroom.localhost";
const ALICE = `@dr.alice:${SERVER}`;
const BOB = `@nurse.bob:${SERVER}`;
const BOT = `@wardroom-service:${SERVER}`;
const PORTAL = `!portal:${SERVER}`;

function record(seq: number, details: Record<string, unknown>, target: string | null = PORTAL): AuditRecord {
  return { seq, ts: "2026-01-01T00:00:00.000Z", actor: String(details.sender ?? "system:sms-bridge"), action: "sms.blocked", target, details: details as AuditRecord["details"], prevHash: "", hash: "" };
}

describe("which blocked records need a notice", () => {
  const opts = { afterSeq: 0, serverName: SERVER, serviceAccounts: new Set([BOT]) };

  it("plans every record after the position, in seq order, naming why one is skipped", () => {
    const plans = planBlockedNotices(
      [
        record(7, { reason: "phi_without_consent", eventId: "$b", sender: BOB, phiCategories: ["HEALTH"] }),
        record(3, { reason: "not_care_team", eventId: "$a", sender: ALICE }),
        record(9, { reason: "opted_out", eventId: "$c" }), // a system text: no sender
        record(10, { reason: "bridge_error", eventId: "$d", sender: "@eve:elsewhere.org" }),
        record(11, { reason: "bridge_error", eventId: "$e", sender: "@sms_00ff:wardroom.localhost" }),
        record(12, { reason: "bridge_error", sender: ALICE }),
        record(2, { reason: "phi_without_consent", eventId: "$old", sender: ALICE }),
      ],
      { ...opts, afterSeq: 2 },
    );
    expect(plans).toEqual([
      { seq: 3, kind: "notify", sender: ALICE, roomId: PORTAL, eventId: "$a", reason: "not_care_team", categories: [] },
      { seq: 7, kind: "notify", sender: BOB, roomId: PORTAL, eventId: "$b", reason: "phi_without_consent", categories: ["HEALTH"] },
      { seq: 9, kind: "skip", why: "no_sender" },
      { seq: 10, kind: "skip", sender: "@eve:elsewhere.org", why: "not_local" },
      { seq: 11, kind: "skip", sender: "@sms_00ff:wardroom.localhost", why: "service_account" },
      { seq: 12, kind: "skip", sender: ALICE, why: "no_event" },
    ]);
  });

  it("resumes after the seq the newest sms.blocked_notified names", () => {
    expect(resumeAfter(undefined)).toBe(0);
    expect(resumeAfter({ details: { blockedSeq: 41 } })).toBe(41);
    expect(resumeAfter({ details: { blockedSeq: "41" } })).toBe(0);
  });

  it("retries what the homeserver could not take now, gives up only on what it refused", () => {
    expect(deliveryFailure(undefined, undefined)).toBe("retry");
    expect(deliveryFailure(503, "M_UNKNOWN")).toBe("retry");
    expect(deliveryFailure(429, "M_LIMIT_EXCEEDED")).toBe("retry");
    expect(deliveryFailure(403, "M_FORBIDDEN")).toBe("undeliverable");
  });
});

describe("what makes a notices room private", () => {
  const good: NoticesRoomState = {
    creator: BOT,
    federate: false,
    encrypted: true,
    joinRule: "invite",
    guestAccess: "forbidden",
    historyVisibility: "invited",
    tombstoned: false,
    members: { [BOT]: "join", [ALICE]: "invite" },
  };

  it("accepts the bot's own room, encrypted, invite-only, unfederated, with only the sender", () => {
    expect(noticesRoomProblems(good, BOT, ALICE)).toEqual([]);
    expect(noticesRoomProblems({ ...good, members: { [BOT]: "join", [ALICE]: "leave", [BOB]: "leave" } }, BOT, ALICE)).toEqual([]);
  });

  it("names each weakness, and never uses a room somebody else made", () => {
    expect(noticesRoomProblems({ ...good, creator: BOB }, BOT, ALICE)).toEqual(["not_ours"]);
    expect(noticesRoomProblems({ ...good, federate: true, encrypted: false, joinRule: "public", guestAccess: "can_join", historyVisibility: "world_readable", members: { [BOT]: "join", [ALICE]: "join", [BOB]: "join" } }, BOT, ALICE)).toEqual([
      "federated",
      "unencrypted",
      "joinable",
      "guest_access",
      "world_readable",
      "other_members",
    ]);
    expect(noticesRoomProblems({ ...good, tombstoned: true }, BOT, ALICE)).toEqual(["tombstoned"]);
  });

  it("asks for a room that satisfies those rules, marked for the sender", () => {
    const req = noticesRoomRequest(ALICE);
    expect(req.invite).toEqual([ALICE]);
    expect(req.creation_content["m.federate"]).toBe(false);
    const state = Object.fromEntries(req.initial_state.map((s) => [`${s.type}|${s.state_key}`, s.content]));
    expect(state["m.room.encryption|"]).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(state["m.room.join_rules|"]).toEqual({ join_rule: "invite" });
    expect(state["m.room.guest_access|"]).toEqual({ guest_access: "forbidden" });
    expect(state["org.wardroom.blocked_notices|"]).toEqual({ user: ALICE });
  });
});

describe("the compliance bot's blocked-message notices over the audit ledger", () => {
  let audit: AuditLedger;
  let rooms: SimulatedNoticeRooms;
  const sender = (batchSize = 50) =>
    new BlockedNoticeSender({ audit, rooms, serverName: SERVER, serviceAccounts: [BOT], ready: () => true, onError: () => undefined, batchSize });
  const block = (s: string, eventId: string, extra: Record<string, unknown> = {}) =>
    audit.append({ actor: s, action: "sms.blocked", target: PORTAL, details: { reason: "phi_without_consent", eventId, sender: s, phiCategories: ["HEALTH"], ...extra } });
  const notified = async () => {
    const out: AuditRecord[] = [];
    for await (const r of audit.records()) if (r.action === "sms.blocked_notified") out.push(r);
    return out;
  };

  beforeEach(async () => {
    audit = await openAuditLedger({ url: "sqlite::memory:" });
    rooms = new SimulatedNoticeRooms({ [PORTAL]: "SMS +1 555 200 0001" });
  });
  afterEach(async () => {
    await audit.close();
  });

  it("tells the sender once, names the room, never the text, and records it with ids only", async () => {
    const b = await block(ALICE, "$m1");
    expect(await sender().tick()).toBe(1);
    expect(rooms.sent).toHaveLength(1);
    const content = rooms.sent[0]!.content;
    expect(content[BLOCKED_SEQ_KEY]).toBe(b.seq);
    expect(String(content.body)).toContain('SMS room "SMS +1 555 200 0001"');
    expect(String(content.body)).toContain("matrix:roomid/portal%3Awardroom.localhost/e/m1");
    const [rec] = await notified();
    expect(rec).toMatchObject({ actor: "system:compliance-bot", target: ALICE, details: { blockedSeq: b.seq, outcome: "sent", roomId: rooms.rooms.get(ALICE), noticeEventId: "$notice1" } });
    expect(JSON.stringify(rec!.details)).not.toMatch(/555/);
    // A second pass, or a new process over the same ledger (a restart), tells nothing again.
    expect(await sender().tick()).toBe(0);
    expect(await sender().tick()).toBe(0);
    expect(rooms.sent).toHaveLength(1);
  });

  it("pages through a flood from the saved position: bounded work per pass, nothing skipped, none twice", async () => {
    const blocked: number[] = [];
    for (let i = 0; i < 130; i++) {
      blocked.push((await block(i % 2 ? ALICE : BOB, `$f${i}`)).seq);
      // Other records in between (the ledger is shared): they are not read as blocked ones.
      if (i % 10 === 0) await audit.append({ actor: ALICE, action: "sms.relayed", target: PORTAL, details: { direction: "outbound", sender: ALICE } });
    }
    const counts: number[] = [];
    for (let pass = 0; pass < 5; pass++) counts.push(await sender(50).tick()); // a new process each pass
    expect(counts).toEqual([50, 50, 30, 0, 0]);
    expect(rooms.sent.map((s) => s.content[BLOCKED_SEQ_KEY])).toEqual(blocked);
    expect((await notified()).map((r) => r.details.blockedSeq)).toEqual(blocked);
  });

  it("stops at a notice the homeserver cannot take now and sends it on the next pass", async () => {
    const first = await block(ALICE, "$a");
    const second = await block(BOB, "$b");
    rooms.failNext(1);
    await expect(sender().tick()).rejects.toThrow(/M_UNKNOWN/);
    expect(await notified()).toEqual([]);
    expect(await sender().tick()).toBe(2);
    expect(rooms.sent.map((s) => s.content[BLOCKED_SEQ_KEY])).toEqual([first.seq, second.seq]);
  });

  it("records a notice that can never be delivered and goes on with the others", async () => {
    const gone = await block(BOB, "$a");
    const next = await block(ALICE, "$b");
    rooms.undeliverable(BOB);
    expect(await sender().tick()).toBe(2);
    expect((await notified()).map((r) => [r.details.blockedSeq, r.details.outcome, r.details.why])).toEqual([
      [gone.seq, "undeliverable", "m_forbidden"],
      [next.seq, "sent", undefined],
    ]);
  });

  it("records skipped records too, so the position moves past them", async () => {
    const system = await audit.append({ actor: "@bridge:wardroom.localhost", action: "sms.blocked", target: PORTAL, details: { reason: "opted_out", eventId: "$s" } });
    expect(await sender().tick()).toBe(1);
    expect(rooms.sent).toEqual([]);
    expect((await notified())[0]).toMatchObject({ target: null, details: { blockedSeq: system.seq, outcome: "skipped", why: "no_sender" } });
  });

  it("audits the replacement of a notices room that was not private", async () => {
    await block(ALICE, "$a");
    await sender().tick();
    const oldRoom = rooms.rooms.get(ALICE)!;
    rooms.weaken(ALICE, ["federated", "unencrypted"]);
    await block(ALICE, "$b");
    await sender().tick();
    const replaced = (await audit.query({ action: "sms.notices_room_replaced" })).records;
    expect(replaced).toEqual([
      expect.objectContaining({ target: ALICE, details: { oldRoomId: oldRoom, newRoomId: rooms.rooms.get(ALICE), problems: ["federated", "unencrypted"], channel: "compliance_bot" } }),
    ]);
    expect(rooms.rooms.get(ALICE)).not.toBe(oldRoom);
  });
});

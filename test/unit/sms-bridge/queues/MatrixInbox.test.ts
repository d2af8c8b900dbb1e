import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { AuditEntry } from "../../../../core/audit/record.ts";
import { parsePhone } from "../../../../core/sms/phone.ts";
import { roomIdOf, userIdOf } from "../../../../core/matrix/ids.ts";
import type { BlockedListener } from "../../../../bots/sms-bridge/capabilities.ts";
type BlockedMessage = Parameters<BlockedListener>[0];
import { MatrixInbox } from "../../../../bots/sms-bridge/queues/MatrixInbox.ts";
import { BridgeStore, type MatrixEventIn } from "../../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../../runtime/db.ts";

const PORTAL_ROOM = "!portal:example.org";
const OTHER_ROOM = "!other:example.org";
const ALICE = "@alice:example.org";

/**
 * The bridge's Matrix inbox: retries are budgeted by time and held per room. Before, a
 * clinician's message that came while its portal room was being set up used its five
 * attempts in as many passes (a second) and was dropped without a word.
 */
describe("MatrixInbox (events Synapse pushed, handled in order per room)", () => {
  let store: BridgeStore;
  let now: Date;
  let audit: AuditEntry[];
  let blocked: BlockedMessage[];
  let handled: string[];
  let failing: Map<string, number>; // event id -> failures still to come
  let inbox: MatrixInbox;
  let n = 0;

  const event = (room: string, body = "hello"): MatrixEventIn => {
    n += 1;
    return { event_id: `$e${n}`, room_id: room, sender: ALICE, type: "m.room.message", content: { msgtype: "m.text", body }, origin_server_ts: 1_000 + n };
  };
  const pass = async () => {
    inbox.kick();
    await inbox.idle();
  };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeEach(async () => {
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    now = new Date("2026-12-02T10:00:00Z");
    store = new BridgeStore(db, () => now);
    audit = [];
    blocked = [];
    handled = [];
    failing = new Map();
    inbox = new MatrixInbox({
      store,
      handle: async (e) => {
        const left = failing.get(e.event_id) ?? 0;
        if (left !== 0) {
          failing.set(e.event_id, left - 1);
          throw new Error("a portal room is being set up; the event is retried");
        }
        handled.push(e.event_id);
      },
      audit: { append: async (e) => void audit.push(e) },
      actor: "@sms-bridge:example.org",
      onBlocked: async (b) => void blocked.push(b),
      log: pino({ level: "silent" }),
      clock: () => now,
      retry: { budgetMs: 60_000, baseDelayMs: 250, maxDelayMs: 5_000 },
      intervalMs: 3600_000, // the test drives the passes
    });
  });
  afterEach(async () => {
    await inbox.stop();
  });

  it("keeps a failing event through many quick passes and handles it once it can", async () => {
    const e = event(PORTAL_ROOM);
    await store.acceptTransaction([e]);
    failing.set(e.event_id, 3);
    // Ten passes in the same instant (new events kick the inbox this fast): one attempt only.
    for (let i = 0; i < 10; i++) await pass();
    expect(failing.get(e.event_id)).toBe(2);
    expect(inbox.waiting).toBe(1);
    for (let i = 0; i < 3; i++) {
      advance(5_000);
      await pass();
    }
    expect(handled).toEqual([e.event_id]);
    expect(inbox.waiting).toBe(0);
    expect(await store.pendingInbox()).toEqual([]);
    expect(audit).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it("holds back only the later events of the failing event's room", async () => {
    const first = event(PORTAL_ROOM, "first");
    const second = event(PORTAL_ROOM, "second");
    const elsewhere = event(OTHER_ROOM);
    await store.acceptTransaction([first, second, elsewhere]);
    failing.set(first.event_id, 1);
    await pass();
    // The other room's event went through; the portal room's second message waits for its first.
    expect(handled).toEqual([elsewhere.event_id]);
    advance(250);
    await pass();
    expect(handled).toEqual([elsewhere.event_id, first.event_id, second.event_id]);
  });

  it("gives up when the time budget is spent, and tells the sender of a portal room's message", async () => {
    await store.savePortal({ phone: parsePhone("+15555550142", { check: "possible" }), roomId: roomIdOf(PORTAL_ROOM), puppetUserId: userIdOf("@sms_00aa:example.org"), language: "en", timeZone: "UTC", createdAt: now });
    const e = event(PORTAL_ROOM);
    const lost = event(OTHER_ROOM);
    await store.acceptTransaction([e, lost]);
    failing.set(e.event_id, 1_000);
    failing.set(lost.event_id, 1_000);
    await pass();
    for (let t = 5_000; t < 60_000; t += 5_000) {
      advance(5_000);
      await pass();
      expect(audit).toEqual([]); // still inside the budget
    }
    advance(5_000);
    await pass();
    expect(await store.pendingInbox()).toEqual([]);
    expect(audit.map((a) => [a.action, a.target, a.details])).toEqual([["sms.blocked", PORTAL_ROOM, { reason: "bridge_error", eventId: e.event_id, sender: ALICE }]]);
    expect(blocked.map((b) => [b.roomId, b.eventId, b.reason])).toEqual([[PORTAL_ROOM, e.event_id, "bridge_error"]]);
    expect(handled).toEqual([]);
  });
});

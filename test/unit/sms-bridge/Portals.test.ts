import { beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../../core/audit/record.ts";
import { parsePhone } from "../../../core/sms/phone.ts";
import { SimulatedRoomActions } from "../../../bots/sms-bridge/matrix/SimulatedRoomActions.ts";
import { PORTAL_STATE, Portals } from "../../../bots/sms-bridge/Portals.ts";
import { BridgeStore } from "../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../runtime/db.ts";
import { policyWithoutQuietHours } from "../../helpers/policy.ts";

const PATIENT = parsePhone("+15555550142", { check: "possible" });
const ALICE = "@dr.alice:example.org";
const ADMIN = "@admin:example.org";

describe("Portals (one room per patient number), against simulated rooms", () => {
  let store: BridgeStore;
  let rooms: SimulatedRoomActions;
  let portals: Portals;
  let audit: AuditEntry[];

  beforeEach(async () => {
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    store = new BridgeStore(db);
    rooms = new SimulatedRoomActions("@sms-bridge:example.org");
    audit = [];
    portals = new Portals({
      store,
      matrix: rooms,
      policy: policyWithoutQuietHours(),
      careTeam: async () => [ALICE],
      admins: async () => [ADMIN],
      audit: { append: async (e) => void audit.push(e) },
      provider: "simulator",
    });
  });

  it("finishes a set-up cut short after the room was made (the homeserver died) instead of making a second room", async () => {
    // The room is made, then the homeserver goes away before the power levels are set.
    rooms.failWhen = (c) => (c.kind === "state" ? new Error("homeserver unreachable (simulated)") : undefined);
    await expect(portals.findOrCreate(PATIENT)).rejects.toThrow(/unreachable/);
    expect(await store.portalByPhone(PATIENT)).toBeUndefined();
    rooms.failWhen = undefined;

    const portal = await portals.findOrCreate(PATIENT);
    const made = rooms.calls.filter((c) => c.kind === "createPortalRoom");
    expect(made).toHaveLength(1);
    expect(made[0]?.kind === "createPortalRoom" && made[0].roomId).toBe(portal.roomId);
    expect(rooms.calls.filter((c) => c.kind === "state" && c.type === "m.room.power_levels" && c.roomId === portal.roomId)).toHaveLength(1);
    expect(audit.map((a) => [a.action, a.target, a.details])).toEqual([["portal.created", portal.roomId, { resumed: true }]]);
    // Done: the next patient's set-up is a fresh one, and this number's portal is found in the store.
    expect(await store.beginPortalCreation(PATIENT)).toBe(false);
  });

  it("makes a new room when the set-up was cut short before its room existed", async () => {
    rooms.failNext(new Error("homeserver unreachable (simulated)")); // ensureUser: nothing made yet
    await expect(portals.findOrCreate(PATIENT)).rejects.toThrow(/unreachable/);
    const portal = await portals.findOrCreate(PATIENT);
    expect(rooms.calls.filter((c) => c.kind === "createPortalRoom")).toHaveLength(1);
    expect(audit.map((a) => a.details)).toEqual([{ invited: 1 }]);
    expect(await store.portalByPhone(PATIENT)).toEqual(portal);
  });

  it("creates the room once: marked, not world-readable, power levels set before anyone joins, the puppet joined, audited without the number", async () => {
    const portal = await portals.findOrCreate(PATIENT);
    expect(portal).toMatchObject({ phone: PATIENT, language: "en" });
    expect(await store.portalByPhone(PATIENT)).toEqual(portal);

    const created = rooms.calls.find((c) => c.kind === "createPortalRoom");
    expect(created?.kind === "createPortalRoom" && created.roomId).toBe(portal.roomId);
    const body = created?.kind === "createPortalRoom" ? created.body : {};
    expect(body.invite).toEqual([portal.puppetUserId, ALICE]);
    const state = body.initial_state as Array<{ type: string; content: Record<string, unknown> }>;
    expect(state.find((s) => s.type === PORTAL_STATE)?.content).toMatchObject({ phone: PATIENT, puppet: portal.puppetUserId, provider: "simulator" });
    expect(state.find((s) => s.type === "m.room.history_visibility")?.content).toEqual({ history_visibility: "shared" });
    expect(state.find((s) => s.type === "m.room.guest_access")?.content).toEqual({ guest_access: "forbidden" });

    // The order: room, power levels (only the bridge and admins invite), then the puppet joins.
    const kinds = rooms.calls.map((c) => (c.kind === "state" ? `state:${c.type}` : c.kind));
    expect(kinds).toEqual(["ensureUser", "createPortalRoom", "state:m.room.power_levels", "join"]);
    const levels = rooms.calls.find((c) => c.kind === "state");
    expect(levels?.kind === "state" && levels.content).toMatchObject({ users: { [ADMIN]: 100 }, invite: 50, kick: 50 });

    // The puppet's id is opaque: no digits of the number in it.
    expect(portal.puppetUserId).toMatch(/^@sms_[0-9a-f]{24}:example\.org$/);
    expect(portal.puppetUserId).not.toContain("5550142");
    expect(audit).toEqual([{ actor: rooms.botUserId, action: "portal.created", target: portal.roomId, details: { invited: 1 } }]);
    expect(JSON.stringify(audit)).not.toContain("5550142");
  });

  it("reuses the stored portal, and makes one room when two texts from a new number arrive at once", async () => {
    const [a, b] = await Promise.all([portals.findOrCreate(PATIENT), portals.findOrCreate(PATIENT)]);
    expect(a).toEqual(b);
    const callsAfterFirst = rooms.calls.length;
    expect(await portals.findOrCreate(PATIENT)).toEqual(a);
    expect(rooms.calls.length).toBe(callsAfterFirst);
    expect(rooms.calls.filter((c) => c.kind === "createPortalRoom")).toHaveLength(1);
    expect(audit.filter((e) => e.action === "portal.created")).toHaveLength(1);
  });

  it("says a room is being set up while it is, so that early messages wait instead of being dropped", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = new Portals({
      store,
      matrix: rooms,
      policy: policyWithoutQuietHours(),
      careTeam: async () => {
        await held;
        return [ALICE];
      },
      audit: { append: async () => undefined },
      provider: "simulator",
    });
    expect(slow.creating).toBe(false);
    const making = slow.findOrCreate(PATIENT);
    await new Promise((r) => setImmediate(r));
    expect(slow.creating).toBe(true);
    release();
    await making;
    expect(slow.creating).toBe(false);
  });

  it("stores nothing when the homeserver fails mid-creation, and creates the room on the next try", async () => {
    rooms.failWhen = (call) => (call.kind === "state" ? new Error("homeserver down (simulated)") : undefined);
    await expect(portals.findOrCreate(PATIENT)).rejects.toThrow(/homeserver down/);
    expect(await store.portalByPhone(PATIENT)).toBeUndefined();
    expect(audit).toEqual([]);
    expect(portals.creating).toBe(false);
    rooms.failWhen = undefined;
    const portal = await portals.findOrCreate(PATIENT);
    expect(await store.portalByPhone(PATIENT)).toEqual(portal);
  });

  it("uses the language and time zone asked for, else the policy's defaults", async () => {
    const other = parsePhone("+15555550143", { check: "possible" });
    expect(await portals.findOrCreate(other, { language: "es", timeZone: "America/Chicago" })).toMatchObject({ language: "es", timeZone: "America/Chicago" });
    const policy = policyWithoutQuietHours();
    expect(await portals.findOrCreate(PATIENT)).toMatchObject({ language: policy.sms.defaultLanguage, timeZone: policy.sms.defaultTimeZone });
  });
});

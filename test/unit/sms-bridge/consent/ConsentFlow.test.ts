import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { AuditLedger } from "../../../../core/audit/index.ts";
import { roomIdOf, userIdOf } from "../../../../core/matrix/ids.ts";
import type { Policy } from "../../../../core/policy/index.ts";
import { parsePhone } from "../../../../core/sms/phone.ts";
import type { Portal } from "../../../../core/sms/portal.ts";
import { CONSENT_STATE_EVENT, ConsentFlow, type SystemTextMeta } from "../../../../bots/sms-bridge/consent/ConsentFlow.ts";
import { SimulatedRoomActions } from "../../../../bots/sms-bridge/matrix/SimulatedRoomActions.ts";
import type { InboundSms, ProviderMessageId } from "../../../../bots/sms-bridge/providers/types.ts";
import { openAuditLedger } from "../../../../runtime/audit/index.ts";
import { openConsentStore, type SqlConsentStore } from "../../../../runtime/consent/index.ts";
import { policyWithoutQuietHours } from "../../../helpers/policy.ts";

const PATIENT = parsePhone("+15555550142", { check: "possible" });
const ALICE = "@dr.alice:example.org";
const portal: Portal = {
  phone: PATIENT,
  roomId: roomIdOf("!portal:example.org"),
  puppetUserId: userIdOf("@sms_0123456789abcdef01234567:example.org"),
  language: "en",
  timeZone: "UTC",
  createdAt: new Date("2026-01-01T00:00:00Z"),
};

/**
 * The consent flow on its own: the real consent ledger (SQLite in memory, with its audit
 * ledger), simulated rooms, and the outbox as a list of what it was asked to queue.
 */
describe("ConsentFlow (warning, answer, STOP/START, commands), against simulated rooms and a real ledger", () => {
  let rooms: SimulatedRoomActions;
  let audit: AuditLedger;
  let ledger: SqlConsentStore;
  let policy: Policy;
  let flow: ConsentFlow;
  let queued: Array<{ key: string; body: string; meta: SystemTextMeta }>;
  let n = 0;

  beforeEach(async () => {
    policy = policyWithoutQuietHours();
    audit = await openAuditLedger({ url: "sqlite::memory:" });
    ledger = await openConsentStore({ url: "sqlite::memory:", audit });
    rooms = new SimulatedRoomActions("@sms-bridge:example.org");
    queued = [];
    flow = new ConsentFlow({
      ledger,
      policy,
      matrix: rooms,
      queueSystemText: async ({ key, body, meta }) => {
        if (queued.some((q) => q.key === key)) return false;
        queued.push({ key, body, meta });
        return true;
      },
      portalByRoom: async (roomId) => (roomId === portal.roomId ? portal : undefined),
      log: pino({ level: "silent" }),
    });
  });

  afterEach(async () => {
    await ledger.close();
    await audit.store.close();
  });

  function text(body: string): InboundSms {
    n += 1;
    return { providerMessageId: `in-${n}` as ProviderMessageId, from: PATIENT, to: parsePhone(policy.sms.practiceNumber, { check: "possible" }), body, media: [], receivedAt: new Date() };
  }

  /** The outbox sent the last queued system text (what OutboxWorker's onSent reports). */
  async function sendQueued(): Promise<void> {
    const q = queued.at(-1)!;
    await flow.onSent({ providerMessageId: `out-${q.key}`, phone: PATIENT, sentAt: new Date(), meta: JSON.stringify(q.meta), roomId: portal.roomId });
  }

  const consentStates = () => rooms.calls.flatMap((c) => (c.kind === "state" && c.type === CONSENT_STATE_EVENT ? [c.content.state] : []));

  it("on first contact sends the warning once, and the patient's YES after it is recorded as accepted", async () => {
    await flow.onPatientText(portal, text("Hi, is this the clinic?"), "$t1");
    expect(queued).toHaveLength(1);
    expect(queued[0]!.meta).toMatchObject({ type: "warning", language: "en" });
    expect(await flow.currentState(PATIENT)).toBe("unknown");
    await sendQueued();
    expect(await flow.currentState(PATIENT)).toBe("warned");

    // A second text before any answer does not send a second warning.
    await flow.onPatientText(portal, text("Hello?"), "$t2");
    expect(queued.filter((q) => q.meta.type === "warning")).toHaveLength(1);

    await flow.onPatientText(portal, text("yes"), "$t3");
    expect(await flow.currentState(PATIENT)).toBe("accepted");
    expect(consentStates()).toEqual(["warned", "accepted"]);
    const events = (await ledger.history(PATIENT)).events.map((e) => e.event);
    expect(events).toEqual(["warning_sent", "accepted"]);
  });

  it("a NO declines: health information stays blocked", async () => {
    await flow.onPatientText(portal, text("Hi"), "$t1");
    await sendQueued();
    await flow.onPatientText(portal, text("NO"), "$t2");
    expect(await flow.currentState(PATIENT)).toBe("declined");
  });

  it("STOP opts out at once; START returns to unknown and sends a new warning", async () => {
    await flow.onPatientText(portal, text("Hi"), "$t1");
    await sendQueued();
    await flow.onPatientText(portal, text("YES"), "$t2");
    await flow.optOut(portal, PATIENT, { providerMessageId: "in-stop", keyword: "STOP", at: new Date() });
    expect(await flow.currentState(PATIENT)).toBe("opted_out");
    const warningsBefore = queued.length;
    await flow.optIn(portal, PATIENT, { providerMessageId: "in-start", keyword: "START", at: new Date() });
    expect(await flow.currentState(PATIENT)).toBe("unknown");
    expect(queued.length).toBe(warningsBefore + 1);
    expect(queued.at(-1)!.meta.type).toBe("warning");
  });

  it("records a STOP from a number that has no portal yet", async () => {
    await flow.optOut(undefined, PATIENT, { providerMessageId: "in-stop", keyword: "stop", at: new Date() });
    expect(await flow.currentState(PATIENT)).toBe("opted_out");
    expect(rooms.calls).toEqual([]);
  });

  it("answers !consent status and !consent request in the room", async () => {
    await flow.onCommand(portal, ALICE, "!consent status", "$c1");
    expect(rooms.events(portal.roomId).at(-1)!.content.body).toMatch(/^Consent: no risk warning answered yet/);
    await flow.onCommand(portal, ALICE, "!consent request", "$c2");
    expect(queued.map((q) => q.meta.type)).toEqual(["warning"]);
    expect((await ledger.history(PATIENT)).events.map((e) => e.event)).toEqual(["requested"]);
  });

  it("fails closed: the gate's question throws when the ledger cannot answer", async () => {
    await ledger.close();
    await expect(flow.currentState(PATIENT)).rejects.toThrow();
    // Reopened for afterEach.
    ledger = await openConsentStore({ url: "sqlite::memory:", audit });
  });

  it("redacts a blocked message and tells only its sender", async () => {
    await flow.onBlocked({ roomId: portal.roomId, eventId: "$blocked", sender: ALICE, reason: "phi_without_consent", categories: ["health"] });
    expect(rooms.calls.find((c) => c.kind === "redact")).toMatchObject({ roomId: portal.roomId, eventId: "$blocked" });
    expect(rooms.calls.filter((c) => c.kind === "serverNotice").map((c) => c.kind === "serverNotice" && c.userId)).toEqual([ALICE]);
    expect(rooms.events(portal.roomId)).toEqual([]);
  });
});

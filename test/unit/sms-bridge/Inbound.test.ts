import { beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { AuditEntry } from "../../../core/audit/record.ts";
import type { Policy } from "../../../core/policy/index.ts";
import { parsePhone, type E164 } from "../../../core/sms/phone.ts";
import type { Portal } from "../../../core/sms/portal.ts";
import type { CarrierKeywordEvidence, ConsentPort } from "../../../bots/sms-bridge/capabilities.ts";
import { Inbound, MAX_INBOUND_CHARS, SMS_META } from "../../../bots/sms-bridge/Inbound.ts";
import { SimulatedRoomActions } from "../../../bots/sms-bridge/matrix/SimulatedRoomActions.ts";
import { Portals } from "../../../bots/sms-bridge/Portals.ts";
import { PatientLanguage } from "../../../bots/sms-bridge/PatientLanguage.ts";
import type { InboundSms, ProviderMessageId } from "../../../bots/sms-bridge/providers/types.ts";
import { BridgeStore } from "../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../runtime/db.ts";
import { policyWithoutQuietHours } from "../../helpers/policy.ts";

const phone = (p: string): E164 => parsePhone(p, { check: "possible" });
const PATIENT = phone("+15555550142");
const STAFF = phone("+15555550199");

/** The consent side as Inbound sees it (its port), recording what it is told, in order. */
class RecordingConsent implements ConsentPort {
  readonly told: Array<{ call: string; room?: string; phone?: E164; keyword?: string }> = [];
  async currentState(): Promise<"unknown"> {
    return "unknown";
  }
  async optOut(portal: Portal | undefined, p: E164, e: CarrierKeywordEvidence): Promise<void> {
    this.told.push({ call: "optOut", ...(portal ? { room: portal.roomId } : {}), phone: p, keyword: e.keyword });
  }
  async optIn(portal: Portal | undefined, p: E164, e: CarrierKeywordEvidence): Promise<void> {
    this.told.push({ call: "optIn", ...(portal ? { room: portal.roomId } : {}), phone: p, keyword: e.keyword });
  }
  async onPatientText(portal: Portal): Promise<void> {
    this.told.push({ call: "onPatientText", room: portal.roomId });
  }
  async onLanguageChanged(portal: Portal): Promise<void> {
    this.told.push({ call: "onLanguageChanged", room: portal.roomId });
  }
  async onCommand(): Promise<void> {
    this.told.push({ call: "onCommand" });
  }
  async requestConsent(): Promise<string> {
    return "requested";
  }
}

describe("Inbound (a patient's text, webhook to room), against simulated rooms", () => {
  let store: BridgeStore;
  let rooms: SimulatedRoomActions;
  let consent: RecordingConsent;
  let audit: AuditEntry[];
  let policy: Policy;
  let inbound: Inbound;
  let n = 0;

  function make(providerConfirmsKeywords = false): Inbound {
    const portals = new Portals({ store, matrix: rooms, policy, careTeam: async () => [], audit: { append: async (e) => void audit.push(e) }, provider: "simulator" });
    return new Inbound({ store, matrix: rooms, portals, languages: new PatientLanguage({ store, matrix: rooms, policy, provider: "simulator" }), consent, audit: { append: async (e) => void audit.push(e) }, policy, provider: "simulator", log: pino({ level: "silent" }), kickOutbox: () => undefined, providerConfirmsKeywords });
  }

  beforeEach(async () => {
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    store = new BridgeStore(db);
    rooms = new SimulatedRoomActions("@sms-bridge:example.org");
    consent = new RecordingConsent();
    audit = [];
    policy = policyWithoutQuietHours();
    policy.sms.staffNumbers = [STAFF];
    inbound = make();
  });

  function sms(body: string, extra: Partial<InboundSms> = {}): InboundSms {
    n += 1;
    return { providerMessageId: `in-${n}` as ProviderMessageId, from: PATIENT, to: phone(policy.sms.practiceNumber), body, media: [], receivedAt: new Date(), ...extra };
  }

  /** Accepts the text and processes what was stored, as the inbound queue does. */
  async function deliver(msg: InboundSms): Promise<void> {
    expect(await inbound.accept(msg)).toBe("accepted");
    for (const row of await store.pendingInbound()) await inbound.process(row);
  }

  it("refuses before storing: too long, not to the practice, from the practice or from staff (audited without the number)", async () => {
    expect(await inbound.accept(sms("x".repeat(MAX_INBOUND_CHARS + 1)))).toBe("too_long");
    expect(await inbound.accept(sms("hi", { to: phone("+15555550177") }))).toBe("refused");
    expect(await inbound.accept(sms("hi", { from: phone(policy.sms.practiceNumber) }))).toBe("refused");
    expect(await inbound.accept(sms("hi", { from: STAFF }))).toBe("refused");
    expect(await store.pendingInbound()).toEqual([]);
    expect(audit.map((a) => [a.action, (a.details as Record<string, unknown>).reason])).toEqual([
      ["sms.webhook_rejected", "not_practice_number"],
      ["sms.webhook_rejected", "organisation_number"],
      ["sms.staff_number_refused", undefined],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/555555/);
  });

  it("stores a text once: a repeated webhook for the same provider id is a duplicate", async () => {
    const msg = sms("Can I come at 3?");
    expect(await inbound.accept(msg)).toBe("accepted");
    expect(await inbound.accept({ ...msg, body: "a forged second body" })).toBe("duplicate");
    expect((await store.pendingInbound()).map((r) => r.body)).toEqual(["Can I come at 3?"]);
  });

  it("posts the text as the patient's puppet, audits it, tells the consent side, and keeps no copy", async () => {
    await deliver(sms("Can I come at 3?"));
    const portal = (await store.portalByPhone(PATIENT))!;
    const [posted] = rooms.events(portal.roomId);
    expect(posted).toMatchObject({ asUser: portal.puppetUserId, content: { msgtype: "m.text", body: "Can I come at 3?", [SMS_META]: { provider: "simulator" } } });
    expect(audit.find((a) => a.action === "sms.relayed")).toMatchObject({ target: portal.roomId, details: { direction: "inbound", sender: portal.puppetUserId, eventId: posted!.eventId } });
    expect(consent.told).toEqual([{ call: "onPatientText", room: portal.roomId }]);
    const [row] = await store.db.selectFrom("bridge_inbound").selectAll().execute();
    expect(row).toMatchObject({ status: "done", body: "", event_id: posted!.eventId });
  });

  it("records a STOP before anything else, even when the homeserver is down", async () => {
    await deliver(sms("hello"));
    consent.told.length = 0;
    rooms.down = true;
    const stop = sms("STOP");
    expect(await inbound.accept(stop)).toBe("accepted");
    const [row] = await store.pendingInbound();
    await expect(inbound.process(row!)).rejects.toThrow(/unreachable/);
    const portal = (await store.portalByPhone(PATIENT))!;
    expect(consent.told).toEqual([{ call: "optOut", room: portal.roomId, phone: PATIENT, keyword: "STOP" }]);
    // Still pending: the queue retries the post once the homeserver is back.
    expect((await store.pendingInbound()).map((r) => r.provider_message_id)).toEqual([stop.providerMessageId]);
  });

  it("answers STOP and HELP with the carrier's texts, unless the provider confirms opt-outs itself", async () => {
    await deliver(sms("STOP"));
    await deliver(sms("HELP"));
    const queued = await store.db.selectFrom("bridge_outbox").select(["idempotency_key", "kind"]).orderBy("idempotency_key").execute();
    expect(queued.map((q) => [q.idempotency_key.replace(/-in-\d+$/, ""), q.kind])).toEqual([
      ["carrier-help", "carrier"],
      ["carrier-stop", "carrier"],
    ]);
    expect(audit.some((a) => a.action === "sms.opted_out")).toBe(true);

    const other = phone("+15555550143");
    inbound = make(true);
    await deliver(sms("STOP", { from: other }));
    expect(await store.db.selectFrom("bridge_outbox").select("idempotency_key").where("phone", "=", other).execute()).toEqual([]);
  });

  it("tells the consent side of START after its confirmation, and of no ordinary text", async () => {
    await deliver(sms("START"));
    const portal = (await store.portalByPhone(PATIENT))!;
    expect(consent.told).toEqual([{ call: "optIn", room: portal.roomId, phone: PATIENT, keyword: "START" }]);
  });

  it("withholds pictures by policy: the room is told, the patient gets the media reply", async () => {
    await deliver(sms("see photo", { media: [{ url: "http://127.0.0.1:9/m/1", contentType: "image/jpeg" }] }));
    const portal = (await store.portalByPhone(PATIENT))!;
    const bodies = rooms.events(portal.roomId).map((e) => e.content.body as string);
    expect(bodies[0]).toBe("see photo");
    expect(bodies.some((b) => /1 picture\/file attachment/.test(b))).toBe(true);
    expect(audit.find((a) => a.action === "sms.media_withheld")?.details).toMatchObject({ count: 1 });
    const queued = await store.db.selectFrom("bridge_outbox").select(["kind"]).execute();
    expect(queued).toEqual([{ kind: "system" }]);
  });

  it("does not post twice when a post was stored but its answer lost (retry after a homeserver crash)", async () => {
    await deliver(sms("first text"));
    const portal = (await store.portalByPhone(PATIENT))!;
    const msg = sms("Are you open Saturday?");
    expect(await inbound.accept(msg)).toBe("accepted");
    // The first attempt's post reached the room, but the bridge never heard back.
    rooms.storeWithoutAnswer(portal.roomId, "m.room.message", { msgtype: "m.text", body: msg.body, [SMS_META]: { providerMessageId: msg.providerMessageId } }, portal.puppetUserId);
    await store.updateInbound("simulator", msg.providerMessageId, { attempts: 1 });
    const [row] = await store.pendingInbound();
    await inbound.process(row!);
    const posts = rooms.events(portal.roomId).filter((e) => e.content.body === msg.body);
    expect(posts).toHaveLength(1);
    const [stored] = await store.db.selectFrom("bridge_inbound").selectAll().where("provider_message_id", "=", msg.providerMessageId).execute();
    expect(stored).toMatchObject({ status: "done", event_id: posts[0]!.eventId });
  });
});

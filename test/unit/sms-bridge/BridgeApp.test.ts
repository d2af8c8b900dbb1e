import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pino } from "pino";
import type { AuditLedger } from "../../../core/audit/index.ts";
import { detectPhi } from "../../../core/phi/index.ts";
import type { Policy } from "../../../core/policy/index.ts";
import { policyWithoutQuietHours } from "../../helpers/policy.ts";
import { StaticRoleDirectory } from "../../../core/roles/roleDirectory.ts";
import { signEvent } from "../../../core/sms/simulatorWire.ts";
import { startBridgeApp, type BridgeApp } from "../../../bots/sms-bridge/BridgeApp.ts";
import { ConsentFlow } from "../../../bots/sms-bridge/consent/ConsentFlow.ts";
import { SimulatedRoomActions } from "../../../bots/sms-bridge/matrix/SimulatedRoomActions.ts";
import { SimulatorProvider } from "../../../bots/sms-bridge/providers/simulator.ts";
import { BridgeStore } from "../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../bots/sms-bridge/store/schema.ts";
import { startSimulator, type RunningSimulator } from "../../../infra/local/simulators/sms/server.ts";
import { freePort } from "../../../infra/local/networkPorts.ts";
import { openAuditLedger } from "../../../runtime/audit/index.ts";
import { openConsentStore, type SqlConsentStore } from "../../../runtime/consent/index.ts";
import { openDatabase, parseDatabaseUrl } from "../../../runtime/db.ts";
import { MatrixHttpError } from "../../../runtime/synapse/index.ts";

const SECRET = "bridge-app-test-secret-0123456789";
const TOKEN = "control-token-0123456789abcdef";

/**
 * The whole bridge (startBridgeApp) in this process: its real store, ledgers, queues and HTTP
 * server, the real simulator as the provider, and simulated rooms in place of the homeserver.
 */
describe("the bridge in-process, with simulated rooms", () => {
  let dir: string;
  let sim: RunningSimulator;
  let rooms: SimulatedRoomActions;
  let app: BridgeApp;
  let store: BridgeStore;
  let audit: AuditLedger;
  let ledger: SqlConsentStore;
  let url: string;
  let policy: Policy;
  let n = 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "wardroom-bridgeapp-"));
    policy = policyWithoutQuietHours();
    sim = await startSimulator({ practiceNumber: policy.sms.practiceNumber, webhookUrl: "http://127.0.0.1:9/unused", webhookSecret: SECRET });
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    store = new BridgeStore(db);
    audit = await openAuditLedger({ url: `sqlite:${join(dir, "audit.db")}` });
    ledger = await openConsentStore({ url: `sqlite:${join(dir, "consent.db")}`, audit });
    rooms = new SimulatedRoomActions("@sms-bridge:example.org");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = await startBridgeApp({
      config: {
        homeserverUrl: "http://127.0.0.1:9",
        serverName: "example.org",
        appserviceId: "wardroom-sms",
        homeserverPingMs: 50,
        asToken: "as-token-unused-0123456789",
        hsToken: "hs-token-unused-0123456789",
        botLocalpart: "sms-bridge",
        listen: { host: "127.0.0.1", port },
        publicBaseUrl: url,
        careTeam: [],
        controlToken: TOKEN,
        providerConfirmsKeywords: false,
        providerIdempotent: true,
        inboundRetry: { budgetMs: 60_000, baseDelayMs: 20, maxDelayMs: 100 },
      },
      policy,
      store,
      provider: new SimulatorProvider({ baseUrl: sim.url, secret: SECRET }),
      audit,
      detectPhi,
      log: pino({ level: "silent" }),
      matrix: rooms,
      roles: new StaticRoleDirectory({ "@dr.alice:example.org": ["clinician"] }),
      compliance: (ctx) =>
        new ConsentFlow({ ledger, policy, matrix: ctx.matrix, queueSystemText: ctx.queueSystemText, portalByRoom: (roomId) => ctx.store.portalByRoom(roomId), log: pino({ level: "silent" }) }),
    });
  });

  let closed = false;
  afterEach(async () => {
    if (!closed) await app.close();
    closed = false;
    await sim.close();
    await ledger.close();
    await audit.store.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function patientTexts(from: string, body: string): Promise<void> {
    n += 1;
    const event = JSON.stringify({ type: "message.inbound", id: `in-${n}`, from, to: policy.sms.practiceNumber, body, media: [], receivedAt: new Date().toISOString() });
    const res = await fetch(`${url}/webhooks/sms`, { method: "POST", headers: { "content-type": "application/json", "x-wardroom-signature": signEvent(SECRET, event, new Date()) }, body: event });
    expect(res.status).toBe(200);
  }

  /** The patient texts posted (as the puppet) in a room, oldest first. */
  const posted = (roomId: string) => rooms.events(roomId).filter((e) => e.asUser !== undefined && e.asUser !== rooms.botUserId).map((e) => String(e.content.body));
  const roomOf = async (phone: string) => (await store.portalByPhone(phone))!.roomId;

  it("loses nothing while the homeserver is down, however many passes run, and posts every text once in order", async () => {
    await patientTexts("+15555550101", "first contact");
    await app.drain();
    rooms.down = true;
    // Forty texts, each kicking a pass of the queue while nothing can be posted.
    for (let i = 0; i < 40; i++) await patientTexts("+15555550101", `text ${i}`);
    await new Promise((r) => setTimeout(r, 300)); // the outage lasts a while: many retries fail
    rooms.down = false;
    await app.drain();
    const room = await roomOf("+15555550101");
    expect(posted(room)).toEqual(["first contact", ...Array.from({ length: 40 }, (_, i) => `text ${i}`)]);
    expect((await audit.query({ action: "sms.failed", limit: 10 })).records).toEqual([]);
  });

  it("asks the homeserver to call it back at start and again on its interval, and says in /health when it cannot (the appservice ping)", async () => {
    // At start: Synapse retries a backed-off appservice at once only when pinged.
    await vi.waitFor(() => expect(rooms.pings.length).toBeGreaterThanOrEqual(2));
    expect(new Set(rooms.pings).size).toBe(rooms.pings.length);
    const health = async () => (await (await fetch(`${url}/health`)).json()) as { ok: boolean; checks: Record<string, boolean> };
    expect(await health()).toEqual({ ok: true, checks: { homeserver: true, homeserverReachesBridge: true } });
    rooms.bridgeUnreachable = true;
    await vi.waitFor(async () => expect(await health()).toEqual({ ok: false, checks: { homeserver: true, homeserverReachesBridge: false } }));
    rooms.bridgeUnreachable = false;
    await vi.waitFor(async () => expect((await health()).ok).toBe(true));
    // The homeserver being down is the homeserver check's to report, not the ping's.
    rooms.down = true;
    await vi.waitFor(async () => expect(await health()).toEqual({ ok: false, checks: { homeserver: false, homeserverReachesBridge: true } }));
    rooms.down = false;
  });

  it("does not let one patient's stuck text hold back another patient's", async () => {
    await patientTexts("+15555550102", "hello from A");
    await patientTexts("+15555550103", "hello from B");
    await app.drain();
    const roomA = await roomOf("+15555550102");
    const roomB = await roomOf("+15555550103");
    rooms.failWhen = (c) => (c.kind === "event" && c.roomId === roomA && c.content?.body === "A again" ? new MatrixHttpError(502, undefined, "PUT /send", "") : undefined);
    await patientTexts("+15555550102", "A again");
    await patientTexts("+15555550103", "B again");
    // B's text gets through while A's keeps failing.
    for (let i = 0; i < 500 && !posted(roomB).includes("B again"); i++) await new Promise((r) => setTimeout(r, 20));
    expect(posted(roomB)).toEqual(["hello from B", "B again"]);
    expect(posted(roomA)).toEqual(["hello from A"]);
    rooms.failWhen = undefined;
    await app.drain();
    expect(posted(roomA)).toEqual(["hello from A", "A again"]);
  });

  it("shows a text the homeserver will never take to the care team, and audits the failure with the room", async () => {
    await patientTexts("+15555550104", "hello");
    await app.drain();
    const room = await roomOf("+15555550104");
    rooms.failWhen = (c) => (c.kind === "event" && c.content?.body === "too big for the homeserver" ? new MatrixHttpError(413, "M_TOO_LARGE", "PUT /send", "") : undefined);
    await patientTexts("+15555550104", "too big for the homeserver");
    await patientTexts("+15555550104", "and a normal one after");
    await app.drain();
    expect(posted(room)).toEqual(["hello", "and a normal one after"]);
    const notices = rooms.events(room).map((e) => String(e.content.body)).filter((b) => b.includes("could not be shown here"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).not.toContain("too big");
    const failed = (await audit.query({ action: "sms.failed", limit: 10 })).records;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ target: room, details: { errorKind: "inbound_rejected_by_homeserver", attempts: 1 } });
    expect(JSON.stringify(failed[0])).not.toContain("15555550104");
  });

  it("refuses a flood of unsigned webhooks early and audits it in aggregate (issue 10, item 10)", async () => {
    const statuses: number[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const res = await Promise.all(
        Array.from({ length: 10 }, () => fetch(`${url}/webhooks/sms`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => r.status)),
      );
      statuses.push(...res);
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(200);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // While the minute lasts: one record per reason, not one per request.
    expect((await audit.query({ action: "sms.webhook_rejected", limit: 100 })).records.length).toBeLessThanOrEqual(2);
    await app.close();
    closed = true;
    const records = (await audit.query({ action: "sms.webhook_rejected", limit: 100 })).records;
    expect(records.length).toBeLessThanOrEqual(4);
    expect(records.reduce((sum, r) => sum + Number(r.details.count ?? 1), 0)).toBe(300);
  });

  it("answers 413 to an oversized body instead of reading it (or resetting the connection)", async () => {
    const res = await fetch(`${url}/webhooks/sms`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(10 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ errcode: "M_TOO_LARGE" });
  });

  it("refuses at the webhook a text longer than a carrier delivers, and keeps taking the others (issue 10, item 8)", async () => {
    const long = JSON.stringify({ type: "message.inbound", id: "too-long-1", from: "+15555550105", to: policy.sms.practiceNumber, body: "a".repeat(1601), media: [], receivedAt: new Date().toISOString() });
    const res = await fetch(`${url}/webhooks/sms`, { method: "POST", headers: { "content-type": "application/json", "x-wardroom-signature": signEvent(SECRET, long, new Date()) }, body: long });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "too_long" });
    expect(await store.pendingInbound()).toEqual([]);
    await patientTexts("+15555550105", "b".repeat(1600));
    await app.drain();
    expect(posted(await roomOf("+15555550105"))).toEqual(["b".repeat(1600)]);
  });

  it("names the clinician in the !sms open record and the sender in every sms.relayed (issue 12, point 3)", async () => {
    const open = await fetch(`${url}/_wardroom/v1/sms/open`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ phone: "+15555550106", requestedBy: "@dr.alice:example.org" }),
    });
    expect(open.status).toBe(200);
    const { roomId } = (await open.json()) as { roomId: string };
    const opened = (await audit.query({ action: "sms.conversation_opened", limit: 5 })).records;
    expect(opened).toMatchObject([{ actor: "@dr.alice:example.org", target: roomId, details: { created: true, via: "room" } }]);

    // Alice writes in the room (Synapse pushes it to the appservice); the text is relayed.
    const txn = await fetch(`${url}/_matrix/app/v1/transactions/t-${Date.now()}`, {
      method: "PUT",
      headers: { authorization: "Bearer hs-token-unused-0123456789", "content-type": "application/json" },
      body: JSON.stringify({ events: [{ event_id: "$alice1", room_id: roomId, sender: "@dr.alice:example.org", type: "m.room.message", content: { msgtype: "m.text", body: "Thank you, see you soon." }, origin_server_ts: Date.now() }] }),
    });
    expect(txn.status).toBe(200);
    await app.drain();
    await patientTexts("+15555550106", "ok thanks");
    await app.drain();
    await app.outbox.idle();
    const relayed = (await audit.query({ action: "sms.relayed", limit: 20 })).records;
    const mine = relayed.filter((r) => r.target === roomId);
    expect(mine.length).toBeGreaterThanOrEqual(3); // the warning, Alice's text, the patient's text
    for (const r of mine) expect(typeof r.details.sender).toBe("string");
    expect(mine.find((r) => r.details.eventId === "$alice1")).toMatchObject({ actor: "@dr.alice:example.org", details: { sender: "@dr.alice:example.org", direction: "outbound" } });
    expect(mine.find((r) => r.details.direction === "inbound")?.details.sender).toMatch(/^@sms_[0-9a-f]{24}:example\.org$/);
    expect(mine.filter((r) => r.details.direction === "outbound" && r.details.eventId !== "$alice1").every((r) => r.details.sender === rooms.botUserId)).toBe(true);
  });

  it("does not post a text twice when the homeserver stored it but died before answering", async () => {
    await patientTexts("+15555550107", "hello");
    await app.drain();
    const room = await roomOf("+15555550107");
    let crashed = false;
    rooms.failWhen = (c) => {
      if (crashed || c.kind !== "event" || c.content?.body !== "stored, answer lost") return undefined;
      crashed = true;
      rooms.storeWithoutAnswer(c.roomId!, "m.room.message", c.content, c.asUser);
      return new MatrixHttpError(0, undefined, "PUT /send", "unreachable");
    };
    await patientTexts("+15555550107", "stored, answer lost");
    await patientTexts("+15555550107", "next one");
    await app.drain();
    expect(crashed).toBe(true);
    expect(posted(room)).toEqual(["hello", "stored, answer lost", "next one"]);
  });

  it("never treats the organisation's own number as a patient, and does not block a message that gives it (issue 10, item 4)", async () => {
    // A webhook "from" the practice number opens no portal and texts nobody.
    await patientTexts(policy.sms.practiceNumber, "loop");
    await app.drain();
    expect(await store.portalByPhone(policy.sms.practiceNumber)).toBeUndefined();
    const toPractice = await fetch(`${sim.url}/sms/outbound?to=${encodeURIComponent(policy.sms.practiceNumber)}`).then((r) => r.json());
    expect(toPractice).toEqual([]);
    expect((await audit.query({ action: "sms.webhook_rejected", limit: 10 })).records.map((r) => r.details.reason)).toContain("organisation_number");

    // A patient who has not consented: the practice's own number is not PHI; another is.
    await patientTexts("+15555550108", "hi");
    await app.drain();
    const room = await roomOf("+15555550108");
    const send = async (id: string, body: string) => {
      await fetch(`${url}/_matrix/app/v1/transactions/${id}`, {
        method: "PUT",
        headers: { authorization: "Bearer hs-token-unused-0123456789", "content-type": "application/json" },
        body: JSON.stringify({ events: [{ event_id: id, room_id: room, sender: "@dr.alice:example.org", type: "m.room.message", content: { msgtype: "m.text", body }, origin_server_ts: Date.now() }] }),
      });
      await app.drain();
    };
    await send("$own", "To reschedule, call us at (555) 555-0100.");
    await send("$other", "To reschedule, call (555) 555-0177.");
    await app.outbox.idle();
    expect((await store.outboxByKey("$own"))?.status).toMatch(/sent|delivered/);
    expect(await store.outboxByKey("$other")).toBeUndefined();
    const blocked = (await audit.query({ action: "sms.blocked", limit: 10 })).records;
    expect(blocked.find((r) => r.details.eventId === "$other")?.details).toMatchObject({ reason: "phi_without_consent", phiCategories: ["CONTACT"] });
  });
});

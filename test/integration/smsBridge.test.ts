import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { signEvent } from "../../core/sms/simulatorWire.ts";
import { TEST_STAFF_NUMBER } from "../setup/testStack.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { queryDatabase } from "../helpers/databases.ts";
import { clinician, loginAs } from "../helpers/matrix.ts";
import { AdminApi, bridgeSecret, eventually, killBridge, patientTexts, textsTo, uniquePhone } from "../helpers/sms.ts";

/** Audit records of one action, read straight from the stack's ledger (SQLite). */
/** The audit ledger's records of one action, on whichever database the stack keeps it. */
async function auditRecords(auditUrl: string, action: string): Promise<Array<{ target: string | null; details: Record<string, unknown> }>> {
  const rows = (await queryDatabase(auditUrl, "SELECT target, details FROM audit_records WHERE action = ? ORDER BY seq", [action])) as Array<{ target: string | null; details: string }>;
  return rows.map((r) => ({ target: r.target, details: JSON.parse(r.details) as Record<string, unknown> }));
}

describeWithStack("SMS bridge", (stack) => {
  let admin: AdminApi;
  let alice: MatrixClient;
  beforeAll(async () => {
    admin = await AdminApi.login(stack());
    alice = await loginAs(stack(), clinician(stack(), 0));
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
  });

  const portalFor = (phone: string) => admin.waitForPortal(phone);

  it("turns a patient's first text into an unencrypted portal room with the puppet and the care team", async () => {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "Hi, I have a question about my appointment");
    const roomId = await portalFor(phone);

    const state = await admin.state(roomId);
    expect(state.find((e) => e.type === "m.room.encryption")).toBeUndefined();
    expect(state.find((e) => e.type === "org.wardroom.sms_portal")?.content).toMatchObject({ phone });
    expect(state.find((e) => e.type === "m.room.retention")?.content).toEqual({ min_lifetime: 86_400_000, max_lifetime: 30 * 86_400_000 });
    expect(String(state.find((e) => e.type === "m.room.topic")?.content.topic)).toMatch(/NOT encrypted/);

    // The puppet's id is opaque: it names neither the number nor its digits.
    const puppet = String(state.find((e) => e.type === "org.wardroom.sms_portal")?.content.puppet);
    expect(puppet).toMatch(new RegExp(`^@sms_[0-9a-f]{24}:${stack().homeserver.serverName.replace(/\./g, "\\.")}$`));
    expect(puppet).not.toContain(phone.slice(-7));
    const members = await eventually("the puppet joined", async () => {
      const m = await admin.members(roomId);
      return m[puppet] === "join" ? m : undefined;
    });
    for (const c of stack().demoUsers.filter((u) => u.role === "clinician")) expect(members[c.userId]).toBe("invite");
    expect(members[stack().demoUsers.find((u) => u.role === "auditor")!.userId]).toBeUndefined();

    const texts = await eventually("the patient's text in the room", async () => {
      const found = (await admin.messages(roomId)).filter((m) => m.sender === puppet);
      return found.length > 0 ? found : undefined;
    });
    expect(texts[0]!.content.body).toBe("Hi, I have a question about my appointment");
  });

  it("posts a webhook delivered twice (same provider id) only once", async () => {
    const phone = uniquePhone();
    const secret = bridgeSecret(stack(), "simulator_secret");
    const event = { type: "message.inbound", id: `dup-${Date.now()}`, from: phone, to: stack().sms.practiceNumber, body: "same text twice", media: [], receivedAt: new Date().toISOString() };
    const body = JSON.stringify(event);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${stack().internal.bridge.url}/webhooks/sms`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-wardroom-signature": signEvent(secret, body, new Date()) },
        body,
      });
      expect(res.status).toBe(200);
    }
    const roomId = await portalFor(phone);
    await eventually("the text in the room", async () => ((await admin.messages(roomId)).some((m) => m.content.body === "same text twice") ? true : undefined));
    // Final state, not a fixed wait: the bridge holds one inbound row for the id, processed.
    const rows = await eventually("the inbound row processed", async () => {
      const got = (await queryDatabase(stack().internal.bridgeStoreUrl, "SELECT status FROM bridge_inbound WHERE provider_message_id = ?", [event.id])) as Array<{ status: string }>;
      return got.every((r) => r.status === "done") && got.length > 0 ? got : undefined;
    });
    expect(rows).toHaveLength(1);
    expect((await admin.messages(roomId)).filter((m) => m.content.body === "same text twice")).toHaveLength(1);
  });

  it("refuses a forged or unsigned webhook and audits it", async () => {
    const before = (await auditRecords(stack().internal.auditUrl, "sms.webhook_rejected")).length;
    const body = JSON.stringify({ type: "message.inbound", id: "forged-1", from: uniquePhone(), to: stack().sms.practiceNumber, body: "x", media: [], receivedAt: new Date().toISOString() });
    const unsigned = await fetch(`${stack().internal.bridge.url}/webhooks/sms`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(`${stack().internal.bridge.url}/webhooks/sms`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-wardroom-signature": signEvent("not-the-real-secret-at-all", body, new Date()) },
      body,
    });
    expect(forged.status).toBe(403);
    const after = await auditRecords(stack().internal.auditUrl, "sms.webhook_rejected");
    expect(after.length - before).toBe(2);
    expect(after.slice(-2).map((r) => r.details.reason)).toEqual(["unsigned", "bad_signature"]);
  });

  it("refuses the appservice API without the homeserver token", async () => {
    const res = await fetch(`${stack().internal.bridge.url}/_matrix/app/v1/transactions/1`, { method: "PUT", body: JSON.stringify({ events: [] }) });
    expect(res.status).toBe(401);
    const wrong = await fetch(`${stack().internal.bridge.url}/_matrix/app/v1/transactions/1`, {
      method: "PUT",
      headers: { authorization: "Bearer wrong-token" },
      body: JSON.stringify({ events: [] }),
    });
    expect(wrong.status).toBe(403);
  });

  it("never bridges a staff number", async () => {
    await patientTexts(stack(), TEST_STAFF_NUMBER, "this is Dr. Smith's cell, pt in bed 4 has chest pain");
    await eventually("the refusal in the audit ledger", async () =>
      (await auditRecords(stack().internal.auditUrl, "sms.staff_number_refused")).some((r) => r.details.direction === "inbound") ? true : undefined,
    );
    expect(await admin.portalRoom(TEST_STAFF_NUMBER)).toBeUndefined();
  });

  async function outage(failNext: number): Promise<void> {
    const res = await fetch(`${stack().sms.simulatorUrl}/api/outage`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridgeSecret(stack(), "simulator_secret")}`, "content-type": "application/json" },
      body: JSON.stringify({ failNext, status: 503 }),
    });
    expect(res.status).toBe(200);
  }

  /** A new patient who has texted once (so the warning went out) and whose room Alice has joined. */
  async function conversation(): Promise<{ phone: string; roomId: string }> {
    const phone = uniquePhone();
    await patientTexts(stack(), phone, "hello");
    const roomId = await portalFor(phone);
    await eventually("the warning at the phone", async () => ((await textsTo(stack(), phone)).length === 1 ? true : undefined));
    await alice.joinRoom(roomId);
    return { phone, roomId };
  }

  async function outboxRow(eventId: string): Promise<{ status: string; attempts: number } | undefined> {
    const [row] = await queryDatabase(stack().internal.bridgeStoreUrl, "SELECT status, attempts FROM bridge_outbox WHERE idempotency_key = ?", [eventId]);
    return row as { status: string; attempts: number } | undefined;
  }

  it("delivers exactly once through a provider that fails twice and then recovers", async () => {
    const { phone, roomId } = await conversation();
    await outage(2);
    const { event_id } = await alice.sendTextMessage(roomId, "The clinic opens at 9 tomorrow.");
    await eventually("the text at the phone", async () => ((await textsTo(stack(), phone)).some((t) => t.body === "The clinic opens at 9 tomorrow.") ? true : undefined));
    expect((await textsTo(stack(), phone)).filter((t) => t.body === "The clinic opens at 9 tomorrow.")).toHaveLength(1);
    expect((await outboxRow(event_id))).toMatchObject({ status: expect.stringMatching(/sent|delivered/), attempts: 3 });
    expect((await auditRecords(stack().internal.auditUrl, "sms.relayed")).filter((r) => r.details.eventId === event_id)).toHaveLength(1);
  });

  it("delivers exactly once after the bridge is killed between accepting a text and sending it", async () => {
    const { phone, roomId } = await conversation();
    await outage(1000);
    const { event_id } = await alice.sendTextMessage(roomId, "Please bring your insurance card.");
    await eventually("the text accepted and attempted", async () => (((await outboxRow(event_id))?.attempts ?? 0) >= 1 ? true : undefined));
    const restarted = killBridge(stack()); // kills at once, then waits for the restart
    await outage(0);
    await restarted;
    await eventually("the text at the phone", async () => ((await textsTo(stack(), phone)).some((t) => t.body === "Please bring your insurance card.") ? true : undefined), 60_000);
    // Final state, not a fixed wait: the outbox row is done with (sent, then delivered).
    await eventually("the outbox row final", async () => (["sent", "delivered"].includes((await outboxRow(event_id))?.status ?? "") ? true : undefined));
    expect((await textsTo(stack(), phone)).filter((t) => t.body === "Please bring your insurance card.")).toHaveLength(1);
  });

  it("does not post a patient's pictures in clear, and tells the patient how to share files", async () => {
    const phone = uniquePhone();
    const res = await fetch(`${stack().sms.simulatorUrl}/sms/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: phone, body: "here is my rash", media: [{ url: "https://example.org/photo.jpg", contentType: "image/jpeg" }] }),
    });
    expect(res.status).toBe(202);
    const roomId = await portalFor(phone);
    const notice = await eventually("the withheld-media notice", async () => {
      const found = (await admin.messages(roomId)).find((m) => String(m.content.body).includes("attachment"));
      return found;
    });
    expect(notice.sender).toBe(stack().internal.bridge.botUserId);
    expect((await admin.messages(roomId)).some((m) => m.content.msgtype === "m.image" || JSON.stringify(m.content).includes("photo.jpg"))).toBe(false);
    await eventually("the advice at the phone", async () => ((await textsTo(stack(), phone)).some((t) => /cannot receive pictures/.test(t.body)) ? true : undefined));
  });

  it("shows delivery in the room as the patient's read receipt", async () => {
    const { roomId } = await conversation();
    const puppet = (await admin.state(roomId)).find((e) => e.type === "org.wardroom.sms_portal")!.content.puppet as string;
    // Follow the room with incremental syncs from before the message (Synapse caches repeated
    // identical sync requests, so polling the same initial sync would never see the receipt).
    const sync = async (since?: string) => {
      const res = await fetch(`${stack().homeserver.url}/_matrix/client/v3/sync?timeout=1000${since ? `&since=${encodeURIComponent(since)}` : ""}`, {
        headers: { authorization: `Bearer ${alice.getAccessToken()}` },
      });
      return (await res.json()) as { next_batch: string; rooms?: { join?: Record<string, { ephemeral?: { events?: Array<{ type: string; content: Record<string, { "m.read"?: Record<string, unknown> }> }> } }> } };
    };
    let since = (await sync()).next_batch;
    const { event_id } = await alice.sendTextMessage(roomId, "See you on Monday.");
    await eventually("the puppet's receipt", async () => {
      const body = await sync(since);
      since = body.next_batch;
      const receipts = body.rooms?.join?.[roomId]?.ephemeral?.events ?? [];
      return receipts.some((r) => r.type === "m.receipt" && r.content[event_id]?.["m.read"]?.[puppet] !== undefined) ? true : undefined;
    });
  });

  it("does not text a message its sender deleted while it waited in the outbox", async () => {
    const { phone, roomId } = await conversation();
    await outage(1000);
    const { event_id } = await alice.sendTextMessage(roomId, "Wrong patient, sorry: your appointment moved.");
    await eventually("the text queued", async () => (((await outboxRow(event_id))?.attempts ?? 0) >= 1 ? true : undefined));
    await alice.redactEvent(roomId, event_id);
    await eventually("the text withdrawn", async () => ((await outboxRow(event_id))?.status === "failed" ? true : undefined));
    await outage(0);
    // The row is in its final state (withdrawn: failed): the outbox never picks it up again.
    expect((await outboxRow(event_id))?.status).toBe("failed");
    expect((await textsTo(stack(), phone)).some((t) => t.body.includes("Wrong patient"))).toBe(false);
    expect((await auditRecords(stack().internal.auditUrl, "sms.withdrawn")).some((r) => r.details.eventId === event_id && r.details.sender === alice.getUserId())).toBe(true);
    expect((await auditRecords(stack().internal.auditUrl, "sms.blocked")).some((r) => r.details.eventId === event_id)).toBe(false);
  });

  it("lets only the care team open SMS conversations", async () => {
    const auditor = stack().demoUsers.find((u) => u.role === "auditor")!;
    const res = await fetch(`${stack().internal.bridge.url}/_wardroom/v1/sms/open`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridgeSecret(stack(), "control_token")}`, "content-type": "application/json" },
      body: JSON.stringify({ phone: uniquePhone(), requestedBy: auditor.userId }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason: "not_care_team" });
  });

  it("keeps Synapse's forced encryption for everyone but the bridge", async () => {
    const res = await fetch(`${stack().homeserver.url}/_synapse/client/wardroom/v1/sms_portal_room`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.getAccessToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ initial_state: [{ type: "org.wardroom.sms_portal", state_key: "", content: {} }] }),
    });
    expect(res.status).toBe(403);
  });
});

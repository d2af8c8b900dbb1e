import { afterAll, beforeAll, expect, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { openAuditLedger } from "../../runtime/audit/index.ts";
import type { AuditLedger, AuditRecord } from "../../core/audit/index.ts";
import { describeWithStack } from "../helpers/stack.ts";
import { clinician, loginAs, rawRequest } from "../helpers/matrix.ts";

const DAY_MS = 86_400_000;

/** Waits until the ledger holds a record matching `match` (the drain is asynchronous). */
export async function waitForRecord(ledger: AuditLedger, match: (r: AuditRecord) => boolean, what: string, timeoutMs = 30_000): Promise<AuditRecord> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const r of (await ledger.query({ limit: 200 })).records) if (match(r)) return r;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no audit record for ${what} within ${timeoutMs / 1000} s`);
}

describeWithStack("rooms that cannot be weakened (Wardroom's Synapse module)", (stack) => {
  let alice: MatrixClient;
  let ledger: AuditLedger;
  let roomId: string;
  beforeAll(async () => {
    alice = await loginAs(stack(), clinician(stack(), 0));
    ledger = await openAuditLedger({ url: stack().internal.auditUrl });
    roomId = (await alice.createRoom({ name: "ward 7 handoff" })).room_id;
  });
  afterAll(async () => {
    await alice?.logout(true).catch(() => undefined);
    await ledger?.close();
  });

  /** A state change through the client API must fail with 403 naming `rule`, and be audited. */
  async function expectRefused(type: string, content: Record<string, unknown>, rule: string): Promise<void> {
    const res = await rawRequest(stack(), "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/`, { body: content, token: alice.getAccessToken()! });
    expect(res.status, `${type} ${JSON.stringify(content)}`).toBe(403);
    expect(res.body).toMatchObject({ errcode: "M_FORBIDDEN", "org.wardroom.rule": rule });
    expect(String(res.body.error)).toContain(`Wardroom rule ${rule}`);
    await waitForRecord(ledger, (r) => r.action === "room.change_refused" && r.target === roomId && r.details.rule === rule, `the refusal ${rule}`);
  }

  it("a new clinical room is encrypted, has no guests and carries the clinical retention", async () => {
    expect(await alice.getStateEvent(roomId, "m.room.encryption", "")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(await alice.getStateEvent(roomId, "m.room.guest_access", "")).toEqual({ guest_access: "forbidden" });
    expect(await alice.getStateEvent(roomId, "m.room.retention", "")).toEqual({ min_lifetime: 1 * DAY_MS, max_lifetime: 90 * DAY_MS });
    const created = await waitForRecord(ledger, (r) => r.action === "room.created" && r.target === roomId, "the room's creation");
    expect(created).toMatchObject({ actor: alice.getUserId(), details: { kind: "clinical", encrypted: true } });
  });

  it("the retention sweep gives back a room's retention when it was emptied, and records the fix", { timeout: 120_000 }, async () => {
    const { room_id } = await alice.createRoom({ name: "retention sweep" });
    const emptied = await rawRequest(stack(), "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(room_id)}/state/m.room.retention/`, { body: {}, token: alice.getAccessToken()! });
    expect(emptied.status).toBe(200);
    // The sweep runs every minute in the test stack (rooms.retentionSweepMinutes: 1).
    const fixed = await waitForRecord(ledger, (r) => r.action === "room.retention_fixed" && r.target === room_id, "the retention fix", 100_000);
    expect(fixed).toMatchObject({ actor: "system:synapse", details: { kind: "clinical", sentAs: alice.getUserId() } });
    expect(await alice.getStateEvent(room_id, "m.room.retention", "")).toEqual({ min_lifetime: 1 * DAY_MS, max_lifetime: 90 * DAY_MS });
  });

  it("an admin room (the policy's marker) gets the admin retention", async () => {
    const { room_id } = await alice.createRoom({ initial_state: [{ type: "org.wardroom.admin_room", state_key: "", content: {} }] });
    expect(await alice.getStateEvent(room_id, "m.room.retention", "")).toEqual({ min_lifetime: 1 * DAY_MS, max_lifetime: 365 * DAY_MS });
    expect(await alice.getStateEvent(room_id, "m.room.encryption", "")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
  });

  it("refuses an encryption downgrade, 'none' and removal", async () => {
    await expectRefused("m.room.encryption", { algorithm: "none" }, "no-encryption-downgrade");
    await expectRefused("m.room.encryption", {}, "no-encryption-downgrade");
    // Redacting the encryption event would strip its algorithm.
    const state = await fetch(`${stack().homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`, { headers: { authorization: `Bearer ${alice.getAccessToken()}` } });
    const events = (await state.json()) as Array<{ type: string; event_id: string }>;
    const encryptionEvent = events.find((e) => e.type === "m.room.encryption")!;
    const redact = await rawRequest(stack(), "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(encryptionEvent.event_id)}/t${Date.now()}`, { body: {}, token: alice.getAccessToken()! });
    expect(redact.status).toBe(403);
    expect(redact.body).toMatchObject({ "org.wardroom.rule": "no-protected-state-redaction" });
    expect(await alice.getStateEvent(roomId, "m.room.encryption", "")).toMatchObject({ algorithm: "m.megolm.v1.aes-sha2" });
  });

  it("refuses a public join rule, guest access and world-readable history", async () => {
    await expectRefused("m.room.join_rules", { join_rule: "public" }, "no-public-rooms");
    await expectRefused("m.room.guest_access", { guest_access: "can_join" }, "no-guest-access");
    await expectRefused("m.room.history_visibility", { history_visibility: "world_readable" }, "no-world-readable-history");
    // What the rules allow still works.
    const ok = await rawRequest(stack(), "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.history_visibility/`, { body: { history_visibility: "joined" }, token: alice.getAccessToken()! });
    expect(ok.status).toBe(200);
  });

  it("refuses publication in the room directory", async () => {
    const res = await rawRequest(stack(), "PUT", `/_matrix/client/v3/directory/list/room/${encodeURIComponent(roomId)}`, { body: { visibility: "public" }, token: alice.getAccessToken()! });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ "org.wardroom.rule": "no-directory-publication" });
    await waitForRecord(ledger, (r) => r.action === "room.change_refused" && r.target === roomId && r.details.rule === "no-directory-publication", "the directory refusal");
  });

  it("refuses to create public rooms: the public_chat preset, public visibility, a public join rule in initial_state", async () => {
    for (const [body, rule] of [
      [{ preset: "public_chat" }, "no-public-rooms"],
      [{ visibility: "public" }, "no-directory-publication"],
      [{ initial_state: [{ type: "m.room.join_rules", state_key: "", content: { join_rule: "public" } }] }, "no-public-rooms"],
      [{ initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "none" } }] }, "encryption-algorithm"],
    ] as const) {
      const res = await rawRequest(stack(), "POST", "/_matrix/client/v3/createRoom", { body, token: alice.getAccessToken()! });
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body, JSON.stringify(body)).toMatchObject({ errcode: "M_FORBIDDEN", "org.wardroom.rule": rule });
    }
    await waitForRecord(ledger, (r) => r.action === "room.creation_refused" && r.actor === alice.getUserId() && r.details.rule === "encryption-algorithm", "the creation refusal");
  });
});

import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createBridgeServer } from "../../../bots/sms-bridge/HttpServer.ts";
import { BridgeStore, type MatrixEventIn } from "../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../runtime/db.ts";

const HS_TOKEN = "hs-token-0123456789abcdef";
const CONTROL = "control-token-0123456789";

function event(n: number): MatrixEventIn {
  return { event_id: `$e${n}`, room_id: "!portal:example.org", sender: "@alice:example.org", type: "m.room.message", content: { msgtype: "m.text", body: `text ${n}` }, origin_server_ts: 1000 + n };
}

describe("the bridge's appservice API", () => {
  let store: BridgeStore;
  let url = "";
  let close: () => Promise<void>;
  const controlCalls: Array<{ route: string; body: Record<string, unknown> }> = [];

  beforeAll(async () => {
    const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl("sqlite::memory:"), migrations: bridgeMigrations, name: "bridge" });
    store = new BridgeStore(db);
    const server = createBridgeServer({
      hsToken: HS_TOKEN,
      controlToken: CONTROL,
      publicBaseUrl: "https://bridge.example.org",
      log: pino({ level: "silent" }),
      onTransaction: async (_txnId, events) => {
        await store.acceptTransaction(events);
      },
      onControl: async (route, body) => {
        controlCalls.push({ route, body });
        return { status: 200, body: { ok: true } };
      },
      onWebhook: async () => ({ outcome: { kind: "handled", note: "ignored_event" }, reply: { status: 200, contentType: "text/plain", body: "" } }),
      health: async () => ({ ok: true, checks: {} }),
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterAll(async () => {
    await close();
    await store.close();
  });

  const put = (txn: string, events: unknown, token: string | null = HS_TOKEN) =>
    fetch(`${url}/_matrix/app/v1/transactions/${txn}`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ events }),
    });

  it("stores a transaction's events once, however often Synapse retries it", async () => {
    expect((await put("t1", [event(1), event(2)])).status).toBe(200);
    expect((await put("t1", [event(1), event(2)])).status).toBe(200);
    expect((await store.pendingInbox()).map((e) => e.event_id)).toEqual(["$e1", "$e2"]);
  });

  it("keeps an event once even when it comes again in another transaction (Synapse reuses ids across restarts)", async () => {
    expect((await put("t2", [event(2), event(3)])).status).toBe(200);
    expect((await store.pendingInbox()).map((e) => e.event_id)).toEqual(["$e1", "$e2", "$e3"]);
  });

  it("takes new events in a transaction whose id was seen before", async () => {
    expect((await put("t1", [event(5)])).status).toBe(200);
    expect((await store.pendingInbox()).map((e) => e.event_id)).toContain("$e5");
  });

  it("drops the text of handled events", async () => {
    await store.markInboxDone("$e1");
    const row = await store.db.selectFrom("bridge_matrix_inbox").selectAll().where("event_id", "=", "$e1").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "done", content: "{}" });
  });

  it("refuses a missing or wrong homeserver token", async () => {
    expect((await put("t3", [event(4)], null)).status).toBe(401);
    expect((await put("t3", [event(4)], "wrong-token")).status).toBe(403);
    expect((await store.pendingInbox()).map((e) => e.event_id)).not.toContain("$e4");
  });

  it("answers bad JSON with 400, and user/room queries with 404 (nothing is provisioned on demand)", async () => {
    const bad = await fetch(`${url}/_matrix/app/v1/transactions/t4`, { method: "PUT", headers: { authorization: `Bearer ${HS_TOKEN}` }, body: "{not json" });
    expect(bad.status).toBe(400);
    const user = await fetch(`${url}/_matrix/app/v1/users/${encodeURIComponent("@sms_15555550123:example.org")}`, { headers: { authorization: `Bearer ${HS_TOKEN}` } });
    expect(user.status).toBe(404);
  });

  it("guards the control API with its own token", async () => {
    const call = (token: string) =>
      fetch(`${url}/_wardroom/v1/sms/open`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ phone: "+15555550123" }) });
    expect((await call(HS_TOKEN)).status).toBe(403);
    expect(controlCalls).toHaveLength(0);
    expect((await call(CONTROL)).status).toBe(200);
    expect(controlCalls).toEqual([{ route: "sms/open", body: { phone: "+15555550123" } }]);
  });
});

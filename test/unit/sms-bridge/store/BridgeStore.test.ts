import { afterAll, describe, expect, it } from "vitest";
import { roomIdOf, userIdOf } from "../../../../core/matrix/ids.ts";
import { parsePhone } from "../../../../core/sms/phone.ts";
import { BridgeStore } from "../../../../bots/sms-bridge/store/BridgeStore.ts";
import { bridgeMigrations } from "../../../../bots/sms-bridge/store/migrations.ts";
import type { BridgeDatabase } from "../../../../bots/sms-bridge/store/schema.ts";
import { openDatabase, parseDatabaseUrl } from "../../../../runtime/db.ts";
import { backends } from "../../../helpers/databases.ts";

/** The bridge's store on both databases it runs on (issue 9, item 10). */
for (const backend of backends) {
  describe.skipIf(backend.skipReason !== null)(`bridge store on ${backend.name}${backend.skipReason ? ` (skipped: ${backend.skipReason})` : ""}`, () => {
    afterAll(() => backend.cleanup());

    async function open(url = backend.freshUrl("bridge")): Promise<BridgeStore> {
      const { db } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl(url, "bridge"), migrations: bridgeMigrations, name: "bridge" });
      return new BridgeStore(db);
    }

    it("dedupes inbound texts on the provider id and keeps their arrival order", async () => {
      const store = await open();
      try {
        const base = { provider: "simulator", phone: parsePhone("+15555550111", { check: "possible" }), media: [] };
        expect(await store.storeInbound({ ...base, providerMessageId: "m1", body: "one", receivedAt: new Date("2026-01-01T00:00:01Z") })).toBe(true);
        expect(await store.storeInbound({ ...base, providerMessageId: "m2", body: "two", receivedAt: new Date("2026-01-01T00:00:02Z") })).toBe(true);
        expect(await store.storeInbound({ ...base, providerMessageId: "m1", body: "one again", receivedAt: new Date("2026-01-01T00:00:03Z") })).toBe(false);
        expect((await store.pendingInbound()).map((r) => [r.provider_message_id, r.body, r.next_attempt_at])).toEqual([
          ["m1", "one", null],
          ["m2", "two", null],
        ]);
        await store.updateInbound("simulator", "m1", { attempts: 1, first_failed_at: "2026-01-01T00:00:05.000Z", next_attempt_at: "2026-01-01T00:00:06.000Z" });
        expect((await store.pendingInbound())[0]).toMatchObject({ attempts: 1, next_attempt_at: "2026-01-01T00:00:06.000Z" });
      } finally {
        await store.close();
      }
    });

    it("keeps one puppet-id key per database, the same after reopening", async () => {
      const url = backend.freshUrl("bridge");
      const first = await open(url);
      const key = Buffer.from(await first.puppetIdKey()).toString("hex");
      await first.close();
      const again = await open(url);
      try {
        expect(Buffer.from(await again.puppetIdKey()).toString("hex")).toBe(key);
        expect(key).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await again.close();
      }
    });

    it("saves portals and finds them by number and by room", async () => {
      const store = await open();
      try {
        const portal = {
          phone: parsePhone("+15555550112", { check: "possible" }),
          roomId: roomIdOf("!r:example.org"),
          puppetUserId: userIdOf("@sms_0123456789abcdef01234567:example.org"),
          language: "en",
          timeZone: "UTC",
          createdAt: new Date("2026-01-01T00:00:00Z"),
        };
        await store.savePortal(portal);
        expect(await store.portalByPhone(portal.phone)).toEqual(portal);
        expect(await store.portalByRoom(portal.roomId)).toEqual(portal);
      } finally {
        await store.close();
      }
    });

    it("refuses a portal row it did not write (a malformed number or id), naming the column and not the value", async () => {
      const store = await open();
      try {
        const row = { room_id: "!r:example.org", puppet_user_id: "@sms_0123456789abcdef01234567:example.org", language: "en", time_zone: "UTC", created_at: "2026-01-01T00:00:00Z" };
        await store.db.insertInto("bridge_portals").values({ ...row, phone: "555-0113 call me" }).execute();
        await expect(store.portalByRoom(row.room_id)).rejects.toThrow(/^bridge_portals\.phone has a malformed value/);
        await expect(store.portalByRoom(row.room_id)).rejects.not.toThrow(/0113/);
        await store.db.insertInto("bridge_portals").values({ ...row, phone: "+15555550114", room_id: "not-a-room" }).execute();
        await expect(store.portalByPhone("+15555550114")).rejects.toThrow(/^bridge_portals\.room_id has a malformed value/);
      } finally {
        await store.close();
      }
    });

    it("moves an existing database's after-send marker out of last_error into its own column (migration 0004)", async () => {
      const url = backend.freshUrl("bridge");
      // A database as the bridge left it before 0004: the marker in last_error.
      const upTo0003 = () => ({
        getMigrations: async () => Object.fromEntries(Object.entries(await bridgeMigrations().getMigrations()).filter(([name]) => name < "0004")),
      });
      const { db: old } = await openDatabase<BridgeDatabase>({ target: parseDatabaseUrl(url, "bridge"), migrations: upTo0003, name: "bridge" });
      const row = { room_id: "!r:example.org", event_id: null, phone: "+15555550115", body: "", kind: "system", attempts: 1, next_attempt_at: "2026-01-01T00:00:00Z", provider_message_id: "p1", meta: null, sender: null, sent_at: "2026-01-01T00:00:00Z", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" };
      await old.insertInto("bridge_outbox").values([
        { ...row, idempotency_key: "owed", status: "sent", last_error: "after_send_pending" },
        { ...row, idempotency_key: "done", status: "sent", last_error: null },
        { ...row, idempotency_key: "broken", status: "failed", last_error: "rejected" },
      ] as never).execute();
      await old.destroy();

      const store = await open(url);
      try {
        expect(await store.outboxByKey("owed")).toMatchObject({ after_send_pending: 1, last_error: null });
        expect(await store.outboxByKey("done")).toMatchObject({ after_send_pending: 0, last_error: null });
        expect(await store.outboxByKey("broken")).toMatchObject({ after_send_pending: 0, last_error: "rejected" });
        // Only the owed step is due again; the done one is not.
        expect((await store.dueOutbox()).map((r) => r.idempotency_key)).toEqual(["owed"]);
      } finally {
        await store.close();
      }
    });
  });
}
